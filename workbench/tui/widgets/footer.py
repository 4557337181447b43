"""A footer that shows only the keys that fit whole: none is cut mid-word at 80 columns.

Textual's Footer lays every shown binding out in one row and lets the terminal's edge cut the
last ones (at 80 columns: "n Ne▏^p palette"). This one hides, from the end, the keys that do not
fit beside the command palette's, which always shows: `ctrl+p` and `?` list every key anyway.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget, to measure and hide


class FittingFooter(Footer):
    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = sum(
            key.outer_size.width for key in self.query(FooterKey) if key.has_class("-command-palette")
        )
        room = self.size.width - palette
        used = 0
        for key in keys:
            width = key.get_content_width(self.size, self.size) + key.styles.gutter.width + 1
            used += width
            fits = used <= room
            if key.display != fits:
                key.display = fits
