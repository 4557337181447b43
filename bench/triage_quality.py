"""Precision and recall of each triage signal on the hand-made gold of the seed rewrites.

Run from the repository root: python bench/triage_quality.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.triage_gold import GoldRun, add_planted, evaluate  # noqa: E402
from workbench import store  # noqa: E402
from workbench.services.importing import import_paths  # noqa: E402
from workbench.services.linking import refresh_links  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        db = store.open_db(Path(scratch) / "seeds.db")
        import_paths(db, [ROOT / "seeds"])
        refresh_links(db)
        rewrites = evaluate(db)
        add_planted(db)
        planted = evaluate(db, "planted")
        db.close()
    print("The seed rewrites (000, 001) against the original:\n")
    report(rewrites)
    print("\nOur rewrite of the original with planted changes (tests/data/rewrites/):\n")
    report(planted)


def report(run: GoldRun) -> None:
    print("| signal | precision | recall | flagged / expected (correct) |")
    print("|---|---|---|---|")
    for score in run.scores.values():
        precision = f"{score.precision:.2f}" if score.precision is not None else "–"
        recall = f"{score.recall:.2f}" if score.recall is not None else "–"
        counts = f"{score.found} / {score.expected} ({score.correct})"
        print(f"| {score.kind} | {precision} | {recall} | {counts} |")
    print(
        f"\nClaims: {run.claims}; the gold flags {run.flagged_expected}, triage flags {run.flagged_found}, "
        f"{run.flagged_both} in common; {run.flagged_found - run.flagged_both} of the "
        f"{run.claims - run.flagged_expected} claims the gold leaves alone are flagged."
    )


if __name__ == "__main__":
    main()
