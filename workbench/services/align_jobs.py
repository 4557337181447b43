"""The unit of alignment work: one story's waiting pairs, or a big story's waiting articles.

A job carries what its alignment needs (each article's claims, as ids and texts, and the pairs or
articles to do) and nothing of the database, so it runs the same here, in a process pool or on a
Dask worker. It yields batches of links; the importing process, the database's one writer, saves
each batch in a transaction (services/linking.py). A batch is one article's pairs: what an
interrupted alignment keeps.

A story aligned pair by pair goes through a corpus index when it has many pairs: each article in
turn against all its partners at once (the most-paired first), with align()'s result pair for
pair. A big story (align.partners) aligns each waiting article with its hubs, its reference and
the versions that say what those do not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from workbench.align import Aligner, Match, get_aligner
from workbench.align.partners import extra_partners, hubs
from workbench.align.stories import term_counts, vectors
from workbench.store.links import PairToAlign

# Two articles are compared passage by passage, a block at a time (memory stays bounded); beyond
# this many passage pairs (two articles of 10,000 claims each) it would take minutes.
MAX_PASSAGE_PAIRS = 100_000_000
# From this many pairs to align on, the corpus index beats aligning them one by one.
BULK_PAIRS = 12

Links = list[tuple[str, str, float]]  # (passage of the pair's a-article, passage of its b, score)


@dataclass(frozen=True)
class Batch:
    """Links to save in one transaction."""

    results: list[tuple[PairToAlign, Links]]
    partners_of: tuple[str, str, str] | None = None  # (article, its hash, mark): its partners are done
    too_large: tuple[PairToAlign, ...] = ()  # pairs of too many passages: saved with no links


@dataclass(frozen=True)
class StoryJob:
    story: str | None
    claims: dict[str, list[tuple[str, str]]]  # article -> its claims as (passage id, text)
    pairs: tuple[PairToAlign, ...] = ()  # a story aligned pair by pair: the pairs to do
    hashes: dict[str, str] = field(default_factory=dict)  # a big story: every article's text hash
    pending: tuple[tuple[str, str], ...] = ()  # and its articles to do, with their partners mark
    reference: str | None = None
    aligner: str | None = None  # by name, so that a worker elsewhere uses the same

    @property
    def sparse(self) -> bool:
        return bool(self.pending)


def run(job: StoryJob) -> Iterator[Batch]:
    """The job's links, a batch at a time."""
    aligner = get_aligner(job.aligner)
    texts = {article: [text for _, text in claims] for article, claims in job.claims.items()}
    if job.sparse:
        yield from _sparse(job, aligner, texts)
    else:
        yield from _pairs(job, aligner, texts)


def run_all(job: StoryJob) -> list[Batch]:
    """The job's links in one list (for a pool or a cluster, which return whole results)."""
    return list(run(job))


def _links(job: StoryJob, query: str, other: str, matches: Sequence[Match]) -> Links:
    """Matches of `query` (side a) against `other` as links of their pair, its a-article first."""
    mine, theirs = job.claims[query], job.claims[other]
    found = [(mine[m.a][0], theirs[m.b][0], m.score) for m in matches]
    return found if query < other else [(b, a, score) for a, b, score in found]


def _too_large(texts: dict[str, list[str]], a: str, b: str) -> bool:
    return len(texts[a]) * len(texts[b]) > MAX_PASSAGE_PAIRS


def _pairs(job: StoryJob, aligner: Aligner, texts: dict[str, list[str]]) -> Iterator[Batch]:
    too_large = tuple(p for p in job.pairs if _too_large(texts, p.a, p.b))
    if too_large:
        yield Batch([(pair, []) for pair in too_large], too_large=too_large)
    skipped = set(too_large)
    todo = [pair for pair in job.pairs if pair not in skipped]
    if len(todo) < BULK_PAIRS:
        for pair in todo:
            yield Batch([(pair, _links(job, pair.a, pair.b, aligner.align(texts[pair.a], texts[pair.b])))])
        return
    from workbench.align.index import QueryTooLarge

    articles = sorted({p.a for p in todo} | {p.b for p in todo})
    position = {article: k for k, article in enumerate(articles)}
    index = aligner.index([texts[article] for article in articles])
    # Each article's pending pairs, so that finding them is not a scan of every pair left (that
    # was cubic in the corpus: half the CPU of a 3,000-article import).
    pending: dict[str, dict[PairToAlign, None]] = {}
    for pair in todo:
        pending.setdefault(pair.a, {})[pair] = None
        pending.setdefault(pair.b, {})[pair] = None
    counts = Counter({article: len(mine) for article, mine in pending.items()})
    for article in sorted(articles, key=lambda a: (-counts[a], a)):
        mine = list(pending.pop(article, {}))
        if not mine:
            continue
        for pair in mine:  # aligned now: no longer pending on its other side either
            pending.get(pair.b if pair.a == article else pair.a, {}).pop(pair, None)
        try:
            found = index.align(texts[article], exclude=position[article])
        except QueryTooLarge:
            found = None
        results = []
        for pair in sorted(mine, key=lambda p: (p.a, p.b)):
            other = pair.b if pair.a == article else pair.a
            if found is None:  # over the index's memory budget: pair by pair, in bounded blocks
                matches = aligner.align(texts[article], texts[other])
            else:
                matches = found.get(position[other], [])
            results.append((pair, _links(job, article, other, matches)))
        yield Batch(results)


