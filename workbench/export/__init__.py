"""Writing verdicts out: a registry of formats, one module each, streamed from the store.

Each format module names itself (NAME), what it counts (UNIT), the encoding of a file it writes
(FILE_ENCODING), a line of help (HELP), and `write(db, handle, **options) -> Written`. The
command line's --format choices and help, and the app's export, come from FORMATS.
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import TextIO

from workbench.export import claimreview, csv_rows, fever, jsonl
from workbench.export.common import Written
from workbench.store import Database, StoreError, orphan_verdicts

FORMATS: dict[str, ModuleType] = {module.NAME: module for module in (csv_rows, jsonl, fever, claimreview)}

__all__ = ["FORMATS", "Written", "export"]


def export(db: Database, fmt: str, handle: TextIO, **options: str | None) -> Written:
    """Write every verdict of `db` to `handle` in the format named `fmt`.

    A file that quick_check found damaged is refused: what it gave could be missing verdicts.
    Verdicts on claims the database no longer has are counted (Written.orphans).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if db.damaged:
        raise StoreError(
            f"the database is damaged ({db.damaged}); an export could miss verdicts. "
            "Recover it first (sqlite3 FILE .recover)"
        )
    written = FORMATS[fmt].write(db, handle, **options)
    return replace(written, orphans=orphan_verdicts(db))
