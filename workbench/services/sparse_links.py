"""Aligning a story too big to align every pair: each article with a few partners (align.partners).

An article's partners are the story's hubs, its reference, and the versions that best say the
claims no hub backs. Each article's pairs are saved in one transaction with a mark that its
partners are done, so an alignment stopped at any point goes on where it stopped and ends with
the links an uninterrupted one makes. Every article is aligned with the story's reference once
there is one (`align_with_reference`), since triage and review compare against it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from workbench import store
from workbench.align import Aligner, Match, get_aligner
from workbench.align.partners import extra_partners, hubs
from workbench.align.stories import term_counts, vectors
from workbench.store import Database, PairToAlign

Step = Callable[[int], None]  # pairs aligned so far in this story
REFERENCE_BLOCK = 200  # articles indexed at once when aligning a reference with a whole story


@dataclass
class SparseReport:
    pairs: int = 0
    links: int = 0
    articles: int = 0  # articles whose partners were aligned in this run
    too_large: list[PairToAlign] = field(default_factory=list)


def partners_mark(aligner: str, content_hash: str) -> str:
    return f"{aligner}:{content_hash}"


class _Story:
    """One story's articles and their claims, loaded once."""

    def __init__(self, db: Database, story: str, members: list[store.StoryMember] | None = None) -> None:
        self.members = members if members is not None else store.story_members(db, story)
        self.order = [m.id for m in self.members]
        self.hash = {m.id: m.content_hash for m in self.members}
        self.claims = {a: store.list_passages(db, a, claims_only=True) for a in self.order}
        self.texts = {a: [p.text for p in self.claims[a]] for a in self.order}
        self._index = None

    def pair(self, first: str, second: str) -> PairToAlign:
        a, b = sorted((first, second))
        return PairToAlign(a, b, self.hash[a], self.hash[b])

    def index(self, aligner: Aligner):  # type: ignore[no-untyped-def]
        if self._index is None:
            self._index = aligner.index([self.texts[a] for a in self.order])
        return self._index

    def links(self, query: str, other: str, matches: Sequence[Match]) -> list[tuple[str, str, float]]:
        """Matches of `query` (side a) against `other` as links of their pair, its a-article first."""
        mine, theirs = self.claims[query], self.claims[other]
        found = [(mine[m.a].id, theirs[m.b].id, m.score) for m in matches]
        return found if query < other else [(b, a, score) for a, b, score in found]


def align_story_sparsely(db: Database, story: str, step: Step | None = None) -> SparseReport:
    """Align each article of `story` whose partners are not done yet with its partners."""
    from workbench.services.linking import MAX_PASSAGE_PAIRS

    aligner = get_aligner()
    version = aligner.version
    members = store.story_members(db, story)
    pending = [m for m in members if m.partners != partners_mark(version, m.content_hash)]
    report = SparseReport()
    if not pending:
        return report
    loaded = _Story(db, story, members)
    texts = loaded.texts
    vecs = vectors([term_counts(texts[a]) for a in loaded.order])
    base = [loaded.order[k] for k in hubs(vecs)]
    reference = store.reference(db, story)
    if reference in loaded.hash and reference not in base:
        base.append(reference)
    base_index = aligner.index([texts[a] for a in base])
    for member in pending:
        article = member.id
        found = _query(aligner, base_index, base, article, texts[article], texts)
        backed = {m.a for matches in found.values() for m in matches if not aligner.thresholds.weak(m.score)}
        loose = [row for row in range(len(texts[article])) if row not in backed]
        extra: list[str] = []
        if loose:
            claims = [texts[article][row] for row in loose]
            hits = _query(aligner, loaded.index(aligner), loaded.order, article, claims, texts)
            best: dict[int, dict[str, float]] = {}
            for other, matches in hits.items():
                for m in matches:
                    scores = best.setdefault(m.a, {})
                    scores[other] = max(scores.get(other, 0.0), m.score)
            extra = extra_partners(best, chosen=[*base, article])
        if extra:
            index = aligner.index([texts[a] for a in extra])
            found.update(_query(aligner, index, extra, article, texts[article], texts))
        results = []
        for other in [*base, *extra]:
            if other == article:
                continue
            pair = loaded.pair(article, other)
            if len(texts[article]) * len(texts[other]) > MAX_PASSAGE_PAIRS:
                report.too_large.append(pair)
                results.append((pair, []))
                continue
            results.append((pair, loaded.links(article, other, found.get(other, []))))
        mark = partners_mark(version, member.content_hash)
        report.links += store.save_many_pair_links(
            db, results, version, partners_of=(article, member.content_hash, mark)
        )
        report.pairs += len(results)
        report.articles += 1
        if step:
            step(report.pairs)
    return report


def align_with_reference(db: Database, story: str, step: Step | None = None) -> SparseReport:
    """Align the story's reference with every article of it it has no current links with."""
    aligner = get_aligner()
    version = aligner.version
    reference = store.reference(db, story)
    report = SparseReport()
    members = store.story_members(db, story)
    if reference is None or reference not in {m.id for m in members}:
        return report
    done = store.aligned_with(db, reference, version)
    missing = [m.id for m in members if m.id != reference and m.id not in done]
    if not missing:
        return report
    loaded = _Story(db, story, members)
    for start in range(0, len(missing), REFERENCE_BLOCK):
        block = missing[start : start + REFERENCE_BLOCK]
        index = aligner.index([loaded.texts[a] for a in block])
        found = _query(aligner, index, block, reference, loaded.texts[reference], loaded.texts)
        results = [(loaded.pair(reference, a), loaded.links(reference, a, found.get(a, []))) for a in block]
        report.links += store.save_many_pair_links(db, results, version)
        report.pairs += len(results)
        if step:
            step(report.pairs)
    return report


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
