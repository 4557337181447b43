"""Keeping the stored links between articles current: align only the pairs whose text changed.

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
# Every article is aligned with every other: past this many article pairs at once (about 2,000
# articles) that would take hours and more memory than we allow, so nothing is aligned and the
# import says why. Grouping a crawl into stories first is the way past it.
MAX_ARTICLE_PAIRS = 2_000_000


@dataclass(frozen=True)
class LinkReport:
    pairs: int  # article pairs aligned in this run
    links: int  # links those pairs now have
    too_large: tuple[tuple[str, str], ...] = ()  # article pairs left unaligned, by id
    too_many: int = 0  # article pairs waiting, when there were more than MAX_ARTICLE_PAIRS


def refresh_links(
    db: Database, progress: Progress | None = None, *, max_pairs: int = MAX_ARTICLE_PAIRS
) -> LinkReport:
    """Align every article pair whose stored links are out of date; leave the others alone.

    Past `max_pairs` waiting article pairs nothing is aligned (LinkReport.too_many says how many).
    """
    waiting = store.count_pairs_to_align(db, get_aligner().version)
    if not waiting:
        return LinkReport(pairs=0, links=0)
    if waiting > max_pairs:
        return LinkReport(pairs=0, links=0, too_many=waiting)
    pairs = store.pairs_to_align(db, get_aligner().version)
    involved = sorted({p.a for p in pairs} | {p.b for p in pairs})
    claims = {article: store.list_passages(db, article, claims_only=True) for article in involved}
    too_large = [pair for pair in pairs if len(claims[pair.a]) * len(claims[pair.b]) > MAX_PASSAGE_PAIRS]
    skipped = set(too_large)
    written = (
        store.save_many_pair_links(db, [(pair, []) for pair in too_large], get_aligner().version)
        if too_large
        else 0
    )
    todo = [pair for pair in pairs if pair not in skipped]
    if len(todo) < BULK_PAIRS:
        for done, pair in enumerate(todo):
            if progress:
                progress(done, len(pairs))
            written += store.save_pair_links(db, pair, get_aligner().version, _pairwise(pair, claims))
    else:
        written += _bulk(db, todo, claims, progress, len(pairs))
    if pairs and not store.read_only_reason(db):
        from workbench.services.provenance import propose_original

        proposal = propose_original(db)
        if proposal.article:
            doubt = proposal.runner_up if proposal.weak else None
            store.set_reference(db, proposal.article, proposed=True, runner_up=doubt)
    if progress:
        progress(len(pairs), len(pairs))
    return LinkReport(pairs=len(pairs), links=written, too_large=tuple((p.a, p.b) for p in too_large))


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
