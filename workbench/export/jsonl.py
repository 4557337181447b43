"""JSON Lines: one object per verdict, with its article, claim, evidence, consensus, final verdict, hint."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import TextIO

from workbench.export.common import Written
from workbench.export.hints import with_suggestions
from workbench.models import VerdictRecord
from workbench.store import Database, claim_groups
from workbench.text.sanitize import json_safe

NAME = "jsonl"
UNIT = "verdicts"
FILE_ENCODING = "utf-8"
HELP = "an object per verdict"


def write(db: Database, handle: TextIO, **_options: str | None) -> Written:
    return write_records((r for group in with_suggestions(db, claim_groups(db)) for r in group), handle)


def write_records(records: Iterable[VerdictRecord], handle: TextIO) -> Written:
    count = 0
    for record in records:
        handle.write(json_safe(json.dumps(asdict(record), ensure_ascii=False)) + "\n")
        count += 1
    return Written(count)
