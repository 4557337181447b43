"""Keeping the stored links between articles current: align only the pairs whose text changed,
and only within stories (a new article is first put in its story, see services/stories.py).

The work is cut into jobs (services/align_jobs.py): a story's waiting pairs, or a share of a big
story's waiting articles. Jobs run here, on a pool of processes or on a Dask cluster
(services/executors.py); this process saves what they return, a batch (an article's pairs) per
transaction, and proposes each story's original once its alignment is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from workbench import store
from workbench.align import get_aligner
from workbench.align.partners import FULL_STORY, waiting
from workbench.models import Passage
from workbench.services.align_jobs import MAX_PASSAGE_PAIRS, Batch, StoryJob
from workbench.services.sparse_links import align_with_reference, claim_texts
from workbench.services.stories import group_stories
from workbench.store import Database, PairToAlign

Progress = Callable[[int, int], None]  # (pairs done, pairs in all)

POOL_FROM = 2_000  # pairs waiting from which a pool of processes pays for its start
SHARE = 100  # waiting articles of a big story per job (each job reads the whole story)


@dataclass(frozen=True)
class LinkReport:
    pairs: int  # article pairs aligned in this run
    links: int  # links those pairs now have
    too_large: tuple[tuple[str, str], ...] = ()  # article pairs left unaligned, by id
    stories: int = 0  # stories aligned in this run
    sparse: int = 0  # of them, stories too big to align every pair: each article with a few partners
    ran_on: str = "this process"


def refresh_links(
    db: Database,
    progress: Progress | None = None,
    *,
    full_story: int = FULL_STORY,
    jobs: int | None = None,
    scheduler: str | None = None,
) -> LinkReport:
    """Group new articles into stories, then align, story by story, every article pair whose
    stored links are out of date; leave the others alone. Only articles of one story are aligned
    with each other, and one story's pairs are listed at a time.

    A story of more than `full_story` articles is aligned sparsely (align/partners.py): each
    article with a few partners, so its links grow with its claims, not their square. Each story's
    likely original is proposed once it is aligned; a big story's is then aligned with every
    article. `jobs` processes (None: one per core, when there is enough to do) or the Dask
    `scheduler` (or WORKBENCH_DASK_SCHEDULER) do the aligning; this process saves the links.
    """
    from workbench.services.executors import Here, executor

    if store.read_only_reason(db):
        return LinkReport(0, 0)
    group_stories(db)
    version = get_aligner().version
    sizes = store.story_sizes(db)
    waiting = store.waiting_by_story(db, version)
    big = {story for story in waiting if story is not None and sizes.get(story, 0) > full_story}
    order = sorted(waiting, key=lambda s: (s is None, s or ""))
    estimate = {story: (sizes[story] if story in big else waiting[story]) for story in order}
    total = sum(estimate.values())
    # jobs of each story still to finish: its original is proposed when the last one is saved
    shares = {story: _job_count(db, story, version, big=story in big) for story in order}
    finished: set[str | None] = set()
    state = {"done": 0, "written": 0}
    too_large: list[PairToAlign] = []

    def step(pairs: int) -> None:
        state["done"] += pairs
        if progress:
            progress(min(state["done"], total), max(total, state["done"]))

    def planned() -> Iterator[StoryJob]:
        for story in order:
            yield from _jobs(db, story, version, big=story in big)

    chosen = (
        executor(jobs, scheduler)
        if scheduler or (jobs is None and total >= POOL_FROM) or (jobs or 0) > 1
        else Here()
    )
    try:
        for job, batches in chosen.map(planned()):
            for batch in batches:
                state["written"] += _save(db, batch)
                too_large.extend(batch.too_large)
                step(len(batch.results))
            shares[job.story] -= 1
            if not shares[job.story]:
                finished.add(job.story)
                if job.story is not None:
                    _propose(db, job.story)
    finally:
        chosen.close()
    for story in store.unproposed_stories(db):  # their alignment ended in a run stopped before
        if story not in finished and not shares.get(story):  # the proposal: propose it now
            _propose(db, story)
    for story in order:
        if story in big:  # the reference (proposed, or marked since) meets every article
            extra = align_with_reference(db, story)
            state["written"] += extra.links
            step(extra.pairs)
    if progress:
        progress(max(total, state["done"]), max(total, state["done"]))
    return LinkReport(
        pairs=state["done"],
        links=state["written"],
        too_large=tuple((p.a, p.b) for p in too_large),
        stories=len(order),
        sparse=len(big),
        ran_on=chosen.name,
    )


def _job_count(db: Database, story: str | None, version: str, *, big: bool) -> int:
    if not big:
        return 1
    assert story is not None
    return -(-len(waiting(store.story_members(db, story), version)) // SHARE)


def _jobs(db: Database, story: str | None, version: str, *, big: bool) -> Iterator[StoryJob]:
    """The story's waiting work as jobs: its pairs in one, or a big story's articles in shares."""
    aligner = get_aligner().name
    if not big:
        pairs = store.pairs_to_align(db, version, story)
        if pairs:
            involved = sorted({p.a for p in pairs} | {p.b for p in pairs})
            yield StoryJob(story, claim_texts(db, involved), tuple(pairs), aligner=aligner)
        return
    assert story is not None
    members = store.story_members(db, story)
    pending = waiting(members, version)
    if not pending:
        return
    claims = claim_texts(db, [m.id for m in members])
    hashes = {m.id: m.content_hash for m in members}
    reference = store.reference(db, story)
    for start in range(0, len(pending), SHARE):
        share = tuple(pending[start : start + SHARE])
        yield StoryJob(story, claims, hashes=hashes, pending=share, reference=reference, aligner=aligner)


def _save(db: Database, batch: Batch) -> int:
    return store.save_many_pair_links(db, batch.results, get_aligner().version, partners_of=batch.partners_of)


def _propose(db: Database, story: str) -> None:
    """Keep the story's likely original (and, when its lead is weak, the runner-up)."""
    from workbench.services.provenance import propose_original

    proposal = propose_original(db, story)
    if proposal.article:
        doubt = proposal.runner_up if proposal.weak else None
        store.set_reference(db, proposal.article, proposed=True, runner_up=doubt, story=story)


def align_two(left: list[Passage], right: list[Passage]) -> list[tuple[str, str, float]]:
    """The links of two articles' claims (pure: safe in a worker thread), left's passage first."""
    left = [p for p in left if p.claim]
    right = [p for p in right if p.claim]
    if len(left) * len(right) > MAX_PASSAGE_PAIRS:
        return []
    matches = get_aligner().align([p.text for p in left], [p.text for p in right])
    return [(left[m.a].id, right[m.b].id, m.score) for m in matches]


def save_two(db: Database, left: str, right: str, links: list[tuple[str, str, float]]) -> int:
    """Save the links align_two found for two articles (as they are now), replacing theirs."""
    hashes = {a.id: a.text_hash for a in (store.get_article(db, left), store.get_article(db, right)) if a}
    if len(hashes) != 2:
        return 0
    a, b = sorted((left, right))
    oriented = links if a == left else [(y, x, score) for x, y, score in links]
    pair = PairToAlign(a, b, hashes[a], hashes[b])
    return store.save_pair_links(db, pair, get_aligner().version, oriented)
