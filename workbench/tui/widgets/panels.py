"""Text panels around the panes: the pair header, the details of the current claim, the progress line."""

from __future__ import annotations

from rich.console import RenderableType
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
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


class ChangeStrip(Static):
    """Where along the article claims are disputed, flagged or unsupported: one column beside the
    claims, each row a stretch of the article; a click jumps there (render.change_strip)."""

    class Jump(Message):
        """The user clicked the strip: go to the passage `index` (or the next claim after it)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self) -> None:
        super().__init__(markup=False, id="strip")
        self._marks: list[str | None] = []
        self._current: int | None = None

    def show(self, marks: list[str | None], current: int | None) -> None:
        if marks is self._marks and current == self._current:
            return
        self._marks, self._current = marks, current
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        from workbench.tui import render

        # Same size whatever it shows: no new layout of the screen (a move costs a repaint only).
        self.update(render.change_strip(self._marks, self.content_size.height, self._current), layout=False)

    def on_click(self, event: events.Click) -> None:
        from workbench.tui import render

        rows = render.strip_rows(self._marks, self.content_size.height)
        row = event.y - self.styles.padding.top  # the strip is drawn inside its padding
        if 0 <= row < len(rows):
            self.post_message(self.Jump(rows[row][0]))
