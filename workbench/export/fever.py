"""FEVER-style JSON Lines: one line per decided claim, SUPPORTS / REFUTES / NOT ENOUGH INFO, evidence ids."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from workbench.export.common import Written, decided, known
from workbench.export.hints import with_suggestions
from workbench.models import VerdictRecord
from workbench.store import Database, claim_groups
from workbench.text.sanitize import json_safe
from workbench.vocabulary import Label

NAME = "fever"
UNIT = "claims"
FILE_ENCODING = "utf-8"
HELP = "FEVER-style JSONL, a line per decided claim"


def write(db: Database, handle: TextIO, **_options: str | None) -> Written:
    return write_groups(with_suggestions(db, claim_groups(db)), handle)


def _evidence_ids(group: list[VerdictRecord], label: Label) -> list[str]:
    agreeing = [record for record in group if record.label == label.value] or group
    return list(dict.fromkeys(item["id"] for record in agreeing for item in record.evidence))


def write_groups(groups: Iterable[list[VerdictRecord]], handle: TextIO) -> Written:
    """FEVER-style JSONL, one claim per line: SUPPORTS / REFUTES / NOT ENOUGH INFO, evidence ids."""
    count = skipped = unknown = 0
    for group in groups:
        if not known(group):
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
