"""The two article panes: the claims under review (left) and the compared article (right)."""

from __future__ import annotations

from collections.abc import Callable, KeysView
from functools import partial

from rich.console import RenderableType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.models import Passage
from workbench.services.review import ReviewSession
from workbench.tui import render
from workbench.tui.rows import LazyRow, Row

CONTEXT_LINES = 4  # lines kept visible above and below the highlighted passage


def paragraph_end(passages: list[Passage], index: int, text: str) -> bool:
    """Whether a line break separates passage `index` from the next one in the article text."""
    if index + 1 >= len(passages):
        return False
    return "\n" in text[passages[index].end : passages[index + 1].start]


def _no_rows(index: int) -> tuple[RenderableType, bool]:
    raise IndexError(index)


FIRST_ROWS = 300  # rows a list holds at its first paint; the rest follow MORE_ROWS at a time
MORE_ROWS = 500


class PassageList(OptionList):
    """A list of passages, one option per passage; prompts are Rich renderables, never markup.

    A move repaints the two rows it changes, not the whole list (OptionList repaints every
    visible row on each move: most of a key's cost on a tall terminal); a scroll still repaints all.

    A long article is filled in steps: OptionList measures every row it holds before drawing any,
    so the list holds the first FIRST_ROWS rows (or up to the row asked for) when it first paints,
    and the rest are added MORE_ROWS at a time between keys. `loading` says rows are still to come.
    A row's prompt is made when it joins the list (eight thousand of them on a long pair took a
    sixth of a second before the first paint).
    """

    class Filled(Message):
        """Every row of the list is in it."""

        def __init__(self, passages: PassageList) -> None:
            super().__init__()
            self.passages = passages

        @property
        def control(self) -> PassageList:
            return self.passages

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    # A list's size is its pane's, whatever it holds: rows added (each step of the filling) change
    # only how far it scrolls, which OptionList tells its scroll bar itself. No new layout of the
    # whole screen for that (it cost a tenth of a second a step on a long article).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._count = 0  # rows the list shows, held or still to come
        self._make: Callable[[int], tuple[RenderableType, bool]] = _no_rows
        self._later: dict[int, RenderableType] = {}  # prompts given for rows not held yet
        self._filling = 0  # which show() the step-by-step filling belongs to

    @property
    def loading(self) -> bool:
        return self.option_count < self._count

    def show(self, count: int, make: Callable[[int], tuple[RenderableType, bool]]) -> None:
        """Replace every option with `count` rows; `make(row)` gives a row's (prompt, enabled),
        asked when the row joins the list (the first FIRST_ROWS now, the rest between keys)."""
        self._count, self._make, self._later = count, make, {}
        self._filling += 1
        self.set_options(self._options_for(0, min(count, FIRST_ROWS)))
        self._added()

    def hold(self, index: int) -> None:
        """Make sure row `index` is in the list now (to move the cursor there)."""
        if self.option_count <= index < self._count:
            end = min(self._count, index + MORE_ROWS)
            self.add_options(self._options_for(self.option_count, end))
            self._added()

    def _added(self) -> None:
        """After rows were added: the next step of the filling, or the news that it is done."""
        if self.loading:
            self.call_after_refresh(self._fill, self._filling)
        else:
            self.post_message(self.Filled(self))

    def action_last(self) -> None:
        self.hold(self._count - 1)
        super().action_last()

    def _options_for(self, start: int, end: int) -> list[Option]:
        options = []
        make, later = self._make, self._later
        for index in range(start, end):
            prompt, enabled = make(index)
            options.append(Option(later.pop(index, prompt), id=str(index), disabled=not enabled))
        return options

    def _fill(self, filling: int) -> None:
        if filling != self._filling or not self.loading:  # a newer show(), or a hold() filled it
            return
        end = min(self._count, self.option_count + MORE_ROWS)
        self.add_options(self._options_for(self.option_count, end))
        self._added()

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        self.refresh_option(old)
        self.refresh_option(new)

    def refresh_option(self, index: int | None) -> None:
        """Repaint the lines of one option."""
        if index is None or not self.is_mounted:
            return
        self._update_lines()
        y = self._index_to_line.get(index)
        if y is None:
            self.refresh()
        else:
            self.refresh_lines(y, self._heights[index])

    def update(self, index: int, prompt: RenderableType) -> None:
        """Replace one row's prompt."""
        self.update_rows({index: prompt})

    def update_rows(self, prompts: dict[int, RenderableType]) -> None:
        """Replace the prompts of some rows, and repaint those of them on screen.

        OptionList.replace_option_prompt_at_index measures every row again, which costs half a
        second on a 500-passage article. Our rows never change height when redrawn (same text,
        fixed-width marker columns), so we keep the measured heights and drop only the rendered
        lines of these rows: one pass over the render cache, one repaint of the rows in view
        (the others are drawn when scrolled to). This leans on two OptionList internals; the app
        tests exercise it.
        """
        options = []
        for index, prompt in prompts.items():
            if self.option_count <= index < self._count:  # still to come: it comes so
                self._later[index] = prompt
            if 0 <= index < self.option_count:
                option = self.get_option_at_index(index)
                option._set_prompt(prompt)
                options.append(option)
        if not options:
            return
        gone = {id(option) for option in options}
        cache = self._option_render_cache  # drop these rows' renders only: the others stand
        for key in [key for key in cache.keys() if id(key[0]) in gone]:  # noqa: SIM118 (not a dict)
            cache.discard(key)
        if not self.is_mounted:
            return
        self._update_lines()
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        index_to_line, heights = self._index_to_line, self._heights  # properties: read them once
        for index in prompts:
            y = index_to_line.get(index)
            if y is None:
                self.refresh()
                return
            rows = heights[index]
            if y < top + height and y + rows > top:  # in view
                self.refresh_lines(y, rows)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Keep the highlighted passage in view with a few lines of context around it. When it
        would leave the view, the list turns a page: a passage below the view comes in at the
        top (what follows it shows; so with `top`), one above at the bottom, as a pager does, so
        the next moves the same way stay in view. Scrolling only as far as the edge (OptionList's
        way, which this overrides) scrolled at every move through wrapped claims, and a scroll
        repaints the whole pane."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_mounted:
            return
        self._update_lines()
        try:
            y = self._index_to_line[highlighted]
        except KeyError:
            return
        height = self._heights[highlighted]
        room = self.scrollable_content_region.height
        context = max(0, min(CONTEXT_LINES, (room - height) // 2))
        shown = round(self.scroll_y)
        if not top and shown + context <= y and y + height <= shown + room - context:
            return  # in view with its context (at either end of the list the scroll stops short)
        below = y + height > shown + room - context
        target = y - context if top or below or height >= room - 2 * context else y + height + context - room
        self.scroll_to(y=max(0, target), animate=False, force=True, immediate=True)


class ClaimList(PassageList):
    """The article under review: its claims with their verdicts; junk is shown dimmed and skipped.

    `rows` maps each option to a passage index of the session, so the list can show every passage
    or only some (the disputed claims).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[int] = []
        self._option_of: dict[int, int] = {}  # passage index -> its option: O(1) lookups
        self._reading_order = True  # every passage, in the article's order (paragraph gaps show)

    def draw(self, session: ReviewSession, rows: list[int]) -> None:
        self.rows = rows
        self._option_of = {index: option for option, index in enumerate(rows)}
        self._reading_order = rows == list(range(len(session.passages)))
        passages = session.passages
        self.show(len(rows), lambda option: (self._lazy(session, rows[option]), passages[rows[option]].claim))

    def redraw_all(self, session: ReviewSession, current: int | None = None) -> None:
        """Draw every row again where it is (what hints change), the cursor and scroll untouched;
        the current claim's row with its word marks."""
        prompts = {option: self._lazy(session, index) for option, index in enumerate(self.rows)}
        option = self.option_of(current) if current is not None else None
        if option is not None:
            prompts[option] = self._lazy(session, current, marks=True)
        self.update_rows(prompts)

    def _lazy(self, session: ReviewSession, index: int, marks: bool = False) -> LazyRow:
        return LazyRow(
            partial(self.row, session, index, marks),
            render.claim_text(session.passages[index]),
            render.CLAIM_INDENT,
            self._paragraph_end(session, index),
        )

    def _paragraph_end(self, session: ReviewSession, index: int) -> bool:
        return self._reading_order and paragraph_end(session.passages, index, session.left.text)

    def row(self, session: ReviewSession, index: int, marks: bool = False) -> RenderableType:
        passage = session.passages[index]
        diff = session.word_diff(passage.id) if marks and passage.claim else None
        return render.claim_row(
            passage,
            session.my_verdict(passage.id),
            counterparts=session.strong_counterparts(passage.id),
            weak_counterparts=len(session.counterparts(passage.id)),
            others=session.other_verdicts(passage.id),
            stale=session.is_stale(passage.id),
            final=session.final(passage.id),
            marks=diff.claim if diff else None,
            paragraph_end=self._paragraph_end(session, index),
            suggestion=session.triage(passage.id),
        )

    def redraw(self, session: ReviewSession, index: int, marks: bool = False) -> None:
        option = self.option_of(index)
        if option is not None:
            self.update(option, self.row(session, index, marks))

    def option_of(self, index: int) -> int | None:
        return self._option_of.get(index)

    @property
    def shown(self) -> KeysView[int]:
        """The passage indexes the list shows, for O(1) membership tests."""
        return self._option_of.keys()

    def go_to(self, index: int) -> bool:
        """Highlight passage `index`; False when this list does not show it."""
        option = self.option_of(index)
        if option is None:
            return False
        self.hold(option)
        self.highlighted = option
        return True


class ArticlePane(PassageList):
    """The compared article; its passages are tinted by how they relate to the current claim."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tinted: dict[int, tuple] = {}  # rows drawn as counterparts or evidence: how each is drawn

    def draw(self, session: ReviewSession) -> None:
        aligned = session.aligned_in_right()
        self._tinted = {}
        untinted = partial(self._row, session, aligned=aligned, counterparts=set(), marks={}, evidence=set())
        self.show(
            len(session.right_passages),
            lambda index: (self._lazy(session, index, partial(untinted, index=index)), True),
        )

    @staticmethod
    def _lazy(session: ReviewSession, index: int, make: Callable[[], Row]) -> LazyRow:
        passages = session.right_passages
        end = paragraph_end(passages, index, session.right.text)
        return LazyRow(make, render.passage_text(passages[index]), render.PASSAGE_INDENT, end)

    def _row(
        self,
        session: ReviewSession,
        index: int,
        aligned: set[str],
        counterparts: set[str],
        marks: dict,
        evidence: set[str],
    ) -> RenderableType:
        passage = session.right_passages[index]
        return render.passage_row(
            passage,
            current=passage.id in counterparts,
            aligned=passage.id in aligned,
            evidence=passage.id in evidence,
            marks=marks.get(passage.id),
            paragraph_end=paragraph_end(session.right_passages, index, session.right.text),
        )

    def show_claim(
        self, session: ReviewSession, claim: Passage | None, focus: int, follow: bool, marks: bool = True
    ) -> None:
        """Tint the counterparts and evidence of `claim`, with word marks; scroll to one of them."""
        counterparts = session.counterparts(claim.id) if claim else []
        mine = session.my_verdict(claim.id) if claim else None
        evidence = set(mine.evidence) if mine else set()
        marked: dict = {}
        diff = session.word_diff(claim.id) if marks and claim and counterparts else None
        if diff:
            ordered = sorted(counterparts, key=lambda c: c.passage.position)
            marked = {c.passage.id: diff.evidence[i] for i, c in enumerate(ordered)}
        ids = {c.passage.id for c in counterparts}
        wanted = {i for i in map(session.right_position, ids | evidence) if i is not None}
        aligned = session.aligned_in_right()
        tints: dict[int, tuple] = {}  # how each row that is or was tinted is to be drawn now
        for index in self._tinted.keys() | wanted:
            passage = session.right_passages[index].id
            tints[index] = (passage in ids, passage in evidence, repr(marked.get(passage)))
        changed = [index for index, tint in tints.items() if self._tinted.get(index) != tint]
        row = partial(self._row, session, aligned=aligned, counterparts=ids, marks=marked, evidence=evidence)
        self.update_rows({index: self._lazy(session, index, partial(row, index=index)) for index in changed})
        self._tinted = {index: tints[index] for index in wanted}
        if counterparts and follow:
            target = session.right_position(counterparts[focus % len(counterparts)].passage.id)
            if target is not None:
                self.hold(target)
                self.highlighted = target
                self.scroll_to_highlight()
