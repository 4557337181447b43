"""Learn triage's model (workbench/triage/model.json) from the public dev sets, and say how well its
score orders claims it was not trained on, beside the hand-set weights it replaces.

Run from the repository root:
    python bench/train_triage.py [--data DIR] [--cache FILE] [--write]

Each claim of a BUMP summary (the sentence holding the inserted error, and every sentence of the
faithful twin) and of an XSum summary (a sentence holding a hallucinated span, and every sentence of
a faithful summary) is imported, aligned and run through triage's detectors exactly as
`workbench triage` does (bench/quality.py builds the corpora); its features (triage/features.py)
and its gold label make one row. A logistic regression is fitted by Newton's method, each data set
and each class weighted alike so that neither the larger set nor the commoner class decides.

The score is triage's `suspicion`: the order of the app's "most suspicious first". Which claims are
flagged stays with the detectors, each of which names its words and evidence. The figures printed
are ROC AUC per set and, for BUMP, how often the error's sentence scores above the same sentence in
its faithful twin: BUMP and XSum from five folds split by source article (each fold scored by a
model fitted on the other four), the seed rewrites (our own gold) by the model fitted on BUMP and
XSum, never trained on. `--write` fits on all of BUMP and XSum and writes the weights and these
figures into the package; nothing of the data goes in.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import DEFAULT_DATA, build, grouped, overlaps  # noqa: E402

from workbench.services.hints import article_claims  # noqa: E402
from workbench.triage.features import FEATURES  # noqa: E402
from workbench.triage.signals import detect, features  # noqa: E402

MODEL = ROOT / "workbench" / "triage" / "model.json"
FOLDS = 5
TRAINED_ON = ("bump", "xsum")
RIDGE = 1.0  # L2 penalty on the weights (not the bias): a few hundred rows, a score of features


@dataclass
class Row:
    data: str  # "bump" or "xsum"
    group: str  # the source article: folds never split one
    unit: str  # what a figure counts: a BUMP edit or twin sentence, an XSum summary
    label: int  # 1 = holds the error or hallucination
    x: tuple[float, ...]


def bump_rows(path: Path, scratch: Path, limit: int | None) -> list[Row]:
    rows = []
    for article, group in grouped(path, lambda record: record["meta"]["article_id"], limit):
        reference = next((r for r in group if r["label"] == "faithful"), None)
        if reference is None:
            continue
        edits = [
            r for r in group if r["label"] == "unfaithful" and r["gold"] and r["gold"][0].get("derived_span")
        ]
        texts = {"source": group[0]["source_text"], "summary": reference["derived_text"]}
        texts.update({f"edit{k}": edit["derived_text"] for k, edit in enumerate(edits)})
        corpus = build(scratch, texts, "source")
        source = corpus.ids["source"]
        summary = {c.passage: c for c in article_claims(corpus.db, corpus.ids["summary"], source)}
        for claim in summary.values():
            rows.append(Row("bump", article, f"bump:{article}:{claim.passage}", 0, _x(claim)))
        passages = {p.id: p for p in corpus.passages("summary")}
        for k, edit in enumerate(edits):
            gold = edit["gold"][0]
            span = tuple(gold["derived_span"])
            twin_span = tuple(gold.get("reference_span") or span)
            twins = sorted(f"bump:{article}:{p}" for p, q in passages.items() if overlaps(q, twin_span))
            edited = {p.id for p in corpus.passages(f"edit{k}") if overlaps(p, span)}
            for claim in article_claims(corpus.db, corpus.ids[f"edit{k}"], source):
                if claim.passage in edited:
                    unit = f"bump-edit:{article}:{k}|" + ",".join(twins)
                    rows.append(Row("bump", article, unit, 1, _x(claim)))
        corpus.db.close()
    return rows


def xsum_rows(path: Path, scratch: Path, limit: int | None) -> list[Row]:
    rows = []
    for article, group in grouped(path, lambda record: record["meta"]["bbcid"], limit):
        texts = {
            "source": group[0]["source_text"],
            **{f"summary{k}": r["derived_text"] for k, r in enumerate(group)},
        }
        corpus = build(scratch, texts, "source")
        source = corpus.ids["source"]
        for k, record in enumerate(group):
            name = f"summary{k}"
            spans = [tuple(g["derived_span"]) for g in record["gold"] if g.get("derived_span")]
            held = {p.id for p in corpus.passages(name) if any(overlaps(p, s) for s in spans)}
            hallucinated = record["label"] == "hallucinated"
            for claim in article_claims(corpus.db, corpus.ids[name], source):
                if hallucinated and claim.passage not in held:
                    continue  # a sentence of a hallucinated summary that no annotator marked
                rows.append(Row("xsum", article, f"xsum:{article}:{k}", int(hallucinated), _x(claim)))
        corpus.db.close()
    return rows


def seed_rows(scratch: Path) -> list[Row]:
    """The seed rewrites against the original, labelled by our own gold (tests/data/triage_gold.json):
    a claim the gold flags is 1, one it leaves alone 0. They are scored, never trained on."""
    from tests.triage_gold import GOLD
    from workbench import store
    from workbench.services.importing import import_paths
    from workbench.services.linking import refresh_links

    gold = json.loads(GOLD.read_text("utf-8"))
    db = store.open_db(scratch / "seeds.db")
    import_paths(db, [ROOT / "seeds"])
    refresh_links(db)
    articles = {a.name: a for a in store.list_articles(db)}
    reference = articles[gold["reference"]].id
    rows = []
    for name, annotated in gold["articles"].items():
        for claim in article_claims(db, articles[name].id, reference):
            kinds = next((set(k) for start, k in annotated.items() if claim.text.startswith(start)), set())
            rows.append(Row("seeds", name, f"seeds:{claim.passage}", int(bool(kinds)), _x(claim)))
    db.close()
    return rows


def _x(claim) -> tuple[float, ...]:  # type: ignore[no-untyped-def]
    return features(claim, detect(claim))


# Fitting -----------------------------------------------------------------------------------------


def sample_weights(rows: list[Row]) -> np.ndarray:
    """Each data set, and each class within it, carries the same total weight."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in rows:
        counts[(row.data, row.label)] += 1
    return np.array([1.0 / counts[(row.data, row.label)] for row in rows]) * len(rows) / len(counts)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, ridge: float = RIDGE) -> tuple[np.ndarray, float]:
    """Weighted, L2-penalised logistic regression by Newton's method: (weights, bias)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], ridge)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (w * (p - y)) + penalty * beta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def scores(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


# What the old suspicion was: a hand-set weight per kind of flag the claim has (the baseline).
HAND_WEIGHTS = {"figure": 3.0, "date": 3.0, "role": 3.0, "attribution": 3.0, "hedge": 2.0, "swap": 3.0,
                "no_support": 2.5, "editorial": 2.0, "new_name": 1.0}  # fmt: skip


def hand_scores(x: np.ndarray) -> np.ndarray:
    return sum(x[:, FEATURES.index(f"flag_{kind}")] * weight for kind, weight in HAND_WEIGHTS.items())


def flagged(x: np.ndarray) -> np.ndarray:
    return (hand_scores(x) > 0).astype(float)


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """The chance that a wrong claim scores above a right one (ties count half)."""
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    above = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(above / (len(pos) * len(neg)))


def above_twin(rows: list[Row], p: np.ndarray) -> float:
    """BUMP: the share of edits whose error sentence scores above the same sentence in its faithful
    twin (ties count half): what a checker ordering by suspicion sees."""
    by_unit = {
        row.unit: score for row, score in zip(rows, p, strict=True) if row.data == "bump" and not row.label
    }
    wins = []
    for row, score in zip(rows, p, strict=True):
        if row.data == "bump" and row.label:
            twins = [by_unit[t] for t in row.unit.split("|")[1].split(",") if t in by_unit]
            if twins:
                wins.append(1.0 if score > max(twins) else 0.5 if score == max(twins) else 0.0)
    return float(np.mean(wins)) if wins else float("nan")


def report(rows: list[Row], p: np.ndarray) -> list[str]:
    """Ranking figures per data set: the suspicion triage ships (flagged claims first, each group by
    the model's score `p`), the model alone, the hand weights it replaces, and flagged or not."""
    x = np.array([row.x for row in rows])
    y = np.array([row.label for row in rows])
    ranked = (flagged(x) + p, p, hand_scores(x), flagged(x))
    lines = [
        "| data | claims (wrong) | suspicion: flagged first, then the model | the model alone "
        "| hand weights (before) | flagged or not |",
        "|---|---|---|---|---|---|",
    ]
    for data in ("bump", "xsum", "seeds"):
        mask = np.array([row.data == data for row in rows])
        if mask.any():
            cells = " | ".join(f"{auc(r[mask], y[mask]):.3f}" for r in ranked)
            lines.append(f"| {data} ROC AUC | {mask.sum()} ({y[mask].sum()}) | {cells} |")
    cells = " | ".join(f"{above_twin(rows, r):.3f}" for r in ranked)
    lines.append(f"| BUMP: error sentence above its twin | – | {cells} |")
    return lines


def cross_validate(rows: list[Row]) -> np.ndarray:
    """Each BUMP and XSum claim scored by a model fitted on the four folds of source articles that
    do not hold it; the seeds, never trained on, by a model fitted on all of BUMP and XSum."""
    trained = [row for row in rows if row.data in TRAINED_ON]
    groups = sorted({row.group for row in trained})
    fold_of = {g: k % FOLDS for k, g in enumerate(np.random.default_rng(7).permutation(groups))}
    x = np.array([row.x for row in rows])
    y = np.array([row.label for row in rows], dtype=float)
    p = np.zeros(len(rows))
    for fold in range(FOLDS):
        train = np.array([row.data in TRAINED_ON and fold_of[row.group] != fold for row in rows])
        weights, bias = fit(
            x[train], y[train], sample_weights([r for r, t in zip(rows, train, strict=True) if t])
        )
        test = np.array([row.data in TRAINED_ON and fold_of[row.group] == fold for row in rows])
        p[test] = scores(x[test], weights, bias)
    untrained = np.array([row.data not in TRAINED_ON for row in rows])
    if untrained.any():
        weights, bias = fit(x[~untrained], y[~untrained], sample_weights(trained))
        p[untrained] = scores(x[untrained], weights, bias)
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, help="keep the rows here, and read them from it if it exists")
    parser.add_argument("--limit", type=int, help="source articles per set (a quick look)")
    parser.add_argument("--write", action="store_true", help=f"write the model to {MODEL.relative_to(ROOT)}")
    args = parser.parse_args()
    if args.cache and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        bump_path, xsum_path = args.data / "bump_task2.jsonl", args.data / "xsum_hallucination_dev.jsonl"
        if not bump_path.exists() or not xsum_path.exists():
            sys.exit(f"the dev sets are not in {args.data}: nothing to train on")
        with tempfile.TemporaryDirectory() as scratch:
            here = Path(scratch)
            rows = bump_rows(bump_path, here, args.limit) + xsum_rows(xsum_path, here, args.limit)
            rows += seed_rows(here)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(rows))
    if [len(row.x) for row in rows[:1]] != [len(FEATURES)]:
        sys.exit("the cached rows have other features than triage/features.py: run without --cache")
    print(f"{len(rows)} claims; BUMP and XSum scored in five folds by source article, each by a model")
    print("fitted on the other four; the seeds (our gold, never trained on) by one fitted on both:\n")
    figures = report(rows, cross_validate(rows))
    print("\n".join(figures))
    trained = [row for row in rows if row.data in TRAINED_ON]
    x = np.array([row.x for row in trained])
    y = np.array([row.label for row in trained], dtype=float)
    weights, bias = fit(x, y, sample_weights(trained))
    print("\nweights, fitted on all of BUMP and XSum:")
    for name, weight in sorted(zip(FEATURES, weights, strict=True), key=lambda nw: -abs(nw[1])):
        print(f"  {name:18} {weight:+.2f}")
    if args.write:
        model = {
            "about": "triage's logistic model, by bench/train_triage.py from the BUMP and XSum dev sets",
            "trained": date.today().isoformat(),
            "features": list(FEATURES),
            "weights": [round(float(w), 4) for w in weights],
            "bias": round(bias, 4),
            "cross_validated": figures,
        }
        MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
