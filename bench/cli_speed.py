"""`workbench status` against importing what it needs at the least: CPU time of whole processes.

Both are new processes, run alternately; the figure is the median CPU time (user + system, from
the children's resource usage) of each. The baseline imports click, rich.table and sqlite3 and
does nothing: what any command line of this kind pays before its first query.
Both run as an installed command does: with Python's byte-code cache (PYTHONDONTWRITEBYTECODE is
dropped from the children's environment, and the warm-up run writes the cache), so the figure is
the cost of what a command loads and does, not of compiling the project's source on every run.
Run on its own: python bench/cli_speed.py DB_PATH
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

from timing import Figure


def cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=environment)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def figures(db_path: Path, repeats: int = 31) -> list[Figure]:
    ours, bare = [], []
    script = Path(sys.executable).with_name("workbench")  # the installed command, as users run it
    command = [str(script)] if script.exists() else [sys.executable, "-m", "workbench"]
    status = [*command, "--db", str(db_path), "status"]
    baseline = [sys.executable, "-c", "import click, rich.table, sqlite3"]
    cpu_seconds(status)  # warm the file cache and the byte-code
    for _ in range(repeats):
        ours.append(cpu_seconds(status))
        bare.append(cpu_seconds(baseline))
    mine, theirs = statistics.median(ours), statistics.median(bare)
    return [
        Figure(
            "`workbench status` on the seeds, CPU time of the process",
            f"{mine * 1000:.0f} ms",
            f"python -c 'import click, rich.table, sqlite3' {theirs * 1000:.0f} ms",
            f"{mine / theirs:.2f}×",
            "≤ 1.5×",
            mine / theirs <= 1.5,
            f"medians of {repeats} alternate runs",
        )
    ]


if __name__ == "__main__":
    for figure in figures(Path(sys.argv[1])):
        print(figure)
