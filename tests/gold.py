"""The hand-made alignment gold in tests/data, and precision / recall of an aligner against it."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

from workbench.text.sanitize import clean, decode
from workbench.text.segment import segment

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

Aligner = Callable[[Sequence[str], Sequence[str]], set[tuple[int, int]]]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    true_positives: int
    predicted: int
    expected: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def claims(name: str) -> list[str]:
    """The claim and caption passages of a seed, as the importer segments it."""
    text = clean(decode((SEEDS / name).read_bytes()))
    return [text[s.start : s.end] for s in segment(text).segments if s.kind.is_claim]


def _index(passages: list[str], start: str) -> int:
    found = [i for i, text in enumerate(passages) if text.startswith(start)]
    if len(found) != 1:
        raise ValueError(f"{len(found)} passages start with {start!r}")
    return found[0]


def gold_pairs() -> list[tuple[list[str], list[str], set[tuple[int, int]]]]:
    """For each annotated rewrite: its claims, the reference's claims, and the expected links."""
    gold = json.loads((DATA / "alignment_gold.json").read_text("utf-8"))
    reference = claims(gold["reference"])
    out = []
    for name, items in gold["rewrites"].items():
        rewrite = claims(name)
        if len(items) != len(rewrite):
            raise ValueError(f"gold for {name} has {len(items)} claims, the segmenter {len(rewrite)}")
        expected = {
            (_index(rewrite, item["claim"]), _index(reference, evidence))
            for item in items
            for evidence in item["evidence"]
        }
        out.append((rewrite, reference, expected))
    return out


def evaluate(aligner: Aligner) -> Scores:
    hits = predicted_total = expected_total = 0
    for rewrite, reference, expected in gold_pairs():
        predicted = aligner(rewrite, reference)
        hits += len(predicted & expected)
        predicted_total += len(predicted)
        expected_total += len(expected)
    return Scores(
        precision=hits / predicted_total if predicted_total else 0.0,
        recall=hits / expected_total if expected_total else 0.0,
        true_positives=hits,
        predicted=predicted_total,
        expected=expected_total,
    )


def baseline(cut: float) -> Aligner:
    """The obvious aligner: each claim's best match by token_set_ratio, if it reaches `cut`."""

    def align(a: Sequence[str], b: Sequence[str]) -> set[tuple[int, int]]:
        scores = process.cdist(a, b, scorer=fuzz.token_set_ratio, processor=utils.default_process, workers=-1)
        return {(i, int(np.argmax(row))) for i, row in enumerate(scores) if row.max() >= cut}

    return align


BASELINE_CUTS = (50, 60, 70, 80, 90)
