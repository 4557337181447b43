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
from workbench.models import Passage
from workbench.store import Database, PairToAlign

Progress = Callable[[int, int], None]  # (pairs done, pairs in all)

# Two articles are compared passage by passage, a block at a time (memory stays bounded); beyond
# this many passage pairs (two articles of 10,000 claims each) it would take minutes.
MAX_PASSAGE_PAIRS = 100_000_000
# From this many pairs to align on, the corpus index beats aligning them one by one.
BULK_PAIRS = 12
# Every article of a story is aligned with every other: past this many article pairs in one story
# (about 2,000 versions) that would take hours and more memory than we allow, so that story is not
# aligned and the import says why.
MAX_ARTICLE_PAIRS = 2_000_000


@dataclass(frozen=True)
class LinkReport:
    pairs: int  # article pairs aligned in this run
    links: int  # links those pairs now have
    too_large: tuple[tuple[str, str], ...] = ()  # article pairs left unaligned, by id
    too_many: int = 0  # article pairs waiting in stories of more than MAX_ARTICLE_PAIRS pairs
    stories: int = 0  # stories aligned in this run


def refresh_links(
    db: Database, progress: Progress | None = None, *, max_pairs: int = MAX_ARTICLE_PAIRS
) -> LinkReport:
    """Group new articles into stories, then align, story by story, every article pair whose
    stored links are out of date; leave the others alone. Only articles of one story are aligned
    with each other, and one story's pairs are listed at a time.

    A story with more than `max_pairs` waiting article pairs is not aligned (LinkReport.too_many
    says how many pairs that leaves). Each story's likely original is proposed once it is aligned.
    """
    from workbench.services.stories import group_stories

    if not store.read_only_reason(db):
        group_stories(db)
    version = get_aligner().version
    waiting = store.waiting_by_story(db, version)
    too_many = sum(count for count in waiting.values() if count > max_pairs)
    todo = {story: count for story, count in waiting.items() if count <= max_pairs}
    total = sum(todo.values())
    done = written = 0
    too_large: list[PairToAlign] = []
    for story in sorted(todo, key=lambda s: (s is None, s or "")):

        def step(finished: int, _: int, offset: int = done) -> None:
            if progress:
                progress(offset + finished, total)

        pairs = store.pairs_to_align(db, version, story)
        count, skipped = _align_pairs(db, pairs, step)
        written += count
        too_large += skipped
        done += len(pairs)
        if pairs and story is not None and not store.read_only_reason(db):
            _propose(db, story)
    if progress:
        progress(total, total)
    return LinkReport(
        pairs=done,
        links=written,
        too_large=tuple((p.a, p.b) for p in too_large),
        too_many=too_many,
        stories=len(todo),
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
