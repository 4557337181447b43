"""Queries that feed the exports: one streamed record per verdict, never the whole table in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from workbench.store.basis import BASIS
from workbench.store.connection import Database


@dataclass(frozen=True)
class VerdictRecord:
    """One reviewer's verdict on one claim, with everything an export needs to stand alone."""

    article_id: str
    article_title: str
    article_file: str
    article_url: str | None
    article_published: str | None
    passage_id: str
    claim: str
    passage_status: str  # "current", or "retired" when a re-import dropped the sentence
    label: str
    reviewer: str
    note: str
    evidence: list[dict[str, str]]  # id, text, article
    created_at: str
    updated_at: str
    consensus: str  # the label when every reviewer of the claim agrees, else "disputed"
    final: str | None  # the adjudicated label
    final_by: str | None
    final_note: str | None
    final_at: str | None
    stale: bool  # the claim, its evidence or its alignment changed since the verdict


_VERDICTS = f"""
WITH basis AS ({BASIS})
SELECT a.id, a.title, a.name, a.url, a.published, p.id, p.text,
       CASE WHEN p.retired_at IS NULL THEN 'current' ELSE 'retired' END,
       v.label, v.reviewer, v.note,
       (SELECT json_group_array(json_object('id', q.id, 'text', q.text, 'article', q.article_id))
        FROM (SELECT e.evidence_id FROM verdict_evidence e
              WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer ORDER BY e.position) ev
        JOIN passages q ON q.id = ev.evidence_id),
       v.created_at, v.updated_at,
       CASE WHEN (SELECT count(DISTINCT w.label) FROM verdicts w WHERE w.passage_id = v.passage_id) = 1
            THEN v.label ELSE 'disputed' END,
       f.label, f.adjudicator, f.note, f.decided_at,
       (v.basis IS NOT NULL AND coalesce(b.now, '') != v.basis) OR p.retired_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
                    WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer
                      AND q.retired_at IS NOT NULL)
FROM verdicts v
JOIN passages p ON p.id = v.passage_id
JOIN articles a ON a.id = p.article_id
LEFT JOIN final_verdicts f ON f.passage_id = v.passage_id
LEFT JOIN basis b ON b.claim = v.passage_id
ORDER BY a.name, a.id, p.position, p.id, v.reviewer
"""


def verdict_records(db: Database) -> Iterator[VerdictRecord]:
    """Every verdict, in reading order (article, passage, reviewer), fetched a thousand at a time."""
    cursor = db.conn.execute(_VERDICTS)
    try:
        while batch := cursor.fetchmany(1000):
            for row in batch:
                yield VerdictRecord(
                    *row[:11],
                    evidence=json.loads(row[11] or "[]"),
                    created_at=row[12],
                    updated_at=row[13],
                    consensus=row[14],
                    final=row[15],
                    final_by=row[16],
                    final_note=row[17],
                    final_at=row[18],
                    stale=bool(row[19]),
                )
    finally:
        cursor.close()


def claim_groups(db: Database) -> Iterator[list[VerdictRecord]]:
    """The verdicts of each claim together, claim by claim."""
    for _, records in groupby(verdict_records(db), key=lambda record: record.passage_id):
        yield list(records)
