"""The only package that speaks SQL: the database file, its schema, and reading and writing records.

This module is its facade: everything outside the store imports from `workbench.store`, never
from its modules (the records it returns are workbench.models'). Only migrations, which load
sqlite-utils, stay out of it: opening a current database never needs them.
"""

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
    first_article,
    get_article,
    get_passage,
    list_articles,
    list_passages,
    passage_links,
    save_article,
)
from workbench.store.connection import (
    Database,
    DatabaseError,
    StoreError,
    connect,
    data_version,
    network_reason,
    now,
    read_only_reason,
    recognise,
    writing,
)
from workbench.store.exports import (
    VerdictRow,
    claim_groups,
    claim_rows,
    evidence_columns,
    orphan_verdicts,
    row_is_stale,
    rows_consensus,
)
from workbench.store.links import (
    PairToAlign,
    claim_links,
    count_pairs_to_align,
    list_links,
    pairs_to_align,
    save_many_pair_links,
    save_pair_links,
)
from workbench.store.merge import MergeReport, merge
from workbench.store.reports import (
    ArticleSummary,
    article_summaries,
    label_counts,
    linked_claims,
    proposed_reference,
)
from workbench.store.schema import MIGRATIONS
from workbench.store.teams import (
    ROLES,
    SETTINGS,
    Dispute,
    FinalVerdict,
    blind_review,
    clear_final,
    disputes,
    final_verdicts,
    get_final,
    get_role,
    get_setting,
    label_matrix,
    list_reviewers,
    marked_reference,
    reference,
    set_final,
    set_reference,
    set_role,
    set_setting,
)
from workbench.store.verdicts import (
    HistoryEntry,
    clear_verdict,
    get_verdict,
    is_stale,
    list_history,
    list_verdicts,
    set_verdict,
    stale_verdicts,
)

__all__ = [
    "NEW", "UNCHANGED", "UPDATED", "ROLES", "SETTINGS", "MIGRATIONS",
    "ArticleSummary", "Database", "DatabaseError", "Dispute", "FinalVerdict", "HistoryEntry", "MergeReport",
    "PairToAlign", "SaveOutcome", "StoreError", "VerdictRow",
    "article_names", "article_summaries", "blind_review", "claim_groups", "claim_links", "claim_rows",
    "clear_final", "clear_verdict", "count_pairs_to_align", "data_version", "first_article",
    "disputes", "ensure_shape",
    "evidence_columns", "final_verdicts", "find_article", "find_passage", "get_article", "get_final",
    "get_passage", "get_role", "get_setting", "get_verdict", "is_stale", "label_counts", "label_matrix",
    "linked_claims", "list_articles", "list_history", "list_links", "list_passages", "list_reviewers",
    "list_verdicts", "marked_reference", "merge", "network_reason", "now", "open_db", "orphan_verdicts",
    "pairs_to_align", "passage_links", "proposed_reference", "read_only_reason", "reference", "row_is_stale",
    "rows_consensus", "save_article", "save_many_pair_links", "save_pair_links", "set_final",
    "set_reference", "set_role", "set_setting", "set_verdict", "stale_verdicts", "writing",
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
