"""Text panels around the panes: the pair header, the details of the current claim, the progress line."""

from __future__ import annotations

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from workbench.tui.rows import rich_style


class PairHeader(Static):
    """Names both articles with their dates."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="pair-header")


class DetailsPanel(ScrollView, can_focus=False):
    """Verdict, note, counterparts, backing articles and other reviewers of the current claim.

    It scrolls (the wheel, or its scroll bar) when the terminal is too short to show it whole;
    `i` shows it on a page of its own. The claim list keeps the focus.

    It draws its own lines (Textual's line API): a new claim's details change the panel's
    scrollable height without laying the screen out again, which a Static in a scroll container
    does on every move and which costs more than the rest of the key.
    """

    def __init__(self) -> None:
        super().__init__(id="details")
        self._shown: RenderableType = ""
        self._strips: list[Strip] = []
        self._style_now = Style()

    def update(self, renderable: RenderableType) -> None:
        self._shown = renderable
        self._render()
        self.scroll_to(y=0, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._render()

    def _render(self) -> None:
        width = self.scrollable_content_region.width
        if not self.is_mounted or width <= 0:
            return
        console = self.app.console
        options = console.options.update_width(width).reset_height()  # every line: the panel scrolls
        lines = console.render_lines(self._shown, options, pad=False)
        self._strips = [Strip(line).extend_cell_length(width) for line in lines]
        size = Size(width, len(self._strips))
        if size != self.virtual_size:
            self.set_reactive(DetailsPanel.virtual_size, size)  # no layout: only the scroll bar changes
            self._scroll_update(size)
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style_now = self.rich_style  # once per paint: working it out costs more than a line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._strips):
            return self._strips[index].crop_extend(0, width, None).apply_style(self._style_now)
        return Strip.blank(width, self._style_now)

    @property
    def shown(self) -> RenderableType:
        """What the panel shows (the current claim's details)."""
        return self._shown


class ProgressLine(Static):
    """Claims reviewed and verdicts per label, and what was last saved."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="progress")


class ChangeStrip(Widget):
    """Where along the article claims are disputed, flagged or unsupported: one column beside the
    claims, each row a stretch of the article; a click jumps there (render.strip_rows).

    It draws its own rows: a move repaints the row the cursor left and the row it reached."""

    class Jump(Message):
        """The user clicked the strip: go to the passage `index` (or the next claim after it)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self) -> None:
        super().__init__(id="strip")
        self._marks: list[str | None] = []
        self._current: int | None = None
        self._rows: list[tuple[int, str | None]] = []
        self._here: int | None = None  # the row of the current claim
        self._style_now = Style()

    def show(self, marks: list[str | None], current: int | None) -> None:
        from workbench.tui import render

        if marks is self._marks and current == self._current:
            return
        if marks is not self._marks:
            self._marks, self._current = marks, current
            self._layout_rows()
            return
        self._current = current
        here = render.strip_row_of(self._rows, current, len(marks))
        if here != self._here:
            for row in (self._here, here):
                if row is not None:
                    self.refresh(Region(0, row, self.size.width, 1))
            self._here = here

    def on_resize(self) -> None:
        self._layout_rows()

    def _layout_rows(self) -> None:
        from workbench.tui import render

        self._rows = render.strip_rows(self._marks, self.content_size.height)
        self._here = render.strip_row_of(self._rows, self._current, len(self._marks))
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._style_now = self.rich_style  # once per paint: working it out costs more than a row
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        from workbench.tui import render

        if not 0 <= y < len(self._rows):
            return Strip.blank(self.content_size.width, self._style_now)
        glyph, style = render.strip_glyph(self._rows[y][1], y == self._here)
        return Strip([Segment(glyph, self._style_now + rich_style(style))], 1)

    def on_click(self, event: events.Click) -> None:
        row = event.y - self.styles.padding.top  # the strip is drawn inside its padding
        if 0 <= row < len(self._rows):
            self.post_message(self.Jump(self._rows[row][0]))
