"""Keeping the stored links between articles current: align only the pairs whose text changed,
and only within stories (a new article is first put in its story, see services/stories.py).

A few changed pairs are aligned one by one. Many (an import of a folder of rewrites) go through a
CorpusIndex: each article in turn is aligned against all its partners at once, with the same result,
and its pairs are saved in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from workbench import store
from workbench.align import Match, get_aligner
from workbench.align.partners import FULL_STORY, HUBS
from workbench.models import Passage
from workbench.services.stories import group_stories
from workbench.store import Database, PairToAlign

Progress = Callable[[int, int], None]  # (pairs done, pairs in all)

# Two articles are compared passage by passage, a block at a time (memory stays bounded); beyond
# this many passage pairs (two articles of 10,000 claims each) it would take minutes.
MAX_PASSAGE_PAIRS = 100_000_000
# From this many pairs to align on, the corpus index beats aligning them one by one.
BULK_PAIRS = 12


@dataclass(frozen=True)
class LinkReport:
    pairs: int  # article pairs aligned in this run
    links: int  # links those pairs now have
    too_large: tuple[tuple[str, str], ...] = ()  # article pairs left unaligned, by id
    stories: int = 0  # stories aligned in this run
    sparse: int = 0  # of them, stories too big to align every pair: each article with a few partners


def refresh_links(
    db: Database, progress: Progress | None = None, *, full_story: int = FULL_STORY
) -> LinkReport:
    """Group new articles into stories, then align, story by story, every article pair whose
    stored links are out of date; leave the others alone. Only articles of one story are aligned
    with each other, and one story's pairs are listed at a time.

    A story of more than `full_story` articles is aligned sparsely (services/sparse_links.py):
    each article with a few partners, so its links grow with its claims, not their square. Each
    story's likely original is proposed once it is aligned, and then aligned with every article.
    """
    from workbench.services.sparse_links import align_story_sparsely, align_with_reference

    if not store.read_only_reason(db):
        group_stories(db)
    version = get_aligner().version
    sizes = store.story_sizes(db)
    waiting = store.waiting_by_story(db, version)
    big = {story for story in waiting if story is not None and sizes.get(story, 0) > full_story}
    # a big story's share of the progress bar: about its articles' partners (an estimate)
    todo = {story: (sizes[story] * (HUBS + 1) if story in big else count) for story, count in waiting.items()}
    total = sum(todo.values())
    done = written = 0
    too_large: list[PairToAlign] = []
    for story in sorted(todo, key=lambda s: (s is None, s or "")):

        def step(finished: int, _: int = 0, offset: int = done) -> None:
            if progress:
                progress(min(offset + finished, total), total)

        if story in big:
            if store.read_only_reason(db):
                continue
            sparse = align_story_sparsely(db, story, step)
            count, written_now, skipped = sparse.pairs, sparse.links, sparse.too_large
        else:
            pairs = store.pairs_to_align(db, version, story)
            written_now, skipped = _align_pairs(db, pairs, step)
            count = len(pairs)
        written += written_now
        too_large += skipped
        done += count
        if story is not None and not store.read_only_reason(db):
            if count or store.reference(db, story) is None:
                _propose(db, story)
            if story in big:
                extra = align_with_reference(db, story, lambda n, offset=done: step(n, 0, offset))
                done += extra.pairs
                written += extra.links
    if progress:
        progress(total, total)
    return LinkReport(
        pairs=done,
        links=written,
        too_large=tuple((p.a, p.b) for p in too_large),
        stories=len(todo),
        sparse=len(big),
    )


def _propose(db: Database, story: str) -> None:
    """Keep the story's likely original (and, when its lead is weak, the runner-up)."""
    from workbench.services.provenance import propose_original

    proposal = propose_original(db, story)
    if proposal.article:
        doubt = proposal.runner_up if proposal.weak else None
        store.set_reference(db, proposal.article, proposed=True, runner_up=doubt, story=story)


