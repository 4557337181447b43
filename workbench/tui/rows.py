"""A row of a passage list as a Textual Visual: marker columns, then text with a hanging indent.

Rich tables gave the same look, but a pane re-measures its rows at every layout pass, and a table
is rendered in full to be measured: seventy renders per row before the first screen. Content
wraps fast and caches its height per width, so opening an article costs a fraction of that.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Row(Visual):
    """`gutter` in the first `indent` cells of the first line; `text` wrapped to the rest."""

    def __init__(
        self, gutter: Text, text: Text, indent: int, blank_after: bool = False, fill: str | None = None
    ) -> None:
        self.gutter = Content.from_rich_text(gutter)
        self.text = Content.from_rich_text(text)
        self.indent = indent
        self.blank_after = blank_after
        self._heights: dict[int, int] = {}  # width -> height
        self.fill = (
            Style.from_rich_style(RichStyle.parse(fill)) if fill else None
        )  # under the text, full width

    @property
    def plain(self) -> str:
        return self.gutter.plain + self.text.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.indent + self.text.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        # Asked several times per row and width while a list lays out; wrapping is the cost.
        height = self._heights.get(width)
        if height is None:
            height = self.text.get_height(rules, max(1, width - self.indent)) + self.blank_after
            self._heights[width] = height
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        text_width = max(1, width - self.indent)
        text_style = style + self.fill if self.fill is not None else style
        lines = self.text.render_strips(text_width, None, text_style, options)
        if self.fill is not None:
            lines = [line.extend_cell_length(text_width, text_style.rich_style) for line in lines]
        base: RichStyle = style.rich_style
        gutter = self.gutter.render_strips(self.indent, 1, style, options)
        first = (gutter[0] if gutter else Strip.blank(self.indent, base)).extend_cell_length(
            self.indent, base
        )
        first = first.crop(0, self.indent)
        blank = Strip.blank(self.indent, base)
        strips = [
            Strip.join([first if n == 0 else blank, line]) for n, line in enumerate(lines or [Strip([])])
        ]
        if self.blank_after:
            strips.append(Strip.blank(width, base))
        return strips


class LazyRow(Visual):
    """A Row made only when it is first measured or drawn. A move re-tints every counterpart of
    the claim it leaves and of the claim it reaches, dozens of rows in a long article, of which a
    few are on screen: the others are made when scrolled to."""

    def __init__(self, make: Callable[[], Row]) -> None:
        self._make: Callable[[], Row] | None = make
        self._row: Row | None = None

    @property
    def row(self) -> Row:
        if self._row is None:
            assert self._make is not None
            self._row, self._make = self._make(), None
        return self._row

    @property
    def plain(self) -> str:
        return self.row.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.row.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.row.get_height(rules, width)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.row.render_strips(width, height, style, options)
