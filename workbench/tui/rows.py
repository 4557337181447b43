"""A row of a passage list as a Textual Visual: marker columns, then text with a hanging indent.

Rich tables gave the same look, but a pane re-measures its rows at every layout pass, and a table
is rendered in full to be measured: seventy renders per row before the first screen. Content
wraps fast and caches its height per width, so opening an article costs a fraction of that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rich import cells
from rich._wrap import divide_line  # the wrapping Content itself uses
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
        self._gutter, self._text = gutter, text  # made Content when first drawn, not to be measured
        self._gutter_content: Content | None = None
        self._text_content: Content | None = None
        self.indent = indent
        self.blank_after = blank_after
        self._heights: dict[int, int] = {}  # width -> height
        self._fill = fill  # under the text, full width

    @property
    def gutter(self) -> Content:
        if self._gutter_content is None:
            self._gutter_content = Content.from_rich_text(self._gutter)
        return self._gutter_content

    @property
    def text(self) -> Content:
        if self._text_content is None:
            self._text_content = Content.from_rich_text(self._text)
        return self._text_content

    @property
    def fill(self) -> Style | None:
        return Style.from_rich_style(rich_style(self._fill)) if self._fill else None

    @property
    def plain(self) -> str:
        return self._gutter.plain + self._text.plain

    @property
    def text_plain(self) -> str:
        return self._text.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.indent + self.text.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        # Asked several times per row and width while a list lays out; wrapping is the cost, and a
        # list measures every row before it draws any: wrap the plain text as Content would.
        height = self._heights.get(width)
        if height is None:
            text_width = max(1, width - self.indent)
            height = wrapped_height(self._text.plain, text_width, rules)
            if height is None:
                height = self.text.get_height(rules, text_width)
            height += self.blank_after
            self._heights[width] = height
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        text_width = max(1, width - self.indent)
        fill = self.fill
        text_style = style + fill if fill is not None else style
        lines = self.text.render_strips(text_width, None, text_style, options)
        if fill is not None:
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


def wrapped_height(plain: str, width: int, rules: RulesMap) -> int | None:
    """The lines `plain` wraps to at `width`, as Textual's Content wraps it (folding long words),
    or None where only Content can tell (tabs, line breaks, other wrapping rules)."""
    get_rule = rules.get
    plain_rules = (
        get_rule("line_pad", 0) == 0
        and get_rule("text_overflow", "fold") == "fold"
        and get_rule("text_wrap", "wrap") == "wrap"
    )
    if not plain_rules or "\t" in plain or "\n" in plain:
        return None
    if plain.isprintable() and _single_cells(plain):  # one cell a character: count as divide_line cuts
        return _single_cell_lines(plain, width)
    return len(divide_line(plain, width, fold=True)) + 1


# rich's own test of text whose every character is one cell wide (private: plain ASCII without it)
_rich_single_cells: Callable[[str], bool] = getattr(cells, "_is_single_cell_widths", str.isascii)


def _single_cells(text: str) -> bool:
    """Every character of `text` is one cell wide. rich's quick test knows Latin letters only, so
    news text with curly quotes and dashes (a third of a long article's rows) went to divide_line,
    ten times slower, while a list was filled; those characters are asked one by one (cached)."""
    if _rich_single_cells(text):
        return True
    return all(cells.get_character_cell_size(character) == 1 for character in set(text))


_NOT_SPACE = re.compile(r"[^ ]")


def _single_cell_lines(text: str, width: int) -> int:
    """rich's divide_line, counting its cuts, for printable text of one cell a character (so no
    whitespace but spaces), a line at a time: each line ends at the last space that leaves its
    words within `width` cells, and a word longer than a line is folded with the spaces after it.
    (Word by word, as divide_line reads them, this was most of the time a long list took to fill.)
    """
    end = len(text.rstrip(" "))
    lines = 1
    start = at = 0  # where the current line starts; where the next word to place on it starts
    while end > start + width:
        cut = text.rfind(" ", at, start + width + 1)  # the last space this line may end at
        if cut > at and (at or not text[:cut].isspace()):  # words from `at` end on this line
            found = _NOT_SPACE.search(text, cut)
            assert found is not None  # text goes on past this line
            start = at = found.start()
            lines += 1
        elif at > start:  # after the folded end of a long word, the next word does not fit
            start = at
            lines += 1
        else:  # a word longer than a line, on lines of its own (its last one goes on)
            first = _NOT_SPACE.search(text, at)
            assert first is not None
            space = text.find(" ", first.start())
            after = None if space < 0 else _NOT_SPACE.search(text, space)
            word_end = len(text) if after is None else after.start()
            pieces = -(-(word_end - at) // width)
            lines += pieces - 1
            start, at = at + (pieces - 1) * width, word_end
    return lines


@lru_cache(maxsize=64)
def rich_style(definition: str) -> RichStyle:
    """A Rich style from its definition, parsed once (rows and the strip draw the same few)."""
    return RichStyle.parse(definition)


class LazyRow(Visual):
    """A Row made only when it is first drawn. A list measures every row it holds before it
    draws any, and a move re-tints every counterpart of two claims, dozens of rows in a long
    article of which a few are on screen: given the row's text, its indent and whether a blank
    line follows, its height is worked out without making it."""

    def __init__(
        self, make: Callable[[], Row], text: str | None = None, indent: int = 0, blank_after: bool = False
    ) -> None:
        self._make: Callable[[], Row] | None = make
        self._row: Row | None = None
        self._measure = (text, indent, blank_after)
        self._heights: dict[int, int] = {}

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
        if self._row is not None:
            return self._row.get_height(rules, width)
        height = self._heights.get(width)
        if height is None:
            text, indent, blank_after = self._measure
            found = None if text is None else wrapped_height(text, max(1, width - indent), rules)
            if found is None:
                return self.row.get_height(rules, width)
            height = self._heights[width] = found + blank_after
        return height

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.row.render_strips(width, height, style, options)
