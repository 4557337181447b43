"""Inter-reviewer agreement: Cohen's kappa per pair of reviewers, Krippendorff's alpha across all.

Pure functions over a label matrix: claim -> {reviewer: label}. Kappa and alpha are None where they
are undefined (no shared claims, or every label the same so chance agreement is total).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

Matrix = Mapping[str, Mapping[str, str]]  # claim -> reviewer -> label


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    shared: int  # claims both reviewed
    observed: float | None  # share of shared claims with the same label
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    pairs: list[PairAgreement]
    alpha: float | None  # Krippendorff's alpha (nominal) over claims with two or more verdicts
    units: int  # claims with two or more verdicts
    observed: float | None  # pairwise agreement over those claims
    by_label: dict[str, float | None]  # specific agreement: how often a label is matched by another
    coincidences: dict[tuple[str, str], float]  # label pairs met on the same claim (symmetric)


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two raters' labels on the same items."""
    count = len(pairs)
    if not count:
        return None
    observed = sum(1 for a, b in pairs if a == b) / count
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (count * count)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def coincidences(matrix: Matrix) -> dict[tuple[str, str], float]:
    """Krippendorff's coincidence matrix: each claim with m labels adds 1/(m-1) per ordered pair."""
    table: dict[tuple[str, str], float] = {}
    for labels in matrix.values():
        values = list(labels.values())
        if len(values) < 2:
            continue
        weight = 1 / (len(values) - 1)
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    table[(a, b)] = table.get((a, b), 0.0) + weight
    return table


def krippendorff_alpha(matrix: Matrix) -> float | None:
    """Krippendorff's alpha for nominal labels; claims with fewer than two labels do not count."""
    table = coincidences(matrix)
    totals: Counter[str] = Counter()
    for (a, _), value in table.items():
        totals[a] += value
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(value for (a, b), value in table.items() if a != b) / n
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b) / (n * (n - 1))
    if expected == 0:
        return None
    return 1 - disagreement / expected


def agreement(matrix: Matrix) -> Agreement:
    reviewers = sorted({reviewer for labels in matrix.values() for reviewer in labels})
    pairs = []
    for first, second in combinations(reviewers, 2):
        shared = [
            (labels[first], labels[second])
            for labels in matrix.values()
            if first in labels and second in labels
        ]
        observed = sum(a == b for a, b in shared) / len(shared) if shared else None
        pairs.append(PairAgreement(first, second, len(shared), observed, cohen_kappa(shared)))
    table = coincidences(matrix)
    totals: Counter[str] = Counter()
    for (a, _), value in table.items():
        totals[a] += value
    n = sum(totals.values())
    by_label = {
        label: (table.get((label, label), 0.0) / totals[label] if totals[label] else None) for label in totals
    }
    units = sum(1 for labels in matrix.values() if len(labels) >= 2)
    return Agreement(
        pairs=pairs,
        alpha=krippendorff_alpha(matrix),
        units=units,
        observed=sum(value for (a, b), value in table.items() if a == b) / n if n else None,
        by_label=by_label,
        coincidences=table,
    )
