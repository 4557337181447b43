"""The review screen's work after its first paint and between keys: word marks, triage's hints and
other reviewers' verdicts worked out or read in workers, merged into the rows without moving the
cursor, and the poll for what others write. A mixin of ReviewScreen, whose messages (HintsReady,
HintsComputed, DiffsComputed, OthersArrived, OthersLoaded, OthersChanged) it posts.
"""

from __future__ import annotations

import gc

from textual import work
from textual.worker import get_current_worker

from workbench.models import WorkbenchError
from workbench.services.workspace import DatabaseError


class BackgroundWork:
    """Methods of ReviewScreen; `self` is the screen, with its session, lists, load() and panels."""

    def _show_marks(self) -> None:
        """After the first paint: word marks on the current claim, triage hints on every claim, and
        other reviewers' verdicts."""
        self._marks = True
        self._redraw_current()
        session = self.session
        if session.triage_loaded:
            self.post_message(self.HintsReady())
        if session.triage_loaded and session.others_loaded:
            return
        try:
            where = session.location()  # asked here: the session's connection is this thread's
        except (WorkbenchError, DatabaseError) as error:
            self.notify(
                f"No hints and no other reviewers' verdicts: {error}", severity="warning", markup=False
            )
            return
        if not session.others_loaded:
            self._load_others(where)
        if not session.triage_loaded:
            self._load_hints(where)  # in a worker: keys are answered while the hints are worked out

    @work(thread=True, exclusive=True, group="hints")
    def _load_hints(self, where: str) -> None:
        session = self.session  # the worker's, if the screen moves on to another pair meanwhile
        article, right = session.left.id, session.right.id
        try:
            hints = session.compute_triage(where)
        except (WorkbenchError, DatabaseError) as error:
            self.app.call_from_thread(self.notify, f"No hints: {error}", severity="warning", markup=False)
            return
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.HintsComputed(article, hints))
        try:
            diffs = session.compute_diffs()
        except WorkbenchError:
            return  # a move works each diff out as it goes
        if not get_current_worker().is_cancelled:
            self.post_message(self.DiffsComputed(article, right, diffs))

    @work(thread=True, exclusive=True, group="others")
    def _load_others(self, where: str) -> None:
        session = self.session
        try:
            read = session.read_others(where)
        except (WorkbenchError, DatabaseError) as error:
            self.app.call_from_thread(
                self.notify, f"Other reviewers' verdicts not read: {error}", severity="warning", markup=False
            )
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.OthersArrived(read))

    def on_review_screen_others_arrived(self, message) -> None:  # type: ignore[no-untyped-def]
        if not self.session.merge_others(message.read):
            return
        self._redraw_rows(reorder=self.disputed_only)  # disputed only: which rows show depends on them
        self.poll_others()  # what others wrote since the read
        self.post_message(self.OthersLoaded())

    def on_review_screen_hints_computed(self, message) -> None:  # type: ignore[no-untyped-def]
        if message.article != self.session.left.id or self.session.triage_loaded:
            return
        from workbench.triage.lexicon import user_lexicon_problem

        self.session.set_triage(message.hints)
        problem = user_lexicon_problem()
        if problem:
            self.notify(problem, severity="warning", markup=False)
        self._redraw_rows(reorder=self.by_suspicion)  # by suspicion, the rows are in their order
        self.post_message(self.HintsReady())

    def _redraw_rows(self, reorder: bool) -> None:
        """Every row drawn again after what they show came in (hints, others' verdicts): laid out
        anew when the rows shown or their order depend on it, else in place, with the cursor, the
        scroll and the compared article where they are."""
        if reorder:
            self.load(keep=self.current_passage.id if self.current_passage else None)
        else:
            self.claims.redraw_all(self.session, self.current if self._marks else None)
            self.refresh_details()
            self.refresh_progress()

    def on_review_screen_diffs_computed(self, message) -> None:  # type: ignore[no-untyped-def]
        if (message.article, message.right) == (self.session.left.id, self.session.right.id):
            self.session.set_diffs(message.diffs)
        gc.freeze()  # what the screen holds now lives as long as it: the collector stops walking it

    def poll_others(self) -> None:
        try:
            changed = self.session.others_changed()
        except (WorkbenchError, DatabaseError):
            return
        if changed:
            for index in changed:
                self.claims.redraw(self.session, index, marks=self._marks and index == self.current)
            self.refresh_details()
            self.refresh_progress()
            self.post_message(self.OthersChanged())
