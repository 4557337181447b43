"""The only package that speaks SQL: the database file, its schema, and reading and writing records.

This module is its facade: everything outside the store imports from `workbench.store`, never
from its modules (the records it returns are workbench.models'). Only migrations, which load
sqlite-utils, stay out of it: opening a current database never needs them.
"""

from __future__ import annotations

from pathlib import Path

from workbench.store.connection import (
    Database,
    DatabaseError,
    StoreError,
    connect,
    data_version,
    now,
    read_only_reason,
    recognise,
    writing,
)
from workbench.store.file_checks import network_reason
from workbench.store.schema import MIGRATIONS

# Names the facade gives from the store's other modules, each imported on first use (PEP 562):
# opening the database and one query should not load the merge, the exports and the teams code.
_LAZY = {
    "ArticleSummary": "reports",
    "Dispute": "teams",
    "FinalVerdict": "teams",
    "HistoryEntry": "verdicts",
    "MergeReport": "merging",
    "NEW": "articles",
    "PairToAlign": "links",
    "ROLES": "teams",
    "SETTINGS": "teams",
    "SaveOutcome": "articles",
    "UNCHANGED": "articles",
    "UPDATED": "articles",
    "VerdictRow": "exports",
    "article_names": "articles",
    "article_summaries": "reports",
    "blind_review": "teams",
    "claim_groups": "exports",
    "claim_links": "links",
    "claim_rows": "exports",
    "clear_final": "teams",
    "clear_verdict": "verdicts",
    "disputes": "teams",
    "evidence_columns": "exports",
    "final_verdicts": "teams",
    "find_article": "articles",
    "find_passage": "articles",
    "first_article": "articles",
    "get_article": "articles",
    "get_final": "teams",
    "get_passage": "articles",
    "get_role": "teams",
    "get_setting": "teams",
    "get_verdict": "verdicts",
    "is_stale": "verdicts",
    "label_counts": "reports",
    "label_matrix": "teams",
    "linked_claims": "reports",
    "list_articles": "articles",
    "list_history": "verdicts",
    "list_links": "links",
    "list_passages": "articles",
    "list_reviewers": "teams",
    "list_verdicts": "verdicts",
    "marked_reference": "teams",
    "merge": "merging",
    "orphan_verdicts": "exports",
    "pairs_to_align": "links",
    "passage_links": "articles",
    "reference": "teams",
    "reference_doubt": "teams",
    "pair_aligner": "links",
    "history_mark": "verdicts",
    "changes_since": "verdicts",
    "location": "connection",
    "open_reader": "connection",
    "writer": "connection",
    "row_is_stale": "exports",
    "rows_consensus": "exports",
    "save_article": "articles",
    "save_many_pair_links": "links",
    "save_pair_links": "links",
    "set_final": "teams",
    "set_reference": "teams",
    "set_role": "teams",
    "set_setting": "teams",
    "set_verdict": "verdicts",
    "stale_verdicts": "verdicts",
    "Story": "stories",
    "waiting_by_story": "links",
    "story_id": "stories",
    "list_stories": "stories",
    "story_name": "stories",
    "find_story": "stories",
    "story_of": "stories",
    "story_articles": "stories",
    "story_map": "stories",
    "sole_story": "stories",
    "ungrouped": "stories",
    "place_articles": "stories",
    "move_article": "stories",
    "StoryMember": "stories",
    "story_members": "stories",
    "story_sizes": "stories",
    "unproposed_stories": "stories",
    "aligned_with": "links",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench.store' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"workbench.store.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "NEW", "UNCHANGED", "UPDATED", "ROLES", "SETTINGS", "MIGRATIONS",
    "ArticleSummary", "Database", "DatabaseError", "Dispute", "FinalVerdict", "HistoryEntry", "MergeReport",
    "PairToAlign", "SaveOutcome", "StoreError", "VerdictRow",
    "article_names", "article_summaries", "blind_review", "claim_groups", "claim_links", "claim_rows",
    "clear_final", "clear_verdict", "data_version", "first_article",
    "disputes", "ensure_shape",
    "evidence_columns", "final_verdicts", "find_article", "find_passage", "get_article", "get_final",
    "get_passage", "get_role", "get_setting", "get_verdict", "is_stale", "label_counts", "label_matrix",
    "linked_claims", "list_articles", "list_history", "list_links", "list_passages", "list_reviewers",
    "list_verdicts", "marked_reference", "merge", "network_reason", "now", "open_db", "orphan_verdicts",
    "pairs_to_align", "passage_links", "read_only_reason", "reference", "row_is_stale",
    "rows_consensus", "save_article", "save_many_pair_links", "save_pair_links", "set_final",
    "reference_doubt", "set_reference", "set_role", "set_setting", "set_verdict",
    "stale_verdicts", "writing", "history_mark", "changes_since", "pair_aligner",
    "Story", "waiting_by_story", "story_id", "list_stories", "story_name", "find_story", "story_of",
    "story_articles", "story_map", "sole_story", "ungrouped", "place_articles", "move_article",
    "StoryMember", "story_members", "story_sizes", "aligned_with", "writer",
    "unproposed_stories", "location", "open_reader",
]  # fmt: skip


def open_db(path: str | Path, *, read_only: bool = False) -> Database:
    """Open the workbench database at `path`, creating it and its folder if missing.

    It may come back read-only (see read_only_reason) when the file cannot be written. A new file
    that cannot be set up (a full disk) is removed again, never left empty.
    """
    from workbench.store.postgres import is_url

    if is_url(path):
        return _open_postgres(str(path), read_only=read_only)
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


def _open_postgres(url: str, *, read_only: bool) -> Database:
    from workbench.store import postgres

    db = postgres.connect(url, read_only=read_only)
    try:
        applied = postgres.recognise(db)
        if set(MIGRATIONS) - applied:
            if read_only:
                raise StoreError(
                    "this database needs upgrading to this workbench's schema, but it is open read-only; "
                    "nothing was changed"
                )
            postgres.migrate(db)
    except BaseException:
        db.close()
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