def _align_pairs(db: Database, pairs: list[PairToAlign], progress: Progress) -> tuple[int, list[PairToAlign]]:
    """Align one story's pairs and save their links: (links written, pairs too large to align)."""
    involved = sorted({p.a for p in pairs} | {p.b for p in pairs})
    claims = {article: store.list_passages(db, article, claims_only=True) for article in involved}
    too_large = [pair for pair in pairs if len(claims[pair.a]) * len(claims[pair.b]) > MAX_PASSAGE_PAIRS]
    skipped = set(too_large)
    version = get_aligner().version
    written = store.save_many_pair_links(db, [(pair, []) for pair in too_large], version) if too_large else 0
    todo = [pair for pair in pairs if pair not in skipped]
    if len(todo) < BULK_PAIRS:
        for done, pair in enumerate(todo):
            progress(done, len(pairs))
            written += store.save_pair_links(db, pair, version, _pairwise(pair, claims))
    else:
        written += _bulk(db, todo, claims, progress, len(pairs))
    return written, too_large


def _pairwise(pair: PairToAlign, claims: dict[str, list[Passage]]) -> list[tuple[str, str, float]]:
    a, b = claims[pair.a], claims[pair.b]
    matches = get_aligner().align([p.text for p in a], [p.text for p in b])
    return [(a[m.a].id, b[m.b].id, m.score) for m in matches]


def _bulk(
    db: Database,
    pairs: list[PairToAlign],
    claims: dict[str, list[Passage]],
    progress: Progress | None,
    total: int,
) -> int:
    """Align many pairs through one corpus index: the most-paired article first, against all its partners."""
    from workbench.align.index import QueryTooLarge

    articles = sorted({p.a for p in pairs} | {p.b for p in pairs})
    position = {article: k for k, article in enumerate(articles)}
    index = get_aligner().index([[p.text for p in claims[article]] for article in articles])
    # Each article's pending pairs, so that finding them is not a scan of every pair left (that
    # was cubic in the corpus: half the CPU of a 3,000-article import).
    pending: dict[str, dict[PairToAlign, None]] = {}
    for pair in pairs:
        pending.setdefault(pair.a, {})[pair] = None
        pending.setdefault(pair.b, {})[pair] = None
    counts = Counter({article: len(mine) for article, mine in pending.items()})
    written = done = 0
    for article in sorted(articles, key=lambda a: (-counts[a], a)):
        mine = list(pending.pop(article, {}))
        if not mine:
            continue
        for pair in mine:  # aligned now: no longer pending on its other side either
            other = pair.b if pair.a == article else pair.a
            pending.get(other, {}).pop(pair, None)
        try:
            found = index.align([p.text for p in claims[article]], exclude=position[article])
        except QueryTooLarge:
            found = None
        results = []
        for pair in sorted(mine, key=lambda p: (p.a, p.b)):
            if found is None:  # over the index's memory budget: pair by pair, in bounded blocks
                results.append((pair, _pairwise(pair, claims)))
                continue
            other = pair.b if pair.a == article else pair.a
            matches = found.get(position[other], [])
            results.append((pair, _oriented(pair, article, other, matches, claims)))
        written += store.save_many_pair_links(db, results, get_aligner().version)
        done += len(mine)
        if progress:
            progress(done, total)
    return written


def _oriented(
    pair: PairToAlign, query: str, other: str, matches: list[Match], claims: dict[str, list[Passage]]
) -> list[tuple[str, str, float]]:
    """Matches of `query` against `other` as links of the pair, its a-article first."""
    mine, theirs = claims[query], claims[other]
    links = [(mine[m.a].id, theirs[m.b].id, m.score) for m in matches]
    return links if pair.a == query else [(b, a, score) for a, b, score in links]


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
        return "not aligned yet: " + ", ".join(parts) + where


def pending_work(db: Database, *, full_story: int = FULL_STORY) -> Pending:
    """What is left to group and align, counted without aligning anything."""
    from workbench.services.sparse_links import partners_mark

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
        waiting = {m.id for m in members if m.partners != partners_mark(version, m.content_hash)}
        reference = store.reference(db, story)
        if reference is not None:
            done = store.aligned_with(db, reference, version) | {reference}
            waiting |= {m.id for m in members if m.id not in done}
        articles += len(waiting)
        stories += bool(waiting)
    return Pending(len(store.ungrouped(db)), pairs, articles, stories)
