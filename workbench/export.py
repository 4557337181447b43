"""Writing verdicts out: CSV that spreadsheets open safely, streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(columns: Iterable[str], rows: Iterable[Iterable[object]], handle: TextIO) -> int:
    """Write a header and rows to `handle` as RFC 4180 CSV; returns the number of rows."""
    writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        count += 1
    return count
