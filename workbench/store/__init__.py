"""The only package that speaks SQL: the database file, its schema, and reading and writing records."""

from __future__ import annotations

from pathlib import Path

from workbench.store.articles import (
    NEW,
    UNCHANGED,
    UPDATED,
    SaveOutcome,
    article_names,
    find_article,
    find_passage,
    get_article,
    get_passage,
    list_articles,
    list_passages,
    passage_links,
    save_article,
)
from workbench.store.connection import (
    Database,
    StoreError,
    connect,
    now,
    read_only_reason,
    recognise,
    writing,
)
from workbench.store.links import (
    PairToAlign,
    count_pairs_to_align,
    list_links,
    pairs_to_align,
    save_many_pair_links,
    save_pair_links,
)
from workbench.store.schema import MIGRATIONS
from workbench.store.verdicts import (
    HistoryEntry,
    clear_verdict,
    get_verdict,
    list_history,
    list_verdicts,
    set_verdict,
)

__all__ = [
    "Database",
    "NEW", "UNCHANGED", "UPDATED", "HistoryEntry", "PairToAlign", "SaveOutcome", "StoreError",
    "clear_verdict", "ensure_shape", "find_article", "find_passage", "get_article", "get_passage",
    "get_verdict", "article_names", "passage_links",
    "list_articles", "list_history", "list_links", "list_passages", "list_verdicts", "now",
    "open_db", "pairs_to_align", "count_pairs_to_align", "read_only_reason", "save_article",
    "save_many_pair_links", "save_pair_links",
    "set_verdict", "writing",
]  # fmt: skip


def open_db(path: str | Path, *, read_only: bool = False) -> Database:
    """Open the workbench database at `path`, creating it and its folder if missing.

    It may come back read-only (see read_only_reason) when the file cannot be written. A new file
    that cannot be set up (a full disk) is removed again, never left empty.
    """
    path = Path(path)
    new = not path.exists()
    db = connect(path, read_only=read_only)
    try:
        ensure_shape(db)
    except BaseException:
        db.close()
        if new:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    return db


def ensure_shape(db: Database) -> None:
    """Apply pending migrations; refuse a database that is not ours or is newer than this code."""
    applied = recognise(db.conn)
    if set(MIGRATIONS) - applied:
        if read_only_reason(db):
            raise StoreError(
                f"this database needs upgrading to this workbench's schema, but it is read-only "
                f"({read_only_reason(db)}); nothing was changed"
            )
        from sqlite_utils import Database as UtilsDatabase  # only when the schema must change

        from workbench.store.migrations import migrations

        with writing(db):
            migrations.apply(UtilsDatabase(db.conn))
