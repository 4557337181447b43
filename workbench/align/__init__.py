"""Aligning passages between articles: the Aligner interface, chosen by name; the diff of a pair.

An aligner gives the counterparts of each passage of one article in another (`align`), scores two
passages on their own (`similarity`), builds an index for one article against many at once
(`index(...).align(query)`, which may raise align.index.QueryTooLarge), carries a `version` stored
with each pair's links (a new version realigns them), and the score `thresholds` triage reads. The
lexical scorer (align.lexical) is the one there is; WORKBENCH_ALIGNER picks another by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Match:
    """Passage `a` of the first list and passage `b` of the second say the same thing, with `score`."""

    a: int
    b: int
    score: float


@dataclass(frozen=True)
class Thresholds:
    """Scores (0-100, on the aligner's own scale) that decide what a link means."""

    link: float  # a passage's best counterpart is linked from this score
    paraphrase: float  # close enough to compare who said it (triage's attribution)
    close_paraphrase: float  # close enough that a hedge added or dropped is a change (triage's hedge)
    strong: float  # a link below this is weak (a word or two in common): never shown as ≈ nor evidence

    def weak(self, score: float) -> bool:
        return score < self.strong

    def backs(self, scores: Iterable[float]) -> bool:
        """Whether a claim's links make it a counterpart: one strong link (then all its links
        count, as the parts of a merge do), not weak ones alone."""
        return any(not self.weak(score) for score in scores)


class Aligner(Protocol):
    name: str
    version: str
    thresholds: Thresholds

    def align(self, a: Sequence[str], b: Sequence[str]) -> list[Match]: ...

    def similarity(self, a: str, b: str) -> float: ...

    def coverage(self, claim: str, other: str) -> float: ...  # share of the claim the other backs

    def index(self, articles: Sequence[Sequence[str]]): ...  # type: ignore[no-untyped-def]


def aligners() -> dict[str, Aligner]:
    from workbench.align.lexical import LexicalAligner

    return {LexicalAligner.name: LexicalAligner()}  # type: ignore[dict-item]


def get_aligner(name: str | None = None) -> Aligner:
    """The aligner named `name`, else the one WORKBENCH_ALIGNER names, else the lexical one."""
    chosen = name or os.environ.get("WORKBENCH_ALIGNER") or "lexical"
    found = aligners()
    if chosen not in found:
        raise ValueError(f"no aligner named {chosen!r} (there is: {', '.join(sorted(found))})")
    return found[chosen]
