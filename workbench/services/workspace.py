"""The database as the app sees it: opening it, why it is read-only, its articles and their counts.

The app reaches storage only through the services (an import-linter contract holds it); this
module is the part of that surface that is not a review session.
"""

from __future__ import annotations

from pathlib import Path

from workbench import store
from workbench.models import Article, ArticleSummary
from workbench.store import Database, DatabaseError

__all__ = ["Database", "DatabaseError", "article_summaries", "articles", "open_database", "read_only_reason"]


def open_database(path: str | Path, *, read_only: bool = False) -> Database:
    """Open the workbench database at `path` (created if missing); see read_only_reason."""
    return store.open_db(path, read_only=read_only)


def read_only_reason(db: Database) -> str | None:
    return store.read_only_reason(db)


def articles(db: Database) -> list[Article]:
    return store.list_articles(db)


def article_summaries(db: Database, reviewer: str | None = None) -> list[ArticleSummary]:
    """Per article: passages, claims, and claims reviewed (by `reviewer`, when one is named)."""
    return store.article_summaries(db, reviewer)
