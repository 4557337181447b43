"""Counts for the status views: passages and claims per article, verdicts per reviewer and label."""

from __future__ import annotations

from workbench.models import (
    ArticleSummary,  # noqa: F401  (re-exported for the store's callers)
)
from workbench.store.articles import list_articles
from workbench.store.connection import CLAIM_KINDS_SQL, KNOWN_LABEL, Database


def article_summaries(
    db: Database, reviewer: str | None = None, story: str | None = None
) -> list[ArticleSummary]:
    """Passages, claims and reviewed claims per article (of `story`, or all): reviewed by anyone,
    or by `reviewer`."""
    within = (
        "AND p.article_id IN (SELECT article_id FROM story_articles WHERE story_id = :story)"
        if story is not None
        else ""
    )
    counts = {
        row[0]: row[1:]
        for row in db.execute(
            f"""
            SELECT p.article_id, count(*),
                   sum(CASE WHEN p.kind IN {CLAIM_KINDS_SQL} THEN 1 ELSE 0 END),
                   sum(CASE WHEN p.kind IN {CLAIM_KINDS_SQL}
                       AND EXISTS(SELECT 1 FROM verdicts v WHERE v.passage_id = p.id
                                  AND (:reviewer IS NULL OR v.reviewer = :reviewer)) THEN 1 ELSE 0 END)
            FROM passages p WHERE p.retired_at IS NULL {within} GROUP BY p.article_id
            """,
            {"reviewer": reviewer, "story": story},
        )
    }
    return [
        ArticleSummary(article, *(int(n or 0) for n in counts.get(article.id, (0, 0, 0))))
        for article in list_articles(db, story)
    ]


def label_counts(db: Database) -> dict[str, dict[str, int]]:
    """For each reviewer, how many current verdicts carry each label."""
    counts: dict[str, dict[str, int]] = {}
    for reviewer, label, count in db.execute(
        f"SELECT reviewer, label, count(*) FROM verdicts WHERE {KNOWN_LABEL} "
        "GROUP BY reviewer, label ORDER BY reviewer"
    ):
        counts.setdefault(reviewer, {})[label] = count
    return counts


def linked_claims(db: Database, story: str | None = None) -> dict[tuple[str, str], int]:
    """(article, other) -> how many of the article's claims have a counterpart in the other
    (articles of `story`, or all)."""
    within = (
        "WHERE a_article IN (SELECT article_id FROM story_articles WHERE story_id = :story)"
        if story is not None
        else ""
    )
    linked: dict[tuple[str, str], int] = {}
    for article, other, count in db.execute(
        f"""
        SELECT a_article, b_article, count(DISTINCT a) FROM links {within} GROUP BY a_article, b_article
        UNION ALL
        SELECT b_article, a_article, count(DISTINCT b) FROM links {within} GROUP BY a_article, b_article
        """,
        {"story": story},
    ):
        linked[(article, other)] = linked.get((article, other), 0) + count
    return linked
