"""Queries that feed the exports: one streamed row per verdict, never the whole table in memory."""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database

VERDICT_COLUMNS = (
    "article_title", "article_file", "article_id", "passage_id", "claim", "passage_status",
    "label", "reviewer", "note", "evidence_ids", "evidence_texts", "created_at", "updated_at",
)  # fmt: skip

# Evidence texts are joined by a newline: a spreadsheet shows them as lines of one cell.
_VERDICT_ROWS = """
SELECT a.title, a.name, a.id, p.id, p.text,
       CASE WHEN p.retired_at IS NULL THEN 'current' ELSE 'retired' END,
       v.label, v.reviewer, v.note,
       (SELECT group_concat(evidence_id, ';') FROM
           (SELECT e.evidence_id FROM verdict_evidence e
            WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer ORDER BY e.position)),
       (SELECT group_concat(text, char(10)) FROM
           (SELECT q.text FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
            WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer ORDER BY e.position)),
       v.created_at, v.updated_at
FROM verdicts v
JOIN passages p ON p.id = v.passage_id
JOIN articles a ON a.id = p.article_id
ORDER BY a.name, a.id, p.position, v.reviewer
"""


def verdict_rows(db: Database) -> Iterator[tuple]:
    """Every verdict with its claim, article and evidence, in reading order, as VERDICT_COLUMNS."""
    cursor = db.conn.execute(_VERDICT_ROWS)
    try:
        while batch := cursor.fetchmany(1000):
            for row in batch:
                yield tuple("" if value is None else value for value in row)
    finally:
        cursor.close()
