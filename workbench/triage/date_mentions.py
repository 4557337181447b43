"""Dates and times named in a sentence, resolved against the article's publication date.

Each mention becomes the span of days it names: `Sept. 27, 2024` one day, `in January` a month,
`last year` a year, `on Monday` the Monday on or before the publication date. Without a
publication date, relative mentions stay unresolved and are compared by what they say.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta

_MONTH_NAMES = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PATTERN = re.compile(
    rf"""
    (?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)
    | (?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?\b)
    | (?P<mdy>\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?)
    | (?P<month>\b(?:in|since|during|until|by|early|late|mid-?|last|this|next)\s+{_MONTH}
                 (?:\s+\d{{4}})?(?!\s*\d))
    | (?P<weekday>\b(?:last\s+|this\s+|next\s+)?{_WEEKDAY}\b)
    | (?P<relative>\b(?:yesterday|today|tonight|tomorrow|(?:last|this|next|past)\s+(?:week|month|year|weekend)
                      |(?:a|one|two|three)\s+(?:days?|weeks?|months?|years?)\s+ago|earlier\s+this\s+(?:week|month|year))\b)
    | (?P<year>\b(?:(?:in|since|during|until|by|of|from)\s+(?:(?:early|late|mid-?)\s*)?)?
                (?:19|20)\d{{2}}\b(?!\s*(?:%|per|[.,]\d)))
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    first: date | None  # the span of days it names; None when it cannot be resolved
    last: date | None
    key: str  # what it says, for comparing unresolved mentions: "weekday:2", "relative:last year"

    def agrees_with(self, other: DateMention) -> bool | None:
        """Whether two mentions can name the same time; None when that cannot be told."""
        if self.first and other.first and self.last and other.last:
            return self.first <= other.last and other.first <= self.last
        if self.key.split(":")[0] == other.key.split(":")[0]:
            return self.key == other.key
        return None


@lru_cache(maxsize=4096)
def date_mentions(text: str, published: str | None) -> tuple[DateMention, ...]:
    """Every date or time mention in `text`, resolved against `published` (an ISO date) when given.
    Cached per text and date, as tokenize()."""
    today = _day(published)
    found = []
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup or ""
        words = match.group(0)
        if kind == "month" and re.search(r"\bmay\b", words) and "May" not in words:
            continue  # "this may be": the verb, not the month
        first, last, key = _resolve(kind, words, today)
        found.append(DateMention(match.start(), match.end(), words, first, last, key))
    return tuple(found)


def _day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:10]).date()
    except ValueError:
        return None


def _resolve(kind: str, words: str, today: date | None) -> tuple[date | None, date | None, str]:
    lowered = " ".join(words.lower().replace(".", "").split())
    if kind == "iso":
        day = date.fromisoformat(words)
        return day, day, f"day:{day}"
    if kind in ("dmy", "mdy"):
        return _written_day(lowered, today)
    if kind == "month":
        return _month(lowered, today)
    if kind == "weekday":
        return _weekday(lowered, today)
    if kind == "year":
        year = int(lowered.split()[-1])
        return date(year, 1, 1), date(year, 12, 31), f"year:{year}"
    return _relative(lowered, today)


def _written_day(words: str, today: date | None) -> tuple[date | None, date | None, str]:
    has_year = bool(re.search(r"\d{4}", words))
    default = datetime(today.year if today else 2000, 1, 1)
    try:
        parsed = dateparser.parse(words, default=default).date()
    except (ValueError, OverflowError):
        return None, None, f"text:{words}"
    key = f"monthday:{parsed.month}-{parsed.day}"
    if has_year:
        return parsed, parsed, key
    if today is None:
        return None, None, key
    if parsed > today + timedelta(days=7):  # "December 30" read in January is last year's
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed, parsed, key


def _month(words: str, today: date | None) -> tuple[date | None, date | None, str]:
    parts = words.replace("mid-", "mid ").split()
    month_word = next(p for p in parts if p.rstrip(".") in _MONTH_NAMES)
    month = _MONTH_NAMES[month_word.rstrip(".")]
    year_part = next((int(p) for p in parts if p.isdigit() and len(p) == 4), None)
    key = f"month:{month}"
    if year_part is None and today is None:
        return None, None, key
    year = year_part or (today.year if today and month <= today.month else (today.year - 1 if today else 0))
    first = date(year, month, 1)
    return first, first + relativedelta(months=1, days=-1), key


def _weekday(words: str, today: date | None) -> tuple[date | None, date | None, str]:
    parts = words.split()
    weekday = _WEEKDAYS[parts[-1]]
    key = f"weekday:{weekday}"
    if today is None:
        return None, None, key
    back = (today.weekday() - weekday) % 7
    day = today - timedelta(days=back)
    if parts[0] == "next":
        day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    elif parts[0] == "last" and back == 0:
        day -= timedelta(days=7)
    return day, day, key


def _relative(words: str, today: date | None) -> tuple[date | None, date | None, str]:
    key = f"relative:{words.replace('past', 'last')}"
    if today is None:
        return None, None, key
    offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    if words in offsets:
        day = today + timedelta(days=offsets[words])
        return day, day, key
    match = re.match(r"(a|one|two|three) (day|week|month|year)s? ago", words)
    if match:
        count = {"a": 1, "one": 1, "two": 2, "three": 3}[match.group(1)]
        unit = match.group(2)
        delta = relativedelta(**{unit + "s": count}) if unit != "day" else relativedelta(days=count)
        around = today - delta
        slack = {"day": 0, "week": 3, "month": 15, "year": 183}[unit]
        return around - timedelta(days=slack), around + timedelta(days=slack), key
    which, unit = words.replace("earlier this", "this").split()[-2:]
    shift = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit in ("week", "weekend"):
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
        return monday, monday + timedelta(days=6), key
    if unit == "month":
        first = (today.replace(day=1)) + relativedelta(months=shift)
        return first, first + relativedelta(months=1, days=-1), key
    year = today.year + shift
    return date(year, 1, 1), date(year, 12, 31), key
