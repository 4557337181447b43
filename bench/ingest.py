"""Import and segment speed, and the benchmark databases that later figures open.

Run on its own: python bench/ingest.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from corpora import CORPORA, write_corpus
from timing import Figure, seconds

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links


def import_rate(count: int) -> Figure:
    """Read, segment and save `count` generated articles into a new database (no alignment), in
    CPU time of this process (the machine is shared: wall time would measure its neighbours)."""
    folder = write_corpus(count)
    with tempfile.TemporaryDirectory() as scratch:
        db = store.open_db(Path(scratch) / "import.db")
        start = time.process_time()
        report = import_paths(db, [folder])
        elapsed = time.process_time() - start
        db.close()
    rate = len(report.outcomes) / elapsed
    return Figure(
        f"import and segment {count:,} articles",
        f"{rate:.0f} articles per CPU second",
        "none",
        f"{seconds(elapsed)} in all",
        "≥ 200 articles per CPU second",
        rate >= 200,
    )


def linked_database(count: int) -> tuple[Path, float | None]:
    """A database of `count` generated articles, imported and aligned; made once and kept.

    Returns its path and the seconds the alignment took (None when the database was already made).
    """
    path = CORPORA / f"{count}-1-stories.db"  # grouped into stories (big ones aligned sparsely)
    if path.exists():
        return path, None
    scratch = path.with_suffix(".partial")
    for leftover in scratch.parent.glob(scratch.name + "*"):
        leftover.unlink()
    db = store.open_db(scratch)
    import_paths(db, [write_corpus(count)])
    start = time.perf_counter()
    refresh_links(db)
    elapsed = time.perf_counter() - start
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.move(scratch, path)
    return path, elapsed


def link_figure(count: int, elapsed: float | None, path: Path) -> Figure:
    store.open_db(path).close()  # a corpus kept from an earlier run may need this version's migrations
    db = store.open_db(path, read_only=True)
    links = db.execute("SELECT count(*) FROM links").fetchone()[0]
    db.close()
    size = path.stat().st_size / 1e6
    return Figure(
        f"group and align {count:,} articles in stories (import excluded)",
        seconds(elapsed) if elapsed is not None else "made in an earlier run",
        "none",
        f"{links:,} links, {size:,.0f} MB file",
        "report",
        None,
    )


if __name__ == "__main__":
    print(import_rate(1000))
    path, elapsed = linked_database(100)
    print(link_figure(100, elapsed, path))
