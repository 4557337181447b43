"""What an import or alignment stopped before doing, counted without aligning anything.

Kept apart from services/linking.py so that `workbench status` and an interrupted import can say
it without loading the aligning code.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench import store
from workbench.align import get_aligner
from workbench.align.partners import FULL_STORY, waiting
from workbench.store import Database


@dataclass(frozen=True)
class Pending:
    """What an import or alignment stopped before doing (what `workbench align` would do)."""

    ungrouped: int = 0  # articles in no story yet
    pairs: int = 0  # article pairs waiting in stories aligned pair by pair
    articles: int = 0  # articles of big stories whose partners (or reference) wait
    stories: int = 0  # stories with something waiting

    def __bool__(self) -> bool:
        return bool(self.ungrouped or self.pairs or self.articles)

    def describe(self) -> str:
        parts = []
        if self.ungrouped:
            parts.append(f"{self.ungrouped:,} articles in no story yet")
        if self.pairs:
            parts.append(f"{self.pairs:,} article pairs")
        if self.articles:
            parts.append(f"{self.articles:,} articles of big stories")
        where = f" in {self.stories:,} stories" if self.stories > 1 else ""
        return "Not aligned yet: " + ", ".join(parts) + where


def pending_work(db: Database, *, full_story: int = FULL_STORY) -> Pending:
    """What is left to group and align, counted without aligning anything."""
    version = get_aligner().version
    sizes = store.story_sizes(db)
    pairs = articles = stories = 0
    for story, count in store.waiting_by_story(db, version).items():
        if story is None:
            continue
        if sizes.get(story, 0) <= full_story:
            pairs += count
            stories += 1
            continue
        members = store.story_members(db, story)
        left = {article for article, _ in waiting(members, version)} | set(lacking_reference(db, story)[1])
        articles += len(left)
        stories += bool(left)
    return Pending(len(store.ungrouped(db)), pairs, articles, stories)


def lacking_reference(db: Database, story: str) -> tuple[str | None, list[str]]:
    """A story's reference, and its articles that have no current links with it (a big story's
    reference meets every article; after a new one is proposed or marked, some wait)."""
    reference = store.reference(db, story)
    members = [m.id for m in store.story_members(db, story)]
    if reference is None or reference not in members:
        return None, []
    done = store.aligned_with(db, reference, get_aligner().version) | {reference}
    return reference, [article for article in members if article not in done]
