"""CSV: one row per reviewer's verdict, so nothing of who said what is lost; streamed from the store."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from workbench.export.common import Written, safe_cell
from workbench.export.hints import Hints
from workbench.store import Database, VerdictRow, claim_rows, evidence_columns, row_is_stale, rows_consensus

NAME = "csv"
UNIT = "verdicts"
FILE_ENCODING = "utf-8-sig"  # a byte-order mark, so spreadsheet programs read UTF-8
HELP = "a row per verdict"

COLUMNS = (
    "article_title", "article_file", "article_id", "passage_id", "claim", "passage_status",
    "label", "reviewer", "note", "evidence_ids", "evidence_texts", "created_at", "updated_at",
    "consensus", "final", "final_by", "stale", "suggested", "suggestion_reasons",
)  # fmt: skip


def write(db: Database, handle: TextIO, **_options: str | None) -> Written:
    return write_rows(claim_rows(db), handle, Hints(db))


def write_rows(groups: Iterable[list[VerdictRow]], handle: TextIO, hints: Hints | None = None) -> Written:
    """One row per verdict, RFC 4180 quoting; evidence ids joined by ';', texts by line breaks.

    Takes each claim's verdict rows as the store streams them (store.exports.claim_rows), without
    making records: what the rows of one claim share is worked out, and made safe, once.
    """
    writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    safe = safe_cell
    reviewers: dict[str, str] = {}  # a reviewer's name, made safe once for the whole export
    for rows in groups:
        first = rows[0]
        article, passage = first.article_id, first.passage_id
        title, file, claim, final, final_by = (
            safe(first.article_title),
            safe(first.article_file),
            safe(first.claim),
            first.final or "",
            safe(first.final_by or ""),
        )
        agreed = rows_consensus(rows)
        hint = hints.of(article, passage) if hints else None
        suggested, reasons = (hint.suggested or "", safe(hint.reasons)) if hint else ("", "")
        lines = []
        evidence: dict[str | None, tuple[str, str, bool]] = {}  # reviewers often cite the same
        stale: dict[tuple[str | None, bool], str] = {}  # and give verdicts on the same alignment
        for row in rows:
            columns = evidence.get(row.evidence)
            if columns is None:
                ids, texts, retired = evidence_columns(row.evidence)
                columns = evidence[row.evidence] = (ids, safe(texts), retired)
            ids, texts, retired = columns
            basis = (row.given_on, retired)
            flag = stale.get(basis)
            if flag is None:
                flag = stale[basis] = "yes" if row_is_stale(row, retired) else ""
            reviewer = reviewers.get(row.reviewer)
            if reviewer is None:
                reviewer = reviewers[row.reviewer] = safe(row.reviewer)
            lines.append((
                title, file, article, passage, claim, row.passage_status, row.label, reviewer,
                safe(row.note) if row.note else "", ids, texts, row.created_at, row.updated_at, agreed,
                final, final_by, flag, suggested, reasons,
            ))  # fmt: skip
        writer.writerows(lines)
        count += len(rows)
    return Written(count)