def _sparse(job: StoryJob, aligner: Aligner, texts: dict[str, list[str]]) -> Iterator[Batch]:
    order = sorted(job.hashes)

    def pair(first: str, second: str) -> PairToAlign:
        a, b = sorted((first, second))
        return PairToAlign(a, b, job.hashes[a], job.hashes[b])

    vecs = vectors([term_counts(texts[a]) for a in order])
    base = [order[k] for k in hubs(vecs)]
    if job.reference in job.hashes and job.reference not in base:
        base.append(job.reference)
    base_index = aligner.index([texts[a] for a in base])
    story_index = None
    for article, mark in job.pending:
        found = _query(aligner, base_index, base, article, texts[article], texts)
        backed = {m.a for matches in found.values() for m in matches if not aligner.thresholds.weak(m.score)}
        loose = [row for row in range(len(texts[article])) if row not in backed]
        extra: list[str] = []
        if loose:
            if story_index is None:
                story_index = aligner.index([texts[a] for a in order])
            claims = [texts[article][row] for row in loose]
            best: dict[int, dict[str, float]] = {}
            for other, matches in _query(aligner, story_index, order, article, claims, texts).items():
                for m in matches:
                    scores = best.setdefault(m.a, {})
                    scores[other] = max(scores.get(other, 0.0), m.score)
            extra = extra_partners(best, chosen=[*base, article])
        if extra:
            index = aligner.index([texts[a] for a in extra])
            found.update(_query(aligner, index, extra, article, texts[article], texts))
        results, too_large = [], []
        for other in [*base, *extra]:
            if other == article:
                continue
            this = pair(article, other)
            if _too_large(texts, article, other):
                too_large.append(this)
                results.append((this, []))
            else:
                results.append((this, _links(job, article, other, found.get(other, []))))
        yield Batch(results, (article, job.hashes[article], mark), tuple(too_large))


def reference_batches(job: StoryJob, block: int = 200) -> Iterator[Batch]:
    """The story's reference against the other articles of `job.hashes` (those it lacks links
    with), `block` articles indexed at a time."""
    aligner = get_aligner(job.aligner)
    texts = {article: [text for _, text in claims] for article, claims in job.claims.items()}
    reference = job.reference
    assert reference is not None
    missing = sorted(a for a in job.hashes if a != reference)
    for start in range(0, len(missing), block):
        chunk = missing[start : start + block]
        index = aligner.index([texts[a] for a in chunk])
        found = _query(aligner, index, chunk, reference, texts[reference], texts)
        results = []
        for other in chunk:
            a, b = sorted((reference, other))
            pair = PairToAlign(a, b, job.hashes[a], job.hashes[b])
            results.append((pair, _links(job, reference, other, found.get(other, []))))
        yield Batch(results)


def _query(
    aligner: Aligner,
    index,  # type: ignore[no-untyped-def]
    indexed: Sequence[str],
    article: str,
    query: Sequence[str],
    texts: dict[str, list[str]],
) -> dict[str, list[Match]]:
    """`query` (passages of `article`) against the articles of `index` (ids `indexed`): article id ->
    matches, the query's passages as side a. Too large for the index: pair by pair."""
    from workbench.align.index import QueryTooLarge

    exclude = indexed.index(article) if article in indexed else None
    try:
        found = index.align(list(query), exclude=exclude)
    except QueryTooLarge:
        return {other: aligner.align(list(query), texts[other]) for other in indexed if other != article}
    return {indexed[k]: matches for k, matches in found.items()}
