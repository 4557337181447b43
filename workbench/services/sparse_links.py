"""A story too big to align every pair, on the database's side (the rule is align/partners.py, the
work services/align_jobs.py).

Each article's pairs are saved in one transaction with a mark that its partners are done, so an
alignment stopped at any point goes on where it stopped and ends with the links an uninterrupted
one makes. Every article is aligned with the story's reference once there is one
(`align_with_reference`), since triage and review compare against it: after the story's original
is proposed, and when a user marks another.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench import store
from workbench.align import get_aligner
from workbench.align.partners import FULL_STORY
from workbench.services.align_jobs import StoryJob, reference_batches
from workbench.services.pending import lacking_reference
from workbench.store import Database


@dataclass
class SparseReport:
    pairs: int = 0
    links: int = 0


def claim_texts(db: Database, articles: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each article's claims as (passage id, text): what a job carries."""
    return {
        article: [(p.id, p.text) for p in store.list_passages(db, article, claims_only=True)]
        for article in articles
    }


def align_with_reference(db: Database, story: str) -> SparseReport:
    """Align the story's reference with every article of it it has no current links with."""
    aligner = get_aligner()
    report = SparseReport()
    reference, missing = lacking_reference(db, story)
    if reference is None or not missing:
        return report
    wanted = [reference, *missing]
    hashes = {m.id: m.content_hash for m in store.story_members(db, story)}
    job = StoryJob(
        story,
        claim_texts(db, wanted),
        hashes={a: hashes[a] for a in wanted},
        reference=reference,
        aligner=aligner.name,
    )
    for batch in reference_batches(job):
        report.links += store.save_many_pair_links(db, batch.results, aligner.version)
        report.pairs += len(batch.results)
    return report


def is_big(db: Database, story: str | None) -> bool:
    """Whether `story` is aligned sparsely (more than FULL_STORY articles)."""
    return story is not None and store.story_sizes(db).get(story, 0) > FULL_STORY


def reference_unaligned(db: Database, story: str | None) -> bool:
    """Whether a big story's reference lacks links with some of its articles (one just marked)."""
    return story is not None and is_big(db, story) and bool(lacking_reference(db, story)[1])
