"""The database as the app sees it: opening it, why it is read-only, its articles and their counts.

The app reaches storage only through the services (an import-linter contract holds it); this
module is the part of that surface that is not a review session.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from workbench import store
from workbench.models import Article, ArticleSummary
from workbench.store import Database, DatabaseError

__all__ = [
    "Database",
    "DatabaseError",
    "PickerGroup",
    "article_summaries",
    "articles",
    "open_database",
    "picker_groups",
    "read_only_reason",
]


def open_database(path: str | Path, *, read_only: bool = False) -> Database:
    """Open the workbench database at `path` (created if missing); see read_only_reason."""
    return store.open_db(path, read_only=read_only)


def is_server_url(target: object) -> bool:
    """Whether `target` names a PostgreSQL database rather than a file."""
    from workbench.store.postgres import is_url

    return is_url(target)


def read_only_reason(db: Database) -> str | None:
    return store.read_only_reason(db)


def articles(db: Database) -> list[Article]:
    return store.list_articles(db)


def article_summaries(db: Database, reviewer: str | None = None) -> list[ArticleSummary]:
    """Per article: passages, claims, and claims reviewed (by `reviewer`, when one is named)."""
    return store.article_summaries(db, reviewer)


class PickerGroup(NamedTuple):
    heading: str | None  # the story's id, name and size (None: one story, no heading)
    summaries: list[ArticleSummary]


def picker_groups(db: Database, reviewer: str | None, current: str | None) -> list[PickerGroup]:
    """The articles to pick from, grouped by story: the story of `current` first, then the
    largest; within a story, by file name."""
    summaries = store.article_summaries(db, reviewer)
    stories = store.list_stories(db)
    if len(stories) < 2:
        return [PickerGroup(None, summaries)]
    placed = store.story_map(db)
    mine = placed.get(current or "")
    ordered = sorted(stories, key=lambda s: (s.id != mine,))  # the sort is stable: largest next
    groups = []
    for story in ordered:
        members = [s for s in summaries if placed.get(s.article.id) == story.id]
        if members:
            groups.append(PickerGroup(f"{story.id} · {story.name} · {story.articles} articles", members))
    loose = [s for s in summaries if s.article.id not in placed]
    if loose:
        groups.append(PickerGroup("in no story yet", loose))
    return groups
