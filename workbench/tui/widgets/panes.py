"""The two article panes: the claims under review (left) and the compared article (right)."""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Region, Spacing
from textual.widgets import OptionList
from textual.widgets.option_list import Option

CONTEXT_LINES = 4  # lines kept visible above and below the highlighted passage


class PassageList(OptionList):
    """A list of passages, one option per passage; prompts are Rich renderables, never markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, prompts: list[tuple[RenderableType, bool]]) -> None:
        """Replace every option: (prompt, enabled) per passage, in order."""
        self.set_options(
            Option(prompt, id=str(index), disabled=not enabled)
            for index, (prompt, enabled) in enumerate(prompts)
        )

    def update(self, index: int, prompt: RenderableType) -> None:
        """Replace one row's prompt.

        OptionList.replace_option_prompt_at_index measures every row again, which costs half a
        second on a 500-passage article. Our rows never change height when redrawn (same text,
        fixed-width marker columns), so we keep the measured heights and drop only the rendered
        lines. This leans on two OptionList internals; the app tests exercise it.
        """
        if 0 <= index < self.option_count:
            self.get_option_at_index(index)._set_prompt(prompt)
            self._option_render_cache.clear()
            self.refresh()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Like OptionList's, but keep a few lines of context around the highlighted passage."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        try:
            y = self._index_to_line[highlighted]
        except KeyError:
            return
        height = self._heights[highlighted]
        room = self.scrollable_content_region
        context = max(0, min(CONTEXT_LINES, (room.height - height) // 2))
        self.scroll_to_region(
            Region(0, y, room.width, height),
            spacing=Spacing(context, 0, context, 0),
            force=True,
            animate=False,
            top=top,
            immediate=True,
        )


class ClaimList(PassageList):
    """The article under review: its claims with their verdicts; junk is shown dimmed and skipped."""


class ArticlePane(PassageList):
    """The compared article; its passages are tinted by how they relate to the current claim."""
