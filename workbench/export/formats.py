"""Writing verdicts out, streamed record by record: CSV, JSON Lines, FEVER JSONL, ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import TextIO

from workbench import rules
from workbench.store.connection import Database, StoreError
from workbench.store.exports import (
    VerdictRecord,
    claim_groups,
    claim_rows,
    consensus,
    evidence_columns,
    is_stale,
    orphan_verdicts,
)
from workbench.text.sanitize import json_safe, visible
from workbench.vocabulary import LABELS, Label

FORMATS = ("csv", "jsonl", "fever", "claimreview")

CSV_COLUMNS = (
    "article_title", "article_file", "article_id", "passage_id", "claim", "passage_status",
    "label", "reviewer", "note", "evidence_ids", "evidence_texts", "created_at", "updated_at",
    "consensus", "final", "final_by", "stale", "suggested", "suggestion_reasons",
)  # fmt: skip

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_STARTS)  # the same, for the per-cell test of write_csv


@dataclass(frozen=True)
class Written:
    records: int
    skipped: int = 0  # claims left out because reviewers disagree and nobody adjudicated
    unknown: int = 0  # claims left out because a verdict's label is not one this workbench knows
    orphans: int = 0  # verdicts on claims this database no longer has (left out of every format)


def write_csv(groups: Iterable[list[tuple]], handle: TextIO, hints: Hints | None = None) -> Written:
    """One row per verdict, RFC 4180 quoting; evidence ids joined by ';', texts by line breaks.

    Takes each claim's verdict rows as the store streams them (store.exports.claim_rows), without
    making records: what the rows of one claim share is worked out, and made safe, once.
    """
    writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    safe = _safe_cell
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
        agreed = consensus(rows)
        hint = hints.of(article, passage) if hints else None
        suggested, reasons = (hint.suggested or "", safe(hint.reasons)) if hint else ("", "")
        lines = []
        for row in rows:
            ids, texts, retired = evidence_columns(row.evidence)
            lines.append((
                title, file, article, passage, claim, row.passage_status, row.label, safe(row.reviewer),
                safe(row.note), ids, safe(texts), row.created_at, row.updated_at, agreed, final, final_by,
                "yes" if is_stale(row, retired) else "", suggested, reasons,
            ))  # fmt: skip
        writer.writerows(lines)
        count += len(rows)
    return Written(count)


def _safe_cell(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (the ids, labels and
    times between the text cells never start one); control characters are drawn as marks, so a
    file printed on a terminal cannot send it escapes."""
    value = visible(value)
    return "'" + value if value[:1] in _FORMULA_FIRST else value


def write_jsonl(records: Iterable[VerdictRecord], handle: TextIO) -> Written:
    """One JSON object per verdict, with its article, claim, evidence, consensus and final verdict."""
    count = 0
    for record in records:
        handle.write(json_safe(json.dumps(asdict(record), ensure_ascii=False)) + "\n")
        count += 1
    return Written(count)


def _known(group: list[VerdictRecord]) -> bool:
    return all(r.label in LABELS for r in group) and (group[0].final is None or group[0].final in LABELS)


def decided(group: list[VerdictRecord]) -> Label | None:
    """rules.decided for one claim's verdicts."""
    found = rules.decided(group[0].final, (record.label for record in group))
    return Label(found) if found else None


def _evidence_ids(group: list[VerdictRecord], label: Label) -> list[str]:
    agreeing = [record for record in group if record.label == label.value] or group
    return list(dict.fromkeys(item["id"] for record in agreeing for item in record.evidence))


def write_fever(groups: Iterable[list[VerdictRecord]], handle: TextIO) -> Written:
    """FEVER-style JSONL, one claim per line: SUPPORTS / REFUTES / NOT ENOUGH INFO, evidence ids."""
    count = skipped = unknown = 0
    for group in groups:
        if not _known(group):
            unknown += 1
            continue
        label = decided(group)
        if label is None:
            skipped += 1
            continue
        first = group[0]
        evidence = _evidence_ids(group, label)
        record = {
            "id": first.passage_id,
            "claim": first.claim,
            "label": label.info.fever,
            "verifiable": "VERIFIABLE" if label.info.verifiable else "NOT VERIFIABLE",
            "evidence": [evidence] if evidence else [],
            "editorialized": label is Label.EDITORIALIZED,
            "workbench_label": label.value,
            "article": first.article_id,
            "annotators": [record.reviewer for record in group],
            "adjudicated": first.final is not None,
            "stale": any(record.stale for record in group),
            "suggested": first.suggested,
        }
        handle.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")
        count += 1
    return Written(count, skipped, unknown)


