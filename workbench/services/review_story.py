"""The story side of a review session: which story the pair is in, its reference, and the
alignment of the pair and of the reference (services/review.py's ReviewSession takes these in).

Kept apart by job: in a big story (align/partners.py) two versions may never have been aligned
with each other, and a reference just marked may lack links with most versions; these methods
say so and make the links, the pure work safe in a worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench import store
from workbench.store import Database

if TYPE_CHECKING:
    from workbench.align import Aligner
    from workbench.models import Article, Passage


class StoryOfThePair:
    """Methods of ReviewSession about its story; they use the session's db, articles and passages."""

    db: Database
    left: Article
    right: Article
    passages: list[Passage]
    right_passages: list[Passage]

    if TYPE_CHECKING:  # the session's own, for the type checker

        def _aligner(self) -> Aligner: ...
        def _load(self) -> None: ...
        def load_triage(self) -> None: ...

    @property
    def story(self) -> str | None:
        """The story of the article under review: its reference is the one triage uses."""
        return store.story_of(self.db, self.left.id)

    def reference(self) -> str | None:
        return store.reference(self.db, self.story)

    def alignment_notice(self) -> str | None:
        """A line to say when the pair shown has no alignment of its current text, or an old one."""
        made_by = store.pair_aligner(self.db, self.left.id, self.right.id)
        theirs = store.story_of(self.db, self.right.id)
        if made_by is None and self.story != theirs and self.story and theirs:
            return (
                f"{self.left.name} and {self.right.name} are in different stories ({self.story}, {theirs}): "
                "only articles of one story are aligned. `workbench stories move` puts one in the other's."
            )
        if made_by is None:
            return (
                f"{self.left.name} and {self.right.name} are not aligned (not yet, or too long to align "
                "at once): every claim shows ∅. Run `workbench align`."
            )
        if made_by != self._aligner().version:
            return "These links were made by an older aligner: `workbench align` brings them up to date."
        return None

    def can_align_now(self) -> bool:
        """Whether the pair shown is two versions of one story never aligned with each other (in a
        big story each article is aligned with a few partners only) that this file can save."""
        if store.read_only_reason(self.db) or self.story is None:
            return False
        if store.story_of(self.db, self.right.id) != self.story:
            return False
        return store.pair_aligner(self.db, self.left.id, self.right.id) != self._aligner().version

    def align_now(self) -> list[tuple[str, str, float]]:
        """The pair's links, worked out from the passages loaded (no database: safe in a worker)."""
        from workbench.services.linking import align_two

        return align_two(self.passages, self.right_passages)

    def save_alignment(self, links: list[tuple[str, str, float]]) -> None:
        """Keep the links align_now found and show them."""
        from workbench.services.linking import save_two

        save_two(self.db, self.left.id, self.right.id, links)
        self._load()

    def reference_doubt(self) -> str | None:
        """The file name of the article nearly as likely to be the original, when the proposal was weak."""
        runner_up = store.reference_doubt(self.db, self.story)
        article = store.get_article(self.db, runner_up) if runner_up else None
        return article.name if article else None

    def reference_unaligned(self) -> bool:
        """Whether the story's reference (one just marked, in a big story) lacks links with some
        of its versions: align_reference() makes them."""
        from workbench.services.sparse_links import reference_unaligned

        return reference_unaligned(self.db, self.story)

    def open_writer(self) -> Database:
        """A second connection that may write, for work in another thread; open it on this one."""
        return store.writer(self.db)

    @staticmethod
    def align_reference(own: Database, story: str) -> int:
        """Align `story`'s reference with every version it lacks links with, on `own` (a
        connection from open_writer, closed when done: safe in a worker); the pairs aligned."""
        from workbench.services.sparse_links import align_with_reference

        try:
            return align_with_reference(own, story).pairs
        finally:
            own.close()

    def mark_reference(self, article: str | None) -> None:
        """Mark `article` as the reference (None: back to the proposed one); triage follows it."""
        store.set_reference(self.db, article, story=self.story)
        self.load_triage()
