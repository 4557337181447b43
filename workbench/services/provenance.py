"""Provenance: for every pair of articles, how much of one the other covers, and the likely original.

A rewrite is covered almost whole by its original, while the original is covered only in part by
each rewrite (rewrites drop and add). rules.likely_original weighs that (after publication dates);
the linker stores its choice as the proposed reference, and a weak choice is said wherever the
reference is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.rules import OriginalProposal, likely_original
from workbench.store import (
    Database,
    article_summaries,
    linked_claims,
    marked_reference,
    reference,
    sole_story,
    story_of,
)

MAX_ARTICLES = 40  # a matrix wider than this is not read: the text shows the closest (top), --json all


@dataclass(frozen=True)
class Provenance:
    articles: list[tuple[str, str]]  # (id, file name), in name order
    claims: dict[str, int]  # article id -> claims
    covered: dict[tuple[str, str], float]  # (a, b) -> share of a's claims with a counterpart in b
    reference: str | None
    reference_marked: bool  # a user marked it (else the linker proposed it)
    proposal: OriginalProposal  # what the evidence says the original is
    out_of: int = 0  # when top() kept some: how many articles there are in all

    def why(self) -> str:
        """How the reference was chosen, in a line."""
        if self.reference_marked:
            return "marked by a user"
        if self.reference != self.proposal.article:
            return "proposed when the articles were last aligned"
        return "proposed: " + self.proposal.why(dict(self.articles))

    def share(self, a: str, b: str) -> float:
        return self.covered.get((a, b), 0.0)

    def top(self, limit: int) -> Provenance:
        """The same, kept to `limit` articles: the reference and the versions closest to it (the
        most of it they say, or of them it says), so the matrix of any story can be read."""
        if len(self.articles) <= limit:
            return self
        ref = self.reference
        closeness = {a: max(self.share(a, ref), self.share(ref, a)) if ref else 0.0 for a, _ in self.articles}
        ranked = sorted(self.articles, key=lambda item: (item[0] != ref, -closeness[item[0]], item[1]))
        kept = {article for article, _ in ranked[:limit]}
        return Provenance(
            [item for item in self.articles if item[0] in kept],
            {a: n for a, n in self.claims.items() if a in kept},
            {pair: v for pair, v in self.covered.items() if pair[0] in kept and pair[1] in kept},
            self.reference,
            self.reference_marked,
            self.proposal,
            len(self.articles),
        )

    def as_json(self) -> dict:
        names = dict(self.articles)
        return {
            "reference": self.reference,
            "reference_marked": self.reference_marked,
            "proposed": {
                "article": self.proposal.article,
                "basis": self.proposal.basis,
                "margin": self.proposal.margin,
                "runner_up": self.proposal.runner_up,
                "weak": self.proposal.weak,
            },
            "articles": [{"id": i, "name": n, "claims": self.claims.get(i, 0)} for i, n in self.articles],
            # Sparse: only the pairs that share something (all ordered pairs grow with the square
            # of a crawl: 93 MB at 1,000 articles); a pair left out shares nothing.
            "coverage": [
                {"article": a, "by": b, "share": round(share, 3)}
                for (a, b), share in sorted(self.covered.items())
                if a != b and share > 0 and a in names and b in names
            ],
        }


def provenance(db: Database, story: str | None = None) -> Provenance:
    """Who covers whom among the articles of `story` (by default the only story, or all articles
    when they are not grouped), and its reference."""
    story = story or sole_story(db)
    summaries = article_summaries(db, story=story)
    claims = {s.article.id: s.claims for s in summaries}
    linked = linked_claims(db, story)
    covered = {pair: count / claims[pair[0]] for pair, count in linked.items() if claims.get(pair[0])}
    published = {s.article.id: s.article.published for s in summaries}
    proposal = likely_original([s.article.id for s in summaries], claims, covered, published)
    chosen = reference(db, story) or proposal.article
    marked = chosen is not None and chosen == marked_reference(db, story)
    articles = [(s.article.id, s.article.name) for s in summaries]
    return Provenance(articles, claims, covered, chosen, marked, proposal)


def propose_original(db: Database, story: str | None = None) -> OriginalProposal:
    """The likely original of a story's articles (the linker stores it)."""
    return provenance(db, story).proposal


def current_reference(db: Database, story: str | None = None) -> str | None:
    """A story's reference: the article a user marked, else the linker's proposal, else worked
    out now (an import stopped before its alignment ended has not stored one)."""
    return reference(db, story) or propose_original(db, story).article


def reference_for(db: Database, article: str) -> str | None:
    """The reference of the story `article` is in."""
    return current_reference(db, story_of(db, article))
