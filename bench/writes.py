"""Keypress to committed verdict while 8 other processes write the same database file.

The figure times ReviewSession.mark, the call a verdict key makes: the verdict is committed (and
fsynced, synchronous=FULL) when it returns. The baseline is a bare sqlite3 INSERT and COMMIT into
the same file under the same load. The 8 writers are real processes, each recording a verdict
every few milliseconds under its own reviewer name.
Run on its own: python bench/writes.py
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, Figure

from workbench import store
from workbench.models import LABELS
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.services.review import ReviewSession, default_pair

WRITERS = 8
PAUSE = 0.005  # seconds between one writer's verdicts: 8 writers make ~1,000 commits a second


def writer(db_path: str, reviewer: str, stop_file: str) -> None:
    """A child process: record verdicts on random claims until `stop_file` appears."""
    rng = random.Random(reviewer)
    db = store.open_db(Path(db_path))
    claims = [row[0] for row in db.execute("SELECT id FROM passages WHERE kind = 'claim'")]
    stop = Path(stop_file)
    while not stop.exists():
        store.set_verdict(db, rng.choice(claims), reviewer, rng.choice(LABELS))
        time.sleep(PAUSE)
    db.close()


def greedy_writer(db_path: str, reviewer: str, stop_file: str, report: str) -> None:
    """A child process writing as fast as it can (no pause): how many commits it got, and its waits."""
    rng = random.Random(reviewer)
    db = store.open_db(Path(db_path))
    claims = [row[0] for row in db.execute("SELECT id FROM passages WHERE kind = 'claim'")]
    stop = Path(stop_file)
    waits = []
    while not stop.exists():
        start = time.perf_counter()
        store.set_verdict(db, rng.choice(claims), reviewer, rng.choice(LABELS))
        waits.append(time.perf_counter() - start)
    db.close()
    Path(report).write_text("\n".join(f"{w:.6f}" for w in waits))


def fairness(seconds: float = 10.0, writers: int = 8) -> list[Figure]:
    """Under tight load (writers with no pause), does every writer get its turn, and how long a wait?"""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "shared.db"
        db = store.open_db(path)
        import_paths(db, [ROOT / "seeds"])
        refresh_links(db)
        db.close()
        stop = Path(scratch) / "stop"
        reports = [Path(scratch) / f"waits{n}" for n in range(writers)]
        children = [
            subprocess.Popen(
                [sys.executable, __file__, "greedy", str(path), f"greedy{n}", str(stop), str(reports[n])]
            )
            for n in range(writers)
        ]
        time.sleep(seconds)
        stop.write_text("stop")
        for child in children:
            child.wait(timeout=60)
        waits = [[float(x) for x in report.read_text().split()] for report in reports]
    commits = [len(w) for w in waits]
    every = [x for w in waits for x in w]
    p99, worst = percentile(every, 0.99) * 1000, max(every) * 1000
    share = min(commits) / max(commits) if max(commits) else 0.0
    return [
        Figure(
            f"write-lock fairness, {writers} writers with no pause for {seconds:.0f} s",
            f"fewest / most commits {min(commits):,} / {max(commits):,}; "
            f"wait p99 {p99:.0f} ms, max {worst:.0f} ms",
            "every writer the same share",
            f"{share:.2f} of the busiest",
            "≥ 0.5 of the busiest; max wait < 30 s",
            share >= 0.5 and worst < 30_000,
            f"{sum(commits):,} commits in all",
        )
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figures(marks: int = 1000) -> list[Figure]:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "shared.db"
        db = store.open_db(path)
        import_paths(db, [ROOT / "seeds"])
        refresh_links(db)
        db.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, reviewer TEXT, label TEXT)")
        db.conn.commit()
        stop = Path(scratch) / "stop"
        children = [
            subprocess.Popen([sys.executable, __file__, "writer", str(path), f"writer{n}", str(stop)])
            for n in range(WRITERS)
        ]
        try:
            time.sleep(1.0)  # let every writer get going
            left, right = default_pair(db) or (None, None)
            assert left and right, "the seeds give a pair to review"
            session = ReviewSession.open(db, "bench", left.id, right.id)
            claims = [session.passages[k].id for k in session.claim_indexes()]
            ours, bare = [], []
            plain = sqlite3.connect(path, timeout=30)
            rng = random.Random(5)
            for n in range(marks):
                start = time.perf_counter()
                session.mark(claims[n % len(claims)], rng.choice(LABELS))
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                plain.execute("INSERT INTO plain (reviewer, label) VALUES (?, ?)", ("bench", "supported"))
                plain.commit()
                bare.append(time.perf_counter() - start)
            plain.close()
            alive = sum(1 for child in children if child.poll() is None)
        finally:
            stop.write_text("stop")
            for child in children:
                child.wait(timeout=30)
        written = db.execute("SELECT count(*) FROM verdict_history").fetchone()[0]
        db.close()
    p99, base99 = percentile(ours, 0.99) * 1000, percentile(bare, 0.99) * 1000
    p50, base50 = percentile(ours, 0.5) * 1000, percentile(bare, 0.5) * 1000
    return [
        Figure(
            f"keypress to committed verdict, {WRITERS} other writers ({alive} alive at the end)",
            f"p50 {p50:.1f} ms, p99 {p99:.1f} ms",
            f"bare sqlite3 insert p50 {base50:.1f} ms, p99 {base99:.1f} ms",
            f"{p99 / base99:.1f}× at p99",
            "p99 < 20 ms",
            p99 < 20,
            f"{marks} verdicts timed; {written:,} verdict changes written in all",
        )
    ]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "writer":
        writer(*sys.argv[2:5])
    elif len(sys.argv) > 1 and sys.argv[1] == "greedy":
        greedy_writer(*sys.argv[2:6])
    elif len(sys.argv) > 1 and sys.argv[1] == "--fairness":
        for figure in fairness():
            print(figure)
    else:
        for figure in figures():
            print(figure)
