"""Provenance: for every pair of articles, how much of one the other covers.

A rewrite is covered almost whole by its original, while the original is covered only in part by
each rewrite (rewrites drop and add). The article that covers the others most is the likely
original; that is the one the linker proposes as the reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.store import Database, article_summaries, linked_claims, marked_reference, reference

MAX_ARTICLES = 40  # a matrix wider than this is not read; the CLI offers --json for more


@dataclass(frozen=True)
class Provenance:
    articles: list[tuple[str, str]]  # (id, file name), in name order
    claims: dict[str, int]  # article id -> claims
    covered: dict[tuple[str, str], float]  # (a, b) -> share of a's claims with a counterpart in b
    reference: str | None
    reference_marked: bool  # a user marked it (else the linker proposed it)

    def share(self, a: str, b: str) -> float:
        return self.covered.get((a, b), 0.0)

    def as_json(self) -> dict:
        names = dict(self.articles)
        return {
            "reference": self.reference,
            "reference_marked": self.reference_marked,
            "articles": [{"id": i, "name": n, "claims": self.claims.get(i, 0)} for i, n in self.articles],
            "coverage": [
                {"article": a, "by": b, "share": round(self.share(a, b), 3)}
                for a, _ in self.articles
                for b, _ in self.articles
                if a != b and names
            ],
        }


def provenance(db: Database) -> Provenance:
    summaries = article_summaries(db)
    claims = {s.article.id: s.claims for s in summaries}
    linked = linked_claims(db)
    covered = {pair: count / claims[pair[0]] for pair, count in linked.items() if claims.get(pair[0])}
    chosen = reference(db)
    marked = chosen is not None and chosen == marked_reference(db)
    articles = [(s.article.id, s.article.name) for s in summaries]
    return Provenance(articles, claims, covered, chosen, marked)
