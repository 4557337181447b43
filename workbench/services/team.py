"""Figures for `workbench stats` and the app's statistics screen: who reviewed what, how they agree."""

from __future__ import annotations

from dataclasses import dataclass

from workbench import store
from workbench.models import Dispute
from workbench.services.agreement import Agreement, agreement
from workbench.store import Database, disputes, label_matrix, list_reviewers, stale_verdicts
from workbench.vocabulary import LABELS


@dataclass(frozen=True)
class ReviewerFigures:
    name: str
    role: str
    reviewed: int
    by_label: dict[str, int]
    stale: int


@dataclass(frozen=True)
class DisputeLine:
    dispute: Dispute
    article: str  # file name
    claim: str


@dataclass(frozen=True)
class Stats:
    reviewers: list[ReviewerFigures]
    agreement: Agreement
    disputes: list[DisputeLine]
    stale: int

    def as_json(self) -> dict[str, object]:
        figures = self.agreement
        return {
            "reviewers": [
                {
                    "name": r.name,
                    "role": r.role,
                    "reviewed": r.reviewed,
                    "by_label": r.by_label,
                    "stale": r.stale,
                }
                for r in self.reviewers
            ],
            "agreement": {
                "claims_with_several_verdicts": figures.units,
                "krippendorff_alpha": figures.alpha,
                "observed": figures.observed,
                "by_label": figures.by_label,
                "label_pairs": [
                    {"labels": [a, b], "weight": round(value, 4)}
                    for (a, b), value in sorted(figures.coincidences.items())
                ],
                "pairs": [
                    {
                        "reviewers": [p.first, p.second],
                        "shared": p.shared,
                        "observed": p.observed,
                        "cohen_kappa": p.kappa,
                    }
                    for p in figures.pairs
                ],
            },
            "disputes": [
                {
                    "passage": line.dispute.passage_id,
                    "article": line.article,
                    "claim": line.claim,
                    "verdicts": line.dispute.labels,
                    "final": line.dispute.final.label.value if line.dispute.final else None,
                }
                for line in self.disputes
            ],
            "stale": self.stale,
        }


def gather(db: Database) -> Stats:
    matrix = label_matrix(db)
    stale = stale_verdicts(db)
    roles = dict(list_reviewers(db))
    figures: dict[str, dict[str, int]] = {}
    for labels in matrix.values():
        for reviewer, label in labels.items():
            figures.setdefault(reviewer, dict.fromkeys(LABELS, 0))[label] += 1
    reviewers = [
        ReviewerFigures(
            name,
            roles.get(name, "reviewer"),
            sum(counts.values()),
            counts,
            sum(1 for _, who in stale if who == name),
        )
        for name, counts in sorted(figures.items())
    ]
    names = {a.id: a.name for a in store.list_articles(db)}
    lines = []
    for dispute in disputes(db):
        passage = store.get_passage(db, dispute.passage_id)
        if passage is not None:
            lines.append(DisputeLine(dispute, names.get(passage.article_id, "?"), passage.text))
    return Stats(reviewers, agreement(matrix), lines, len(stale))
