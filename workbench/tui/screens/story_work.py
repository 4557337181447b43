"""The review screen's work on its story: aligning, in a worker, two versions of a big story that
were never aligned with each other, and a reference just marked with the versions it lacks links
with (services/review_story.py says when; this runs it and reports). A mixin of ReviewScreen,
whose messages (PairAligned, Aligned) it posts.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from workbench.models import WorkbenchError
from workbench.services.workspace import DatabaseError


class StoryWork:
    """Methods of ReviewScreen; `self` is the screen, with its session, load() and status line."""

    def align_or_say(self) -> None:
        """On opening a pair: align it now if it never was (a big story), else say why it is not."""
        if self.session.can_align_now():
            self.status = "aligning these two versions…"
            self.refresh_progress()
            self._align_pair()
        else:
            notice = self.session.alignment_notice()
            if notice:
                self.notify(notice, severity="warning", timeout=20, markup=False)

    @work(thread=True, exclusive=True, group="align")
    def _align_pair(self) -> None:
        links = self.session.align_now()
        if not get_current_worker().is_cancelled:
            self.post_message(self.PairAligned(self.session.left.id, self.session.right.id, links))

    def on_review_screen_pair_aligned(self, message) -> None:  # type: ignore[no-untyped-def]
        session = self.session
        if (message.left, message.right) != (session.left.id, session.right.id):
            return
        try:
            session.save_alignment(message.links)
        except (WorkbenchError, DatabaseError) as error:
            self.notify(f"Not aligned: {error}", severity="warning", markup=False)
            return
        self.status = ""
        self.load(keep=self.current_passage.id if self.current_passage else None)
        self.post_message(self.Aligned())

    def align_reference_if_needed(self) -> None:
        """After a reference is marked: in a big story, align it with every version, in a worker."""
        story = self.session.story
        if story and self.session.reference_unaligned():
            try:
                own = self.session.open_writer()
            except (WorkbenchError, DatabaseError) as error:
                self.notify(f"Not aligned: {error}", severity="warning", markup=False)
                return
            self._align_reference(own, story)

    @work(thread=True, exclusive=True, group="reference")
    def _align_reference(self, own, story: str) -> None:  # type: ignore[no-untyped-def]
        try:
            pairs = self.session.align_reference(own, story)
        except (WorkbenchError, DatabaseError) as error:
            self.app.call_from_thread(self.notify, f"Not aligned: {error}", severity="warning", markup=False)
            return
        self.app.call_from_thread(self.notify, f"The reference is now aligned with {pairs} more versions.")