def write_claimreview(
    groups: Iterable[list[VerdictRecord]], handle: TextIO, *, base_url: str | None, author: str | None
) -> Written:
    """schema.org ClaimReview objects as a JSON-LD array, one per decided claim."""
    count = skipped = unknown = 0
    handle.write("[")
    for group in groups:
        if not _known(group):
            unknown += 1
            continue
        label = decided(group)
        if label is None:
            skipped += 1
            continue
        handle.write("," if count else "")
        encoded = json.dumps(claim_review(group, label, base_url, author), ensure_ascii=False)
        handle.write("\n" + json_safe(encoded))
        count += 1
    handle.write("\n]\n" if count else "]\n")
    return Written(count, skipped, unknown)


def claim_review(
    group: list[VerdictRecord], label: Label, base_url: str | None, author: str | None
) -> dict[str, object]:
    first = group[0]
    when = first.final_at or max(record.updated_at for record in group)
    note = first.final_note or next((r.note for r in group if r.label == label.value and r.note), "")
    if author:
        by: object = {"@type": "Organization", "name": author}
    elif first.final_by:
        by = {"@type": "Person", "name": first.final_by}
    else:
        by = [{"@type": "Person", "name": record.reviewer} for record in group]
    appearance: dict[str, object] = {"@type": "NewsArticle", "headline": first.article_title}
    if first.article_url:
        appearance["url"] = first.article_url
    if first.article_published:
        appearance["datePublished"] = first.article_published
    rating: dict[str, object] = {"@type": "Rating", "alternateName": label.info.claimreview}
    if note:
        rating["ratingExplanation"] = note
    item: dict[str, object] = {"@type": "Claim", "appearance": appearance}
    if first.article_published:
        item["datePublished"] = first.article_published
    anchor = f"claim-{first.passage_id}"
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('#')}#{anchor}" if base_url else f"urn:workbench:{anchor}",
        "claimReviewed": first.claim,
        "datePublished": when[:10],
        "author": by,
        "reviewRating": rating,
        "itemReviewed": item,
    }


def export(
    db: Database, fmt: str, handle: TextIO, *, base_url: str | None = None, author: str | None = None
) -> Written:
    """Write every verdict of `db` to `handle` in one of FORMATS.

    A file that quick_check found damaged is refused: what it gave could be missing verdicts.
    """
    if db.damaged:
        raise StoreError(
            f"the database is damaged ({db.damaged}); an export could miss verdicts. "
            "Recover it first (sqlite3 FILE .recover)"
        )
    if fmt == "csv":
        written = write_csv(claim_rows(db), handle, Hints(db))
    elif fmt == "jsonl":
        written = write_jsonl(_records(with_suggestions(db, claim_groups(db))), handle)
    elif fmt == "fever":
        written = write_fever(with_suggestions(db, claim_groups(db)), handle)
    elif fmt == "claimreview":
        written = write_claimreview(claim_groups(db), handle, base_url=base_url, author=author)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return replace(written, orphans=orphan_verdicts(db))


@dataclass(frozen=True)
class Hint:
    suggested: str | None
    flags: list[dict]
    reasons: str


class Hints:
    """Triage's hint for each claim, worked out an article at a time as the export reaches it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._article: str | None = None
        self._found: dict = {}

    def of(self, article: str, passage: str) -> Hint | None:
        if article != self._article:
            from workbench.services.hints import article_triage

            self._article, self._found = article, article_triage(self.db, article)
        result = self._found.get(passage)
        if result is None:
            return None
        suggested = result.suggested.value if result.suggested else None
        return Hint(suggested, [flag.as_json() for flag in result.flags], result.reasons())


def with_suggestions(db: Database, groups: Iterable[list[VerdictRecord]]) -> Iterator[list[VerdictRecord]]:
    """The verdicts with triage's suggestion beside them, so a team can see how often hints were right."""
    hints = Hints(db)
    for group in groups:
        hint = hints.of(group[0].article_id, group[0].passage_id)
        if hint is not None:
            for record in group:
                record.suggested, record.suggestion = hint.suggested, hint.flags
                record.suggestion_reasons = hint.reasons
        yield group


def _records(groups: Iterable[list[VerdictRecord]]) -> Iterator[VerdictRecord]:
    for group in groups:
        yield from group
