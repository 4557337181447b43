"""The only package that speaks SQL: the database file, its schema, and reading and writing records."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from workbench.store.articles import (
    NEW,
    UNCHANGED,
    UPDATED,
    SaveOutcome,
    find_article,
    find_passage,
    get_article,
    get_passage,
    list_articles,
    list_passages,
    save_article,
)
from workbench.store.connection import StoreError, connect, now, read_only_reason, writing
from workbench.store.links import PairToAlign, list_links, pairs_to_align, save_pair_links
from workbench.store.migrations import KNOWN, migrations
from workbench.store.verdicts import (
    HistoryEntry,
    clear_verdict,
    get_verdict,
    list_history,
    list_verdicts,
    set_verdict,
)

__all__ = [
    "NEW", "UNCHANGED", "UPDATED", "HistoryEntry", "PairToAlign", "SaveOutcome", "StoreError",
    "clear_verdict", "ensure_shape", "find_article", "find_passage", "get_article", "get_passage",
    "get_verdict",
    "list_articles", "list_history", "list_links", "list_passages", "list_verdicts", "now",
    "open_db", "pairs_to_align", "read_only_reason", "save_article", "save_pair_links",
    "set_verdict", "writing",
]  # fmt: skip


def open_db(path: str | Path, *, read_only: bool = False) -> Database:
    """Open the workbench database at `path`, creating it and its folder if missing.

    It may come back read-only (see read_only_reason) when the file cannot be written.
    """
    db = connect(path, read_only=read_only)
    try:
        ensure_shape(db)
    except BaseException:
        db.close()
        raise
    return db


def ensure_shape(db: Database) -> None:
    """Apply pending migrations; refuse a database that is not ours or is newer than this code."""
    tables = set(db.table_names())
    applied = {m.name for m in migrations.applied(db)}
    if tables and not applied and tables - {"_sqlite_migrations"}:
        raise StoreError("this SQLite file is not a workbench database; nothing was changed")
    unknown = applied - set(KNOWN)
    if unknown:
        raise StoreError(
            "this database was written by a newer version of workbench "
            f"(it has migration {sorted(unknown)[-1]}); upgrade workbench to open it"
        )
    if set(KNOWN) - applied:
        if read_only_reason(db):
            raise StoreError(
                f"this database needs upgrading to this workbench's schema, but it is read-only "
                f"({read_only_reason(db)}); nothing was changed"
            )
        with writing(db):
            migrations.apply(db)
