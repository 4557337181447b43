"""A footer that shows only the keys that fit whole: none is cut mid-word at 80 columns.

Textual's Footer lays every shown binding out in one row and lets the terminal's edge cut the
last ones (at 80 columns: "n Ne▏^p palette"). This one hides, from the end, the keys that do not
fit beside the command palette's, which always shows: `ctrl+p` and `?` list every key anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget, to measure and hide


class FittingFooter(Footer):
    """Also: it is composed again only when what it shows changes. Textual's Footer recomposes on
    every focus change and binding refresh, and a recompose lays the whole screen out again."""

    _shown_keys: tuple | None = None  # what the footer was last composed with

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(Footer._bindings_ready, True)  # composed on mount, before the first paint

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def _keys_to_show(self, screen: Screen) -> tuple:
        app = screen.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ) + (self.show_command_palette, self.compact)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._keys_to_show(screen) == self._shown_keys:
            return  # what it shows is what it would compose: no recompose, no layout
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        """Textual's keys, those that do not fit already hidden: fitting them after the first paint
        would lay the screen out again."""
        self._shown_keys = self._keys_to_show(self.screen)
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        self._hide_what_does_not_fit(keys, self.app.size.width, _planned_width)
        yield from widgets

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Hide what does not fit, measured on screen (compose's plan is from the keys' texts)."""
        size = self.size
        self._hide_what_does_not_fit(
            list(self.query(FooterKey)),
            size.width,
            lambda key: key.get_content_width(size, size) + key.styles.gutter.width,
        )

    @staticmethod
    def _hide_what_does_not_fit(
        keys: list[FooterKey], width: int, measure: Callable[[FooterKey], int]
    ) -> None:
        palette = [key for key in keys if key.has_class("-command-palette")]
        room = width - sum(measure(key) for key in palette)
        used = 0
        for key in keys:
            if key in palette:
                continue
            used += measure(key) + 1  # and the space after it
            fits = used <= room
            if key.display != fits:
                key.display = fits


def _planned_width(key: FooterKey) -> int:
    """A compact footer key's width, as FooterKey.render lays it out: the key, a space, the words;
    the palette's key also has Footer's border on its left."""
    text = key.key_display + (" " + key.description if key.description else "")
    return cell_len(text) + (1 if key.has_class("-command-palette") else 0)
