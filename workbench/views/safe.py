"""The last guard between data and a terminal: a renderable drawn with control characters made visible.

The views clean the strings they lay out (names, notes, titles); this guard runs after layout, on
every segment, so that whatever was missed is still shown as a mark and never obeyed.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment

from workbench.text.sanitize import visible


class Visible:
    """`renderable`, with every control character and bidi override in its text drawn as a mark."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)
