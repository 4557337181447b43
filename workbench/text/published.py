"""Publication dates: finding a dateline in scraped text, parsing dates into ISO form (python-dateutil)."""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateparser

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"""
    \b\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?\b
    | \b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b
    | \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b
    | \b\d{{1,2}}/\d{{1,2}}/\d{{4}}\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DATELINE_WORDS = re.compile(
    r"^\W*(?:date|dated|published|posted|updated|last updated|first published|on)\b[\s:]*",
    re.IGNORECASE,
)
_TIME_WORDS = frozenset(
    {"am", "pm", "gmt", "bst", "utc", "est", "edt", "cet", "cest", "pst", "pdt", "updated", "published",
     "posted", "on", "at", "last", "first", "by"}
)  # fmt: skip
_SENTINEL = datetime(1, 1, 1)


def parse_date(value: str) -> str | None:
    """An ISO date (or date and time, when the value has a time) for a written date; None if unreadable."""
    value = value.strip()
    if not value or len(value) > 100:
        return None
    try:
        parsed = dateparser.parse(value, default=_SENTINEL)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == 1:
        return None
    has_time = (parsed.hour, parsed.minute, parsed.second, parsed.microsecond) != (0, 0, 0, 0)
    if has_time or parsed.tzinfo is not None:
        return parsed.isoformat()
    return parsed.date().isoformat()


def dateline(line: str) -> str | None:
    """The date of a line that is only a dateline ("date 2025-02-05", "Published: 5 February 2025")."""
    match = _DATE.search(line)
    if not match:
        return None
    rest = (line[: match.start()] + " " + line[match.end() :]).strip()
    rest = _DATELINE_WORDS.sub("", rest)
    rest = _DATE.sub(" ", rest)  # "Published: … | Updated: …" gives two dates
    words = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if w.lower() not in _TIME_WORDS]
    if len(words) > 4:
        return None
    return parse_date(match.group(0))
