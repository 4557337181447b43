"""Precision and recall of the aligner, and of the token_set_ratio baseline, on the hand-made gold.

Run from the repository root: python bench/alignment_quality.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.gold import BASELINE_CUTS, baseline, evaluate  # noqa: E402
from workbench.align.lexical import align  # noqa: E402


def main() -> None:
    rows = [("workbench aligner", evaluate(lambda a, b: {(m.a, m.b) for m in align(a, b)}))]
    rows += [(f"token_set_ratio ≥ {cut}", evaluate(baseline(cut))) for cut in BASELINE_CUTS]
    print("| aligner | precision | recall | F1 | links found / expected |")
    print("|---|---|---|---|---|")
    for name, scores in rows:
        print(
            f"| {name} | {scores.precision:.2f} | {scores.recall:.2f} | {scores.f1:.2f} "
            f"| {scores.true_positives} / {scores.expected} ({scores.predicted} predicted) |"
        )


if __name__ == "__main__":
    main()
