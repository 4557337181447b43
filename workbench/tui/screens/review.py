"""The review screen: claims on the left, the compared article on the right, one key per verdict."""

from __future__ import annotations

import gc
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList

from workbench.models import Passage
from workbench.services.review import ReviewSession
from workbench.services.review_team import OthersRead
from workbench.tui import render
from workbench.tui.keys import REVIEW_KEYS, legend
from workbench.tui.screens.background_work import BackgroundWork
from workbench.tui.screens.moving_keys import MovingKeys
from workbench.tui.screens.story_work import StoryWork
from workbench.tui.screens.verdict_keys import VerdictKeys
from workbench.tui.widgets.footer import FittingFooter
from workbench.tui.widgets.panels import ChangeStrip, DetailsPanel, PairHeader, ProgressLine
from workbench.tui.widgets.panes import ArticlePane, ClaimList

POLL_SECONDS = 1.0  # how often we look for verdicts other reviewers wrote


def size_classes(size: Size, horizontal: list[tuple[int, str]], vertical: list[tuple[int, str]]) -> list[str]:
    """The breakpoint classes of a screen of this size, as Textual gives them."""
    found = []
    for dimension, breakpoints in ((size.width, horizontal), (size.height, vertical)):
        for at, name in sorted(breakpoints, reverse=True):
            if dimension >= at:
                found.append(name)
                break
    return found


