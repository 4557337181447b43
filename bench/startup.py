"""TUI start-up: process start to first painted screen, and peak memory, against a minimal Textual app.

Each run is a new process (bench/probe.py) that prints READY once its screen is drawn, with the
CPU time it has used by then (the figure: this machine is shared, so CPU, not wall time); the
memory is the peak RSS the process reports itself.
Run on its own: python bench/startup.py DB_PATH

The probes run with Python's bytecode cache on, as a user's Python has it (`pip install` also
writes it for the installed package): where PYTHONDONTWRITEBYTECODE is set, an editable checkout
would compile every module of ours from source at each start, which the minimal app, made of
installed packages only, never pays. The warm-up run writes the cache.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from timing import Figure, megabytes, seconds

PROBE = Path(__file__).resolve().parent / "probe.py"


def launch(args: list[str]) -> tuple[float, int]:
    """CPU seconds to READY and peak RSS (KiB) of one probe process."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(
        [sys.executable, str(PROBE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=environment,
    )
    assert process.stdout is not None
    elapsed, peak = None, 0
    for line in process.stdout:
        if line.startswith("READY ") and elapsed is None:
            elapsed = float(line.split()[1])
        elif line.startswith("PEAK "):
            peak = int(line.split()[1])
    status = process.wait()
    if elapsed is None or status != 0:
        raise RuntimeError(f"probe {args} did not start (status {status})")
    return elapsed, peak


def measure(args: list[str], repeats: int) -> tuple[float, float, float, float, float]:
    """Medians over `repeats` rounds, each a minimal app then ours, one after the other (this
    machine is shared: its load drifts between runs far apart): our CPU time, the minimal app's,
    the ratio of the two in a round, our peak memory, the minimal app's."""
    ours, bases = [], []
    for _ in range(repeats):
        bases.append(launch(["minimal"]))
        ours.append(launch(args))
    return (
        statistics.median(t for t, _ in ours),
        statistics.median(t for t, _ in bases),
        statistics.median(t / b for (t, _), (b, _) in zip(ours, bases, strict=True)),
        statistics.median(m for _, m in ours),
        statistics.median(m for _, m in bases),
    )


def figures(databases: dict[str, Path], repeats: int, limits: dict[str, float]) -> list[Figure]:
    """Start-up time and peak memory on each database, beside the minimal app run in turn with it
    (the ratio is the median of the rounds' ratios)."""
    launch(["minimal"])  # warm the file cache for both
    results = []
    for label, path in databases.items():
        launch(["workbench", str(path)])
        our_time, base_time, ratio, our_memory, base_memory = measure(["workbench", str(path)], repeats)
        limit = limits[label]
        results.append(
            Figure(
                f"TUI start to first screen, {label}",
                seconds(our_time),
                f"minimal app {seconds(base_time)}",
                f"{ratio:.1f}×",
                f"≤ {limit:g}×",
                ratio <= limit,
            )
        )
        memory_target = 3 if label == "seeds" else None
        results.append(
            Figure(
                f"TUI peak memory, {label}",
                megabytes(our_memory),
                f"minimal app {megabytes(base_memory)}",
                f"{our_memory / base_memory:.1f}×",
                "< 3×" if memory_target else "report",
                our_memory / base_memory < memory_target if memory_target else None,
            )
        )
    return results


if __name__ == "__main__":
    for figure in figures({"given database": Path(sys.argv[1])}, 5, {"given database": 2}):
        print(figure)
