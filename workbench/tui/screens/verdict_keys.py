"""The review screen's keys that change a verdict: mark, clear, keep a stale one, note, evidence,
undo, final verdict. A mixin of ReviewScreen (its session, current claim and redraws); every write
goes through _write, so a failure becomes a notification and the screen keeps what the file holds.
"""

from __future__ import annotations

from workbench.models import Passage, WorkbenchError
from workbench.services.workspace import DatabaseError
from workbench.tui.widgets.panes import ArticlePane
from workbench.vocabulary import Label


class VerdictKeys:
    """Methods of ReviewScreen; `self` is the screen."""

    def _write(self, change):
        """Run a change that writes to the database; a failure becomes a notification.

        The session changes what it shows only after the store has committed, so after a failure
        (a full disk, an I/O error, a lock held too long) the screen still shows what the file holds.
        """
        try:
            return change()
        except WorkbenchError as error:
            self.notify(str(error), severity="error", markup=False)
        except DatabaseError as error:
            self.notify(f"The database could not be read or written: {error}", severity="error")
        return None

    def _claim_or_warn(self) -> Passage | None:
        passage = self.current_passage
        if passage is None or not passage.claim:
            self.notify("Only claims take a verdict.", severity="warning")
            return None
        return passage

    def action_mark(self, label: str) -> None:
        passage = self._claim_or_warn()
        if passage is None:
            return
        verdict = self._write(lambda: self.session.mark(passage.id, label))
        if verdict is None:
            return
        self._saved(Label(label).value, self.current)
        following = self.session.next_unreviewed(self.current, allowed=self.claims.shown)
        if following is not None and following != self.current:
            self.go_to(following)  # which redraws the claim just marked as it leaves it
            return
        self._redraw_current()
        if following is None:
            total = self.session.progress().total
            self.notify(f"All {total} claims of this article are reviewed.", markup=False)

    def action_clear(self) -> None:
        passage = self._claim_or_warn()
        if passage and self._write(lambda: self.session.clear(passage.id)):
            self._saved("verdict cleared")
            self._redraw_current()

    def action_confirm(self) -> None:
        passage = self._claim_or_warn()
        if passage is None:
            return
        if not self.session.is_stale(passage.id):
            self.notify("Your verdict on this claim is not stale.")
            return
        if self._write(lambda: self.session.confirm(passage.id)):
            self._saved("verdict kept")
            self._redraw_current()

    def action_note(self) -> None:
        passage = self._claim_or_warn()
        if passage is None:
            return
        mine = self.session.my_verdict(passage.id)
        if mine is None:
            self.notify("Give a verdict first (s, c, e or u); the note belongs to it.", severity="warning")
            return

        def save(note: str | None) -> None:
            if note is not None and self._write(lambda: self.session.set_note(passage.id, note)):
                self._saved("note")
                self._redraw_current()

        from workbench.tui.screens.dialogs import NoteEditor

        self.app.push_screen(NoteEditor(passage.text, mine.note), save)

    def action_evidence(self) -> None:
        """Move into the compared article to choose evidence (enter toggles), and back out."""
        pane = self.query_one(ArticlePane)
        if self.evidence_mode:
            self.evidence_mode = False
            self.claims.focus()
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
        self.claims.redraw(self.session, index, marks=self._marks and index == self.current)
        self.go_to(index)
        self._redraw_current()

    def action_final(self) -> None:
        passage = self._claim_or_warn()
        if passage is None:
            return
        if not self.session.adjudicator:
            self.notify(
                f"Only adjudicators set final verdicts (workbench role {self.session.reviewer} adjudicator).",
                severity="warning",
                markup=False,
            )
            return

        def chosen(label: str | None) -> None:
            if label is None:
                return
            final = None if label == "none" else label
            if self._write(lambda: self.session.adjudicate(passage.id, final)):
                self._saved("final verdict " + (label if final else "removed"))
                self._redraw_current()

        from workbench.tui.screens.dialogs import FinalVerdictPicker

        self.app.push_screen(FinalVerdictPicker(passage.text, self.session.final(passage.id)), chosen)
