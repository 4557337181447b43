"""Text panels around the panes: the pair header, the details of the current claim, the progress line."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class PairHeader(Static):
    """Names both articles with their dates."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="pair-header")


class DetailsPanel(VerticalScroll, can_focus=False):
    """Verdict, note, counterparts, backing articles and other reviewers of the current claim.

    It scrolls (the wheel, or its scroll bar) when the terminal is too short to show it whole;
    `i` shows it on a page of its own. The claim list keeps the focus.
    """

    def __init__(self) -> None:
        super().__init__(id="details")
        self._text = Static(markup=False, id="details-text")
        self._shown: RenderableType = ""

    def compose(self) -> ComposeResult:
        yield self._text

    def update(self, renderable: RenderableType, *, layout: bool = False) -> None:
        self._shown = renderable
        self._text.update(renderable, layout=True)
        self.scroll_home(animate=False, immediate=True)

    @property
    def shown(self) -> RenderableType:
        """What the panel shows (the current claim's details)."""
        return self._shown


class ProgressLine(Static):
    """Claims reviewed and verdicts per label, and what was last saved."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="progress")
