"""Exporting 1,000,000 verdicts to CSV, against a bare cursor streamed into csv.writer.

The export runs as `workbench export` would, in a child process so its peak memory is its own.
The baseline selects the same verdict rows (article, claim text, reviewer, label, note, evidence
ids and texts, times) with one plain query and writes them with csv.writer, also in a child
process. What it leaves out is what the export works out: consensus, final verdict, staleness,
reading order, and spreadsheet-formula neutralising.
Run on its own: python bench/export_speed.py DB_PATH
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from pathlib import Path

from timing import ROOT, Figure, megabytes, peak_memory_kib, seconds

BARE_QUERY = """
SELECT a.title, a.name, a.id, p.id, p.text, v.label, v.reviewer, v.note,
       (SELECT group_concat(e.evidence_id, ';') FROM verdict_evidence e
        WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer),
       (SELECT group_concat(q.text, char(10)) FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
        WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer),
       v.created_at, v.updated_at
FROM verdicts v JOIN passages p ON p.id = v.passage_id JOIN articles a ON a.id = p.article_id
"""


def bare(db_path: str, out: str) -> None:
    import csv
    import sqlite3

    conn = sqlite3.connect(db_path)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        cursor = conn.execute(BARE_QUERY)
        while batch := cursor.fetchmany(1000):
            writer.writerows(batch)
    conn.close()


def ours(db_path: str, out: str) -> None:
    from workbench import store
    from workbench.export import export

    db = store.open_db(Path(db_path), read_only=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        export(db, "csv", handle)
    db.close()


def run(kind: str, db_path: Path, out: Path) -> tuple[float, int]:
    """CPU seconds and peak RSS (KiB) of one export process (which reports its own peak): CPU, not
    wall time, as this machine is shared."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, __file__, kind, str(db_path), str(out)], capture_output=True, text=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(f"{kind} export failed: {result.stderr.strip()}")
    return elapsed, int(result.stdout.split()[-1])


def figures(db_path: Path, repeats: int) -> list[Figure]:
    from workbench import store

    store.open_db(db_path).close()  # a database kept from an earlier run may need this version's migrations
    out = ROOT / "bench" / "corpora" / "export.csv"
    runs: dict[str, list[tuple[float, int]]] = {"bare": [], "ours": []}
    for _ in range(repeats):
        for kind in runs:
            runs[kind].append(run(kind, db_path, out))
    out.unlink()
    ours_time = statistics.median(t for t, _ in runs["ours"])
    bare_time = statistics.median(t for t, _ in runs["bare"])
    ours_memory = max(m for _, m in runs["ours"])
    return [
        Figure(
            "export 1,000,000 verdicts to CSV",
            seconds(ours_time),
            f"bare cursor into csv.writer {seconds(bare_time)}",
            f"{ours_time / bare_time:.2f}×",
            "≤ 1.5×",
            ours_time / bare_time <= 1.5,
        ),
        Figure(
            "export peak memory",
            megabytes(ours_memory),
            f"bare {megabytes(max(m for _, m in runs['bare']))}",
            "",
            "< 60 MB",
            ours_memory < 60 * 1024,
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1] in ("bare", "ours"):
        (bare if sys.argv[1] == "bare" else ours)(sys.argv[2], sys.argv[3])
        print(peak_memory_kib())
    else:
        for figure in figures(Path(sys.argv[1]), 1):
            print(figure)
