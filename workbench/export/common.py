"""What every export format shares: the count it returns, spreadsheet-safe cells, decided claims."""

from __future__ import annotations

from dataclasses import dataclass

from workbench import rules
from workbench.models import VerdictRecord
from workbench.text.sanitize import visible
from workbench.vocabulary import LABELS, Label

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
FORMULA_STARTS = frozenset(("=", "+", "-", "@", "\t", "\r"))


@dataclass(frozen=True)
class Written:
    records: int
    skipped: int = 0  # claims left out because reviewers disagree and nobody adjudicated
    unknown: int = 0  # claims left out because a verdict's label is not one this workbench knows
    orphans: int = 0  # verdicts on claims this database no longer has (left out of every format)


def safe_cell(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (the ids, labels and
    times between the text cells never start one); control characters are drawn as marks, so a
    file printed on a terminal cannot send it escapes."""
    value = visible(value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


def known(group: list[VerdictRecord]) -> bool:
    """Every label on the claim is one this workbench knows."""
    return all(r.label in LABELS for r in group) and (group[0].final is None or group[0].final in LABELS)


def decided(group: list[VerdictRecord]) -> Label | None:
    """rules.decided for one claim's verdicts."""
    found = rules.decided(group[0].final, (record.label for record in group))
    return Label(found) if found else None
