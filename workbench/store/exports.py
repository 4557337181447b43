"""Queries that feed the exports: one streamed record per verdict, never the whole table in memory."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import chain, groupby
from operator import attrgetter
from typing import NamedTuple

from workbench import rules
from workbench.models import VerdictRecord  # noqa: F401  (re-exported for the store's callers)
from workbench.store.basis import BASIS_OF_ARTICLES
from workbench.store.connection import Database

# The verdicts on one article's claims, in reading order. Walking the passages_by_article and
# verdicts indexes gives that order without sorting the whole table, and the alignment basis is
# gathered for this article's claims only.
_VERDICTS_OF_ARTICLE = f"""
WITH basis AS ({BASIS_OF_ARTICLES})
SELECT a.id, a.title, a.name, a.url, a.published, p.id, p.text,
       CASE WHEN p.retired_at IS NULL THEN 'current' ELSE 'retired' END,
       v.label, v.reviewer, v.note,
       (SELECT group_concat(e.position || char(31) || q.id || char(31) || q.article_id || char(31)
                            || (q.retired_at IS NOT NULL) || char(31) || q.text, char(30))
        FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
        WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer),
       v.created_at, v.updated_at,
       f.label, f.adjudicator, f.note, f.decided_at,
       v.basis, b.now
FROM articles a
JOIN passages p ON p.article_id = a.id
JOIN verdicts v ON v.passage_id = p.id
LEFT JOIN final_verdicts f ON f.passage_id = v.passage_id
LEFT JOIN basis b ON b.claim = v.passage_id
WHERE a.id = :first
ORDER BY p.position, p.id, v.reviewer
"""


class VerdictRow(NamedTuple):
    """A row of _VERDICTS_OF_ARTICLE, by name: what writers stream without making full records."""

    article_id: str
    article_title: str
    article_file: str
    article_url: str | None
    article_published: str | None
    passage_id: str
    claim: str
    passage_status: str
    label: str
    reviewer: str
    note: str
    evidence: str | None  # packed: see evidence_columns
    created_at: str
    updated_at: str
    final: str | None
    final_by: str | None
    final_note: str | None
    final_at: str | None
    given_on: str | None  # the verdict's basis: the alignment it was given on
    alignment_now: str | None


_PASSAGE = attrgetter("passage_id")


def _named(_cursor: object, row: tuple) -> VerdictRow:
    return VerdictRow._make(row)


def claim_groups(db: Database) -> Iterator[list[VerdictRecord]]:
    """The verdicts of each claim together, claim by claim, article by article."""
    return map(records, claim_rows(db))


def claim_rows(db: Database) -> Iterator[list[VerdictRow]]:
    """The verdict rows of each claim together, claim by claim, article by article."""
    articles = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY name, id")]
    for article in articles:
        cursor = db.conn.cursor()
        cursor.row_factory = _named
        cursor.execute(_VERDICTS_OF_ARTICLE, {"first": article, "second": article})
        try:
            rows = chain.from_iterable(iter(partial(cursor.fetchmany, 1000), []))
            for _, group in groupby(rows, key=_PASSAGE):
                yield list(group)
        finally:
            cursor.close()


def orphan_verdicts(db: Database) -> int:
    """Verdicts whose claim (or its article) this database no longer has: no export can carry them."""
    return db.execute(
        """
        SELECT count(*) FROM verdicts v
        WHERE NOT EXISTS (SELECT 1 FROM passages p JOIN articles a ON a.id = p.article_id
                          WHERE p.id = v.passage_id)
        """
    ).fetchone()[0]


def rows_consensus(rows: list[VerdictRow]) -> str:
    """rules.consensus over one claim's verdict rows."""
    return rules.consensus(row.label for row in rows) or ""


def row_is_stale(row: VerdictRow, evidence_retired: bool) -> bool:
    """rules.stale for one verdict row."""
    return rules.stale(row.given_on, row.alignment_now, row.passage_status == "retired", evidence_retired)


def records(rows: list[VerdictRow]) -> list[VerdictRecord]:
    """One claim's verdict rows as records."""
    agreed = rows_consensus(rows)
    made = []
    append = made.append
    for row in rows:
        evidence, retired = _evidence(row.evidence) if row.evidence else ([], False)
        append(
            VerdictRecord(
                row.article_id, row.article_title, row.article_file, row.article_url,
                row.article_published, row.passage_id, row.claim, row.passage_status, row.label,
                row.reviewer, row.note, evidence, row.created_at, row.updated_at, agreed, row.final,
                row.final_by, row.final_note, row.final_at, row_is_stale(row, retired),
            )
        )  # fmt: skip
    return made


def evidence_columns(packed: str | None) -> tuple[str, str, bool]:
    """A verdict's evidence ids joined by ';', texts by line breaks (the reviewer's order), and
    whether a re-import retired any of them."""
    if not packed:
        return "", "", False
    items = _items(packed)
    return ";".join([f[1] for f in items]), "\n".join([f[4] for f in items]), "1" in [f[3] for f in items]


def _items(packed: str) -> list[list[str]]:
    items = [item.split("\x1f", 4) for item in packed.split("\x1e")]
    if len(items) > 1:
        items.sort(key=lambda f: int(f[0]))
    return items


def _evidence(packed: str) -> tuple[list[dict[str, str]], bool]:
    """The evidence of a verdict in its order, and whether a re-import retired any of it."""
    items = _items(packed)
    return [{"id": f[1], "text": f[4], "article": f[2]} for f in items], "1" in [f[3] for f in items]
