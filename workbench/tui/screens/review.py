"""The review screen: claims on the left, the compared article on the right, one key per verdict."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList

from workbench.models import Label, WorkbenchError
from workbench.review import ReviewSession
from workbench.tui import render
from workbench.tui.screens.dialogs import HelpScreen, NoteEditor
from workbench.tui.widgets.panels import DetailsPanel, PairHeader, ProgressLine
from workbench.tui.widgets.panes import ArticlePane, ClaimList

POLL_SECONDS = 1.0  # how often we look for verdicts other reviewers wrote


class ReviewScreen(Screen[None]):
    """Review the left article's claims against the right article."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="This list of keys and what the marks mean"),
        Binding(
            "s",
            "mark('supported')",
            "Supported",
            tooltip="Mark the claim supported (the evidence says the same), then go on",
        ),
        Binding(
            "c",
            "mark('contradicted')",
            "Contradicted",
            tooltip="Mark it contradicted (a changed fact, figure, name or date), then go on",
        ),
        Binding(
            "e",
            "mark('editorialized')",
            "Editorialized",
            tooltip="Mark it editorialized (opinion or loaded language the evidence lacks), then go on",
        ),
        Binding(
            "u",
            "mark('unsupported')",
            "Unsupported",
            tooltip="Mark it unsupported (nothing in the other articles backs it), then go on",
        ),
        Binding(
            "n",
            "next_unreviewed",
            "Next unreviewed",
            tooltip="Jump to the next claim without your verdict (N: the previous one)",
        ),
        Binding("x", "clear", "Clear", tooltip="Clear your verdict on the claim (the history keeps it)"),
        Binding("N", "previous_unreviewed", "Previous unreviewed", show=False),
        Binding("j", "cursor(1)", "Next claim", show=False),
        Binding("k", "cursor(-1)", "Previous claim", show=False),
        Binding("a", "note", "Note", tooltip="Add or edit the note of your verdict (ctrl+s saves)"),
        Binding(
            "v",
            "evidence",
            "Evidence",
            tooltip="Choose evidence in the compared article: enter adds or removes a passage, v goes back",
        ),
        Binding(
            "right_square_bracket",
            "counterpart(1)",
            "Next counterpart",
            show=False,
            tooltip="Show the claim's next counterpart ([: the previous one)",
        ),
        Binding("left_square_bracket", "counterpart(-1)", "Previous counterpart", show=False),
        Binding("z,ctrl+z", "undo", "Undo", tooltip="Undo your last change, one step at a time"),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search the article under review; enter finds the next match, escape closes",
        ),
        Binding("p", "pick('left')", "Review…", tooltip="Choose the article to review"),
        Binding("P", "pick('right')", "Compare…", tooltip="Choose the article to compare it with"),
        Binding("w", "swap", "Swap sides", show=False, tooltip="Swap the two articles"),
        Binding(
            "E", "export", "Export CSV", tooltip="Export every verdict to a CSV file beside the database"
        ),
        Binding("q", "app.quit", "Quit", tooltip="Quit (every verdict is already saved)"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.current: int | None = None  # index into session.passages
        self.focus_counterpart = 0
        self.evidence_mode = False
        self.status = ""
        self._shown_right: set[int] = set()  # right-pane rows drawn as current counterparts
        self._search_from = 0

    def compose(self) -> ComposeResult:
        yield PairHeader()
        with Container(id="body"):
            with Horizontal(id="panes"):
                yield ClaimList(id="claims")
                yield ArticlePane(id="article")
            yield DetailsPanel()
        yield ProgressLine()
        yield Input(placeholder="Search this article (enter: next match, escape: close)", id="search")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.set_interval(POLL_SECONDS, self.poll_others)

    # -- drawing ---------------------------------------------------------------------------------

    def load(self, keep: str | None = None) -> None:
        """Draw both panes from the session; put the cursor on `keep`, or the first unreviewed claim."""
        session = self.session
        self.query_one(PairHeader).update(
            render.header(session.left, session.right, session.reviewer), layout=False
        )
        claims = self.query_one(ClaimList)
        self.current = None
        claims.show([(self._claim_row(i), p.claim) for i, p in enumerate(session.passages)])
        self._draw_right()
        target = next((i for i, p in enumerate(session.passages) if p.id == keep), None)
        if target is None:
            target = session.next_unreviewed(-1)
        if target is None:
            target = next(iter(session.claim_indexes()), None)
        claims.focus()
        if target is not None:
            claims.highlighted = target
            self.select(target)
        self.refresh_progress()

    def _draw_right(self) -> None:
        session = self.session
        aligned = session.aligned_in_right()
        self._shown_right = set()
        self.query_one(ArticlePane).show(
            [
                (
                    render.passage_row(
                        p, current=False, aligned=p.id in aligned, evidence=False,
                        paragraph_end=self._paragraph_end(session.right_passages, i, session.right.text),
                    ),
                    True,
                )
                for i, p in enumerate(session.right_passages)
            ]
        )  # fmt: skip

    @staticmethod
    def _paragraph_end(passages: list, index: int, text: str) -> bool:
        if index + 1 >= len(passages):
            return False
        return "\n" in text[passages[index].end : passages[index + 1].start]

    def _claim_row(self, index: int, marks: bool = False):
        session = self.session
        passage = session.passages[index]
        diff = session.word_diff(passage.id) if marks and passage.claim else None
        return render.claim_row(
            passage,
            session.my_verdict(passage.id),
            counterparts=len(session.counterparts(passage.id)),
            others=session.other_verdicts(passage.id),
            marks=diff.claim if diff else None,
            paragraph_end=self._paragraph_end(session.passages, index, session.left.text),
        )

    def select(self, index: int) -> None:
        """Make passage `index` the current claim: redraw it with word marks, show its counterparts."""
        previous, self.current = self.current, index
        claims = self.query_one(ClaimList)
        if previous is not None and previous != index:
            claims.update(previous, self._claim_row(previous))
        claims.update(index, self._claim_row(index, marks=True))
        self.focus_counterpart = 0
        self._show_counterparts()
        self.refresh_details()

    def _show_counterparts(self) -> None:
        session = self.session
        pane = self.query_one(ArticlePane)
        aligned = session.aligned_in_right()
        passage = self.current_passage
        counterparts = session.counterparts(passage.id) if passage else []
        mine = session.my_verdict(passage.id) if passage else None
        evidence = set(mine.evidence) if mine else set()
        diff = session.word_diff(passage.id) if passage and counterparts else None
        marks = {}
        if diff:
            ordered = sorted(counterparts, key=lambda c: c.passage.position)
            marks = {c.passage.id: diff.evidence[i] for i, c in enumerate(ordered)}
        index_of = {p.id: i for i, p in enumerate(session.right_passages)}
        counterpart_ids = {c.passage.id for c in counterparts}
        wanted = {index_of[i] for i in counterpart_ids | evidence if i in index_of}
        for index in self._shown_right | wanted:
            p = session.right_passages[index]
            pane.update(
                index,
                render.passage_row(
                    p, current=p.id in counterpart_ids,
                    aligned=p.id in aligned, evidence=p.id in evidence, marks=marks.get(p.id),
                    paragraph_end=self._paragraph_end(session.right_passages, index, session.right.text),
                ),
            )  # fmt: skip
        self._shown_right = wanted
        if counterparts:
            target = counterparts[self.focus_counterpart % len(counterparts)].passage.id
            if target in index_of and not self.evidence_mode:
                pane.highlighted = index_of[target]
                pane.scroll_to_highlight(top=False)

    def refresh_details(self) -> None:
        session = self.session
        passage = self.current_passage
        panel = self.query_one(DetailsPanel)
        if passage is None:
            panel.update(Text("No claims in this article.", style="dim"), layout=False)
            return
        mine = session.my_verdict(passage.id)
        evidence = [session.passage(e) for e in (mine.evidence if mine else ())]
        panel.update(
            render.details(
                passage,
                mine=mine,
                others=session.other_verdicts(passage.id),
                counterparts=session.counterparts(passage.id),
                focus=self.focus_counterpart,
                backing=session.backing(passage.id),
                right=session.right,
                evidence=[p for p in evidence if p is not None],
            ),
            layout=False,  # the panel's size is fixed by the stylesheet
        )

    def refresh_progress(self) -> None:
        self.query_one(ProgressLine).update(
            render.progress_line(self.session.progress(), self.status), layout=False
        )

    def _saved(self, what: str) -> None:
        self.status = f"{what} · saved {datetime.now():%H:%M:%S}"
        self.refresh_progress()

    @property
    def current_passage(self):
        if self.current is None or not self.session.passages:
            return None
        return self.session.passages[self.current]

    # -- events ----------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#claims")
    def _claim_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current:
            self.select(event.option_index)

    @on(OptionList.OptionSelected, "#article")
    def _evidence_chosen(self, event: OptionList.OptionSelected) -> None:
        passage = self.current_passage
        chosen = self.session.right_passages[event.option_index]
        if passage is None or not passage.claim:
            return
        if not chosen.claim:
            self.notify("That passage is not a claim; choose another.", severity="warning")
            return
        verdict = self._write(lambda: self.session.toggle_evidence(passage.id, chosen.id))
        if verdict is None:
            self.notify("Give a verdict first; evidence belongs to it.", severity="warning")
            return
        self._redraw_current()
        self._saved("evidence " + ("added" if chosen.id in verdict.evidence else "removed"))

    def poll_others(self) -> None:
        try:
            changed = self.session.others_changed()
        except WorkbenchError:
            return
        if changed:
            claims = self.query_one(ClaimList)
            for index in range(len(self.session.passages)):
                claims.update(index, self._claim_row(index, marks=index == self.current))
            self.refresh_details()
            self.refresh_progress()

    # -- actions ---------------------------------------------------------------------------------

    def _write(self, change):
        """Run a change that writes to the database; a failure becomes a notification."""
        try:
            return change()
        except WorkbenchError as error:
            self.notify(str(error), severity="error", markup=False)
            return None

    def _redraw_current(self) -> None:
        if self.current is not None:
            self.query_one(ClaimList).update(self.current, self._claim_row(self.current, marks=True))
            self._show_counterparts()
            self.refresh_details()

    def action_mark(self, label: str) -> None:
        passage = self.current_passage
        if passage is None or not passage.claim:
            self.notify("Only claims take a verdict.", severity="warning")
            return
        verdict = self._write(lambda: self.session.mark(passage.id, label))
        if verdict is None:
            return
        self._saved(Label(label).value)
        self._redraw_current()
        following = self.session.next_unreviewed(self.current)
        if following is None:
            total = self.session.progress().total
            self.notify(f"All {total} claims of this article are reviewed.", markup=False)
        elif following != self.current:
            self.query_one(ClaimList).highlighted = following

    def action_clear(self) -> None:
        passage = self.current_passage
        if passage is None or not passage.claim:
            return
        if self._write(lambda: self.session.clear(passage.id)):
            self._saved("verdict cleared")
            self._redraw_current()

    def action_next_unreviewed(self) -> None:
        self._go_unreviewed(1)

    def action_previous_unreviewed(self) -> None:
        self._go_unreviewed(-1)

    def _go_unreviewed(self, direction: int) -> None:
        found = self.session.next_unreviewed(self.current if self.current is not None else -1, direction)
        if found is None:
            self.notify("Every claim of this article has your verdict.")
        else:
            self.query_one(ClaimList).highlighted = found

    def action_cursor(self, step: int) -> None:
        target = self.query_one(ArticlePane) if self.evidence_mode else self.query_one(ClaimList)
        if step > 0:
            target.action_cursor_down()
        else:
            target.action_cursor_up()

    def action_counterpart(self, step: int) -> None:
        passage = self.current_passage
        if passage is None:
            return
        count = len(self.session.counterparts(passage.id))
        if count < 2:
            self.notify("This claim has no other counterpart here.")
            return
        self.focus_counterpart = (self.focus_counterpart + step) % count
        self._show_counterparts()
        self.refresh_details()

    def action_note(self) -> None:
        passage = self.current_passage
        if passage is None or not passage.claim:
            return
        mine = self.session.my_verdict(passage.id)
        if mine is None:
            self.notify("Give a verdict first (s, c, e or u); the note belongs to it.", severity="warning")
            return

        def save(note: str | None) -> None:
            if note is not None and self._write(lambda: self.session.set_note(passage.id, note)):
                self._saved("note")
                self._redraw_current()

        self.app.push_screen(NoteEditor(passage.text, mine.note), save)

    def action_evidence(self) -> None:
        """Move into the compared article to choose evidence (enter toggles), and back out."""
        pane = self.query_one(ArticlePane)
        if self.evidence_mode:
            self.evidence_mode = False
            self.query_one(ClaimList).focus()
            self._show_counterparts()
            return
        self.evidence_mode = True
        if pane.highlighted is None:
            pane.action_first()
        pane.focus()
        self.notify("Choose evidence: move with ↑/↓ or j/k, enter adds or removes, v goes back.")

    def action_undo(self) -> None:
        passage = self._write(self.session.undo)
        if passage is None:
            self.notify("Nothing to undo.")
            return
        index = next(i for i, p in enumerate(self.session.passages) if p.id == passage)
        self._saved("undone")
        claims = self.query_one(ClaimList)
        claims.update(index, self._claim_row(index, marks=index == self.current))
        claims.highlighted = index
        self._redraw_current()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        self._search_from = self.current if self.current is not None else 0
        search.add_class("-visible")
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._jump_to_match(event.value, self._search_from - 1)

    @on(Input.Submitted, "#search")
    def _search_next(self, event: Input.Submitted) -> None:
        self._jump_to_match(event.value, self.current if self.current is not None else -1)

    def _jump_to_match(self, query: str, after: int) -> None:
        if not query.strip():
            return
        found = self.session.search(query, after)
        count = self.session.matches(query)
        if found is None:
            self.status = f"no match for “{query}”"
        else:
            self.query_one(ClaimList).highlighted = found
            self.status = f"{count} passages match “{query}”"
        self.refresh_progress()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_class("-visible"):
            search.remove_class("-visible")
            self.query_one(ClaimList).focus()
        elif self.evidence_mode:
            self.action_evidence()

    def action_pick(self, side: str) -> None:
        self.app.pick_article(side)  # type: ignore[attr-defined]

    def action_swap(self) -> None:
        self.app.open_pair(self.session.right.id, self.session.left.id)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        self.app.export_csv()  # type: ignore[attr-defined]

    def action_help(self) -> None:
        bindings = [
            (
                " / ".join(self.app.get_key_display(Binding(key, "")) for key in binding.key.split(",")),
                binding.tooltip or binding.description,
            )
            for binding in self._bindings_for_help()
            if binding.action not in ("cursor(1)", "cursor(-1)", "counterpart(-1)", "previous_unreviewed")
        ]
        self.app.push_screen(HelpScreen(bindings, legend()))

    def _bindings_for_help(self) -> list[Binding]:
        extra = [
            Binding("up,down,k,j", "", "Previous / next claim (the mouse works too)"),
            Binding("home,end", "", "First / last claim"),
            Binding("ctrl+p", "", "Command palette: switch articles, export, jump"),
        ]
        return extra + [b for b in self.BINDINGS if isinstance(b, Binding)]


def legend() -> Text:
    text = Text()
    for label in Label:
        text.append_text(render.label_text(label))
        text.append(f"  {label.description}\n")
    text.append_text(render.badge(None))
    text.append("  no verdict from you yet\n")
    text.append(" ≈  the claim has a counterpart in the compared article\n")
    text.append(" ∅ ", style=f"bold {render.UNALIGNED}")
    text.append(" nothing in the compared article says this (claim shown in italics)\n")
    text.append(" =  other reviewers agree with you;  ")
    text.append("≠", style="bold #ff5f5f")
    text.append("  someone disagrees\n")
    text.append(" added words ", style="bold underline #ffb74d")
    text.append(" are in the claim but not its counterpart; ")
    text.append(" changed words ", style="bold underline #ff80ff")
    text.append(" differ between the two\n")
    text.append(" ▶  the current claim's counterpart;  ")
    text.append("◆", style="bold #ffd75f")
    text.append("  evidence you chose\n")
    text.append(" tinted passages ", style=f"on {render.ALIGNED}")
    text.append(" on the right have a counterpart among the claims on the left\n")
    return text