class ReviewScreen(VerdictKeys, MovingKeys, StoryWork, BackgroundWork, Screen[None]):
    """Review the left article's claims against the right article."""

    class HintsReady(Message):
        """Triage's hints for the pair are worked out and drawn."""

    class HintsComputed(Message):
        """A worker has worked out triage's hints for `article` (not drawn yet)."""

        def __init__(self, article: str, hints: dict) -> None:
            super().__init__()
            self.article = article
            self.hints = hints

    class DiffsComputed(Message):
        """A worker has worked out, ahead of the keys, the word diffs of the claims of `article`
        against `right` (so that a move draws its marks without working them out)."""

        def __init__(self, article: str, right: str, diffs: dict) -> None:
            super().__init__()
            self.article = article
            self.right = right
            self.diffs = diffs

    class PairAligned(Message):
        """A worker has aligned the two articles shown (links not saved yet)."""

        def __init__(self, left: str, right: str, links: list) -> None:
            super().__init__()
            self.left, self.right, self.links = left, right, links

    class Aligned(Message):
        """The pair shown was aligned on opening, and its links are drawn."""

    class OthersChanged(Message):
        """Verdicts other reviewers wrote since the last look are loaded and drawn."""

    class OthersArrived(Message):
        """A worker has read every reviewer's verdicts on the article (not drawn yet)."""

        def __init__(self, read: OthersRead) -> None:
            super().__init__()
            self.read = read

    class OthersLoaded(Message):
        """Other reviewers' verdicts, read after the first paint, are in and drawn."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = REVIEW_KEYS

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.current: int | None = None  # index into session.passages
        self.focus_counterpart = 0
        self.evidence_mode = False
        self.disputed_only = False
        self.by_suspicion = False  # the claim list in order of triage suspicion, not reading order
        self.status = ""
        self._search_from = 0
        self._marks = False  # word marks wait for the first screen to be painted (they load rapidfuzz)
        self._marks_asked = False
        self._strip_marks: list[str | None] = []  # the change strip's marks, per passage

    def compose(self) -> ComposeResult:
        # Textual sets the size classes on the screen's first resize, which comes after its first
        # layout: set now, that layout is the right one, not one redone under the first keys.
        self.add_class(*size_classes(self.app.size, self.HORIZONTAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS))
        yield PairHeader()
        with Container(id="body"):
            with Horizontal(id="panes"):
                yield ChangeStrip()
                yield ClaimList(id="claims")
                yield ArticlePane(id="article")
            yield DetailsPanel()
        yield ProgressLine()
        yield Input(placeholder="Search this article (enter: next match, escape: close)", id="search")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.align_or_say()
        self.set_interval(POLL_SECONDS, self.poll_others)
        # The session lives as long as the screen: the collector need not walk it again and
        # again (on a long article a full collection took a quarter of a second, under a key).
        gc.freeze()

    @property
    def claims(self) -> ClaimList:
        return self.query_one(ClaimList)

    @property
    def current_passage(self) -> Passage | None:
        self._follow_highlight()
        if self.current is None or not self.session.passages:
            return None
        return self.session.passages[self.current]

    def _follow_highlight(self) -> None:
        """Make the highlighted row the current claim now, not when its message arrives.

        Keys that arrive in one read (fast typing, a paste, `send-keys s c e u`) are handled before
        the list's OptionHighlighted message for the first move: every action must act on the row
        the cursor is on at that moment, or a verdict meant for one claim lands on another.
        """
        if not self.is_mounted:
            return
        claims = self.claims
        option = claims.highlighted
        if option is None or not 0 <= option < len(claims.rows):
            return
        index = claims.rows[option]
        if index != self.current:
            self.select(index)

    # -- drawing ---------------------------------------------------------------------------------

    def load(self, keep: str | None = None) -> None:
        """Draw both panes from the session; put the cursor on `keep`, or the first unreviewed claim."""
        session = self.session
        header = render.header(
            session.left,
            session.right,
            session.reviewer,
            read_only=self._read_only(),
            reference=session.reference(),
            doubt=session.reference_doubt(),
        )
        self.query_one(PairHeader).update(header, layout=False)
        self.current = None
        self.claims.draw(session, self._rows())
        self.query_one(ArticlePane).draw(session)
        target = next((i for i, p in enumerate(session.passages) if p.id == keep), None)
        if target is None or target not in self.claims.shown:
            target = session.next_unreviewed(-1, allowed=self.claims.shown)
        if target is None:
            target = next((i for i in self.claims.rows if session.passages[i].claim), None)
        self.claims.focus()
        if target is not None:
            self.go_to(target)
        else:
            self.refresh_details()
        self.refresh_progress()
        if not self._marks and not self._marks_asked:
            self._marks_asked = True  # once: a second load before the first paint asks no second worker
            self.call_after_refresh(self._show_marks)

    def _rows(self) -> list[int]:
        passages = self.session.passages
        rows = list(range(len(passages)))
        if self.disputed_only:
            rows = [i for i in rows if passages[i].claim and self.session.disputed(passages[i].id)]
        if self.by_suspicion:
            rows = self.session.by_suspicion(rows)
        return rows

    def _read_only(self) -> str | None:
        from workbench.services.workspace import read_only_reason

        return read_only_reason(self.session.db)

    def select(self, index: int) -> None:
        """Make passage `index` the current claim: redraw it with word marks, show its counterparts."""
        previous, self.current = self.current, index
        if previous is not None and previous != index:
            self.claims.redraw(self.session, previous)
        self.claims.redraw(self.session, index, marks=self._marks)
        self.focus_counterpart = 0
        self._show_counterparts()
        self.refresh_details()
        self.query_one(ChangeStrip).show(self._strip_marks, index)

    def _show_counterparts(self) -> None:
        self.query_one(ArticlePane).show_claim(
            self.session,
            self.current_passage,
            self.focus_counterpart,
            follow=not self.evidence_mode,
            marks=self._marks,
        )

    def refresh_details(self) -> None:
        session = self.session
        passage = self.current_passage
        panel = self.query_one(DetailsPanel)
        if passage is None:
            empty = (
                "No disputed claims in this article (d shows all)." if self.disputed_only else "No claims."
            )
            panel.update(Text(empty, style="dim"))
            return
        mine = session.my_verdict(passage.id)
        evidence = [session.passage(e) for e in (mine.evidence if mine else ())]
        panel.update(
            render.details(
                passage,
                mine=mine,
                others=session.other_verdicts(passage.id),
                hidden=session.hidden_verdicts(passage.id),
                stale=session.is_stale(passage.id),
                final=session.final(passage.id),
                counterparts=session.counterparts(passage.id),
                focus=self.focus_counterpart,
                backing=session.backing(passage.id),
                right=session.right,
                evidence=[p for p in evidence if p is not None],
                suggestion=session.triage(passage.id),
            ),
        )

    def refresh_progress(self, changed: int | None = None) -> None:
        """The progress line, and the change strip (verdicts and hints move its marks): all its
        marks, or only passage `changed`'s when one verdict is all that changed."""
        if changed is not None and len(self._strip_marks) == len(self.session.passages):
            marks = list(self._strip_marks)
            marks[changed] = self.session.change_mark(self.session.passages[changed])
            self._strip_marks = marks
        else:
            self._strip_marks = self.session.change_marks()
        self.query_one(ChangeStrip).show(self._strip_marks, self.current)
        status = self.status
        if self.disputed_only:
            status = f"showing {len(self.claims.rows)} disputed claims" + (f" · {status}" if status else "")
        self.query_one(ProgressLine).update(
            render.progress_line(self.session.progress(), status), layout=False
        )

    def _saved(self, what: str, changed: int | None = None) -> None:
        self.status = f"{what} · saved {datetime.now():%H:%M:%S}"
        self.refresh_progress(changed)

    def _redraw_current(self) -> None:
        if self.current is not None:
            self.claims.redraw(self.session, self.current, marks=self._marks)
            self._show_counterparts()
            self.refresh_details()

    # -- events ----------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Move the cursor to passage `index` and make it the current claim at once."""
        if self.claims.go_to(index):
            self.select(index)

    def on_change_strip_jump(self, message: ChangeStrip.Jump) -> None:
        """A click on the change strip: the first claim the list shows from there on."""
        shown = self.claims.shown
        target = next(
            (
                i
                for i in range(message.index, len(self.session.passages))
                if i in shown and self.session.passages[i].claim
            ),
            None,
        )
        if target is not None:
            self.go_to(target)
            self.claims.focus()

    @on(OptionList.OptionHighlighted, "#claims")
    def _claim_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # The event may be stale (the cursor moved again since): follow the list as it is now.
        self._follow_highlight()

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

    # -- actions ---------------------------------------------------------------------------------

    def action_order(self) -> None:
        keep = self.current_passage.id if self.current_passage else None
        self.by_suspicion = not self.by_suspicion
        self.status = "most suspicious first" if self.by_suspicion else "reading order"
        self.load(keep=keep)

    def action_provenance(self) -> None:
        from workbench.services.provenance import provenance
        from workbench.tui.screens.dialogs import provenance_report

        self.app.push_screen(provenance_report(provenance(self.session.db, self.session.story)))

    def action_reference(self) -> None:
        if self._read_only():
            self.notify("This database is open read-only.", severity="warning")
            return
        keep = self.current_passage.id if self.current_passage else None
        self.session.mark_reference(self.session.right.id)
        self.notify(f"{self.session.right.name} is now the reference: hints compare against it.")
        self.load(keep=keep)
        self.align_reference_if_needed()

    def action_disputed(self) -> None:
        """Show only the claims reviewers disagree on, or every passage again."""
        keep = self.current_passage.id if self.current_passage else None
        self.disputed_only = not self.disputed_only
        self.load(keep=keep)
        if self.disputed_only and not self.claims.rows:
            self.notify("No claim of this article is disputed.")

    def action_copy(self) -> None:
        """Copy the current claim's id and text (OSC 52: works in most terminals, and over SSH)."""
        passage = self.current_passage
        if passage is None:
            return
        self.app.copy_to_clipboard(f"{passage.id}\t{passage.text}")
        self.notify(f"Copied {passage.id} and its text.")

    def action_details(self) -> None:
        """The details of the current claim on a page of their own, scrolled, whatever the height."""
        from workbench.tui.screens.dialogs import ReportScreen

        details = self.query_one(DetailsPanel).shown
        self.app.push_screen(ReportScreen([details], "escape closes", name="claim-details", key="i"))

    def action_stats(self) -> None:
        from workbench.tui.screens.dialogs import stats_report

        self.app.push_screen(stats_report(self.session.db))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._jump_to_match(event.value, self._search_from - 1)

    @on(Input.Submitted, "#search")
    def _search_next(self, event: Input.Submitted) -> None:
        self._jump_to_match(event.value, self.current if self.current is not None else -1)

    def action_pick(self, side: str) -> None:
        self.app.pick_article(side)  # type: ignore[attr-defined]

    def action_swap(self) -> None:
        self.app.open_pair(self.session.right.id, self.session.left.id)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        self.app.export_csv()  # type: ignore[attr-defined]

    def action_help(self) -> None:
        keymap = self.app._keymap  # the user's keys (services/keymap.py) replace the defaults
        bindings = []
        for binding in self._bindings_for_help():
            if binding.action in ("cursor(1)", "cursor(-1)", "counterpart(-1)", "previous_unreviewed"):
                continue
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            shown = " / ".join(self.app.get_key_display(Binding(key, "")) for key in keys.split(","))
            what = binding.tooltip or binding.description
            bindings.append((shown, f"{what}  [{binding.id}]" if binding.id else what))
        from workbench.tui.screens.dialogs import HelpScreen

        self.app.push_screen(HelpScreen(bindings, legend()))

    def _bindings_for_help(self) -> list[Binding]:
        extra = [
            Binding("up,down,k,j", "", "Previous / next claim (the mouse works too)"),
            Binding("home,end", "", "First / last claim"),
            Binding("ctrl+p", "", "Command palette: switch articles, export, jump"),
        ]
        return extra + [b for b in self.BINDINGS if isinstance(b, Binding)]
