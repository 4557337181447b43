"""The benchmark: every speed and memory figure beside its baseline, measured in one run.

    python bench/run.py            all figures (the first run also builds the corpora: ~10 minutes)
    python bench/run.py --quick    fewer repeats and a 1,000-article corpus query instead of 10,000

Prints the table and writes it, with the machine and versions, to bench/RESULTS.md.
Corpora and databases are generated deterministically from the seeds into bench/corpora/ and kept
for later runs.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import alignment_speed
import cli_speed
import export_speed
import ingest
import keys
import review_poll
import startup
import writes
from corpora import CORPORA, add_verdicts, seeds_database
from timing import Figure, machine

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
VERDICTS = 1_000_000


def export_database() -> Path:
    """The 100-article database with a million verdicts (400 reviewers on each of its claims)."""
    path = CORPORA / "export-1m.db"
    if not path.exists():
        source, _ = ingest.linked_database(100)
        scratch = path.with_suffix(".partial")
        shutil.copyfile(source, scratch)
        add_verdicts(scratch, VERDICTS)
        shutil.move(scratch, path)
    return path


def link_seconds(count: int) -> tuple[Path, float | None]:
    """The linked database of `count` articles, and how long its alignment took when it was made."""
    path, elapsed = ingest.linked_database(count)
    record = path.with_name(path.name + ".seconds")
    if elapsed is not None:
        record.write_text(f"{elapsed:.1f}")
    elif record.exists():
        elapsed = float(record.read_text())
    return path, elapsed


def table(figures: list[Figure]) -> list[str]:
    lines = [
        "| figure | workbench | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        met = {True: "yes", False: "**no**", None: "n/a"}[f.met]
        lines.append(f"| {f.name} | {f.ours} | {f.baseline} | {f.ratio} | {f.target} | {met} |")
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    return lines + ([""] + notes if notes else [])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a smaller corpus query")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    began = time.perf_counter()
    figures: list[Figure] = []

    print("alignment of the seeds ...", flush=True)
    figures += alignment_speed.seeds(repeats)
    print("one article against a corpus ...", flush=True)
    figures += alignment_speed.corpus(1_000 if args.quick else 10_000, 3)
    print("import ...", flush=True)
    figures.append(ingest.import_rate(1_000))
    big, elapsed = link_seconds(1_000)
    figures.append(ingest.link_figure(1_000, elapsed, big))
    print("start-up ...", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        seeds = seeds_database(Path(scratch))
        long_article, _, _ = review_poll.build(Path(scratch))  # 1,937 claims, 20 reviewers
        figures += startup.figures(
            {"seeds": seeds, "1,000 articles": big, "a 2,000-sentence article, 20 reviewers": long_article},
            repeats,
            {"seeds": 2, "1,000 articles": 3, "a 2,000-sentence article, 20 reviewers": 2},
        )
        figures += cli_speed.figures(seeds)
        print("keys in the review app ...", flush=True)
        figures += keys.figures({"the seeds": seeds, "a 2,000-sentence article": long_article})
    print("writes under load ...", flush=True)
    figures += [*review_poll.figures(), review_poll.many_links_figure()]
    figures += writes.figures()
    figures += writes.fairness()
    print("export ...", flush=True)
    figures += export_speed.figures(export_database(), 3 if not args.quick else 1)

    lines = [
        "# Benchmark results",
        "",
        f"Measured {date.today().isoformat()} with `python bench/run.py{' --quick' if args.quick else ''}` "
        f"in {time.perf_counter() - began:.0f} s. Times are medians of several runs; every ratio is "
        "against a baseline measured in the same run.",
        "",
        *machine(),
        "",
        *table(figures),
    ]
    explained = Path(__file__).resolve().parent / "EXPLAINED.md"
    if explained.exists():
        lines += ["", explained.read_text("utf-8").strip()]
    RESULTS.write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
