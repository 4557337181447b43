"""What every figure of the benchmark shares: medians of timed runs, peak memory, the result row."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Figure:
    """One row of the results table: our figure beside its baseline, and whether the target is met."""

    name: str
    ours: str
    baseline: str
    ratio: str
    target: str
    met: bool | None  # None: reported, no target
    note: str = ""


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    """The median CPU time (this process, all its threads) of `repeats` calls of `run`.

    CPU time, not wall time: the machine is shared, and a neighbour's load stretches wall time.
    """
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def megabytes(kib: float) -> str:
    return f"{kib / 1024:.1f} MB"


def peak_memory_kib() -> int:
    """This process's peak resident memory (KiB), from /proc: unlike getrusage, not inherited across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def machine() -> list[str]:
    """Lines naming the machine and the versions the figures were measured with."""
    packages = ["textual", "rapidfuzz", "numpy", "sqlite-utils", "PyStemmer", "rich"]
    import sqlite3

    return [
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        "- " + ", ".join(f"{name} {version(name)}" for name in packages),
    ]
