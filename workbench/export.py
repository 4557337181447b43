"""Writing verdicts out, streamed record by record: CSV, JSON Lines, FEVER JSONL, ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from workbench.models import Label
from workbench.store.connection import Database
from workbench.store.exports import VerdictRecord, claim_groups

FORMATS = ("csv", "jsonl", "fever", "claimreview")

CSV_COLUMNS = (
    "article_title", "article_file", "article_id", "passage_id", "claim", "passage_status",
    "label", "reviewer", "note", "evidence_ids", "evidence_texts", "created_at", "updated_at",
    "consensus", "final", "final_by", "stale", "suggested", "suggestion_reasons",
)  # fmt: skip

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_STARTS)  # the same, for the per-cell test of write_csv

FEVER_LABELS = {
    Label.SUPPORTED: "SUPPORTS",
    Label.CONTRADICTED: "REFUTES",
    Label.UNSUPPORTED: "NOT ENOUGH INFO",
    Label.EDITORIALIZED: "NOT ENOUGH INFO",  # opinion is not a fact to verify; the record says so
}


@dataclass(frozen=True)
class Written:
    records: int
    skipped: int = 0  # claims left out because reviewers disagree and nobody adjudicated


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(groups: Iterable[list[VerdictRecord]], handle: TextIO) -> Written:
    """One row per verdict, RFC 4180 quoting; evidence ids joined by ';', texts by line breaks.

    Takes the verdicts claim by claim: what the rows of one claim share is made safe once.
    """
    writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    safe = _safe_cell
    for group in groups:
        first = group[0]
        title, file, claim = safe(first.article_title), safe(first.article_file), safe(first.claim)
        suggested, reasons = first.suggested or "", safe(first.suggestion_reasons)
        final, final_by = first.final or "", safe(first.final_by or "")
        writer.writerows([
            (
                title, file, r.article_id, r.passage_id, claim, r.passage_status, r.label,
                safe(r.reviewer), safe(r.note),
                ";".join([item["id"] for item in r.evidence]) if r.evidence else "",
                safe("\n".join([item["text"] for item in r.evidence])) if r.evidence else "",
                r.created_at, r.updated_at, r.consensus, final, final_by, "yes" if r.stale else "",
                suggested, reasons,
            )
            for r in group
        ])  # fmt: skip
        count += len(group)
    return Written(count)


def _safe_cell(value: str) -> str:
    """neutralise() for a text cell; the ids, labels and times between them never start a formula."""
    return "'" + value if value[:1] in _FORMULA_FIRST else value


def write_jsonl(records: Iterable[VerdictRecord], handle: TextIO) -> Written:
    """One JSON object per verdict, with its article, claim, evidence, consensus and final verdict."""
    count = 0
    for record in records:
        handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        count += 1
    return Written(count)


def decided(group: list[VerdictRecord]) -> Label | None:
    """A claim's verdict: the adjudicated one, or the one every reviewer gave; None if disputed."""
    if group[0].final:
        return Label(group[0].final)
    labels = {record.label for record in group}
    return Label(labels.pop()) if len(labels) == 1 else None


def _evidence_ids(group: list[VerdictRecord], label: Label) -> list[str]:
    agreeing = [record for record in group if record.label == label.value] or group
    return list(dict.fromkeys(item["id"] for record in agreeing for item in record.evidence))


def write_fever(groups: Iterable[list[VerdictRecord]], handle: TextIO) -> Written:
    """FEVER-style JSONL, one claim per line: SUPPORTS / REFUTES / NOT ENOUGH INFO, evidence ids."""
    count = skipped = 0
    for group in groups:
        label = decided(group)
        if label is None:
            skipped += 1
            continue
        first = group[0]
        evidence = _evidence_ids(group, label)
        record = {
            "id": first.passage_id,
            "claim": first.claim,
            "label": FEVER_LABELS[label],
            "verifiable": "NOT VERIFIABLE" if label is Label.EDITORIALIZED else "VERIFIABLE",
            "evidence": [evidence] if evidence else [],
            "editorialized": label is Label.EDITORIALIZED,
            "workbench_label": label.value,
            "article": first.article_id,
            "annotators": [record.reviewer for record in group],
            "adjudicated": first.final is not None,
            "stale": any(record.stale for record in group),
            "suggested": first.suggested,
        }
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return Written(count, skipped)


def write_claimreview(
    groups: Iterable[list[VerdictRecord]], handle: TextIO, *, base_url: str | None, author: str | None
) -> Written:
    """schema.org ClaimReview objects as a JSON-LD array, one per decided claim."""
    count = skipped = 0
    handle.write("[")
    for group in groups:
        label = decided(group)
        if label is None:
            skipped += 1
            continue
        handle.write("," if count else "")
        handle.write("\n" + json.dumps(claim_review(group, label, base_url, author), ensure_ascii=False))
        count += 1
    handle.write("\n]\n" if count else "]\n")
    return Written(count, skipped)


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
    rating: dict[str, object] = {"@type": "Rating", "alternateName": label.value.capitalize()}
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
    """Write every verdict of `db` to `handle` in one of FORMATS."""
    if fmt == "csv":
        return write_csv(with_suggestions(db, claim_groups(db)), handle)
    if fmt == "jsonl":
        return write_jsonl(_records(with_suggestions(db, claim_groups(db))), handle)
    if fmt == "fever":
        return write_fever(with_suggestions(db, claim_groups(db)), handle)
    if fmt == "claimreview":
        return write_claimreview(claim_groups(db), handle, base_url=base_url, author=author)
    raise ValueError(f"unknown export format {fmt!r}")


def with_suggestions(db: Database, groups: Iterable[list[VerdictRecord]]) -> Iterator[list[VerdictRecord]]:
    """The verdicts with triage's suggestion beside them, so a team can see how often hints were right."""
    from workbench.suggestions import article_triage

    article, found = None, {}
    for group in groups:
        first = group[0]
        if first.article_id != article:
            article, found = first.article_id, article_triage(db, first.article_id)
        result = found.get(first.passage_id)
        if result is not None:
            suggested = result.suggested.value if result.suggested else None
            flags = [_flag_json(flag) for flag in result.flags]
            reasons = result.reasons()
            for record in group:
                record.suggested, record.suggestion, record.suggestion_reasons = suggested, flags, reasons
        yield group


def _flag_json(flag: Any) -> dict:  # a triage.Flag
    return {
        "kind": flag.kind,
        "detail": flag.detail,
        "claim_span": list(flag.claim_span),
        "evidence_span": list(flag.evidence_span) if flag.evidence_span else None,
        "evidence": flag.evidence,
    }


def _records(groups: Iterable[list[VerdictRecord]]) -> Iterator[VerdictRecord]:
    for group in groups:
        yield from group
