"""Figures in text: numbers, money, percentages and counts, with their value normalised.

`$500 billion`, `500bn dollars` and `US$ 500,000,000,000` are one quantity; so are `40%`,
`40 per cent` and `forty percent`; `£12trn` is 12 x 10^12 in GBP. Years and the day of a date are
left to date_mentions; figures inside names (MiG-29S, COVID-19) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "trillions": 1e12,
    "trn": 1e12, "tn": 1e12, "tr": 1e12, "hundred": 1e2, "dozen": 12,
}  # fmt: skip
_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
    "sterling": "GBP", "euro": "EUR", "euros": "EUR", "eur": "EUR", "hryvnia": "UAH", "hryvnias": "UAH",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
}  # fmt: skip
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "hundreds": 100, "thousands": 1000, "dozens": 12, "half": 0.5,
}  # fmt: skip
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SCALE_WORDS = "|".join(sorted(_SCALES, key=len, reverse=True))
_CURRENCY_WORD_ALTERNATIVES = "|".join(sorted(_CURRENCY_WORDS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"""
    (?P<currency>US\$|\$|£|€|¥|₴|₽|(?:USD|GBP|EUR)\s?)?
    (?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{"|".join(_NUMBER_WORDS)})\b)
    (?:[\s-]?(?P<scale>{_SCALE_WORDS})\b)?
    (?:\s?(?P<percent>%|per\s?cent\b|percent\b|percentage\s+points?\b))?
    (?:\s(?P<currency_word>{_CURRENCY_WORD_ALTERNATIVES})\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DATE_AROUND = re.compile(rf"^\s*(?:{_MONTHS})(?:\s|$)|^(?:st|nd|rd|th)\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"(?:{_MONTHS})\s*$", re.IGNORECASE)
_VAGUE = frozenset({"half", "hundred", "thousand", "hundreds", "thousands", "dozens"})
TOLERANCE = 0.005  # relative difference within which two values are the same figure


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str  # "%", a currency code, or "" for a plain count

    def same_as(self, other: Quantity) -> bool:
        if self.unit != other.unit and "" not in (self.unit, other.unit):
            return False
        if "%" in (self.unit, other.unit) and self.unit != other.unit:
            return False
        largest = max(abs(self.value), abs(other.value), 1e-9)
        return abs(self.value - other.value) / largest <= TOLERANCE


@lru_cache(maxsize=4096)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every figure in `text`, in order. Cached per text, as tokenize()."""
    found = []
    for match in _QUANTITY.finditer(text):
        start, end = match.span()
        number = match.group("number")
        before = text[max(0, start - 1) : start]
        code = before.isalpha() or before in "-/_" and start >= 2 and text[start - 2].isalnum()
        if before and code and not _second_of_score(text, start):
            continue  # part of a name or code: MiG-29S, A-10, F16 (but a score, 7-2, is two)
        after = text[end : end + 1]
        if after.isalpha() and not match.group("scale"):
            continue  # 29S, 3D
        digits = number.replace(",", "")
        is_word = not digits[0].isdigit()
        currency = match.group("currency") or ""
        scale, percent = match.group("scale"), match.group("percent")
        currency_word = match.group("currency_word")
        bare = not (scale or percent or currency or currency_word)
        if bare and is_word and number.lower() in _VAGUE:
            continue  # "half the", "hundreds of": too vague to compare
        if bare and not is_word and _is_date_part(text, start, end, digits):
            continue
        if scale and scale.lower() in ("m", "b", "k") and not (currency or currency_word):
            end = match.start("scale")  # "5 m" of distance is not 5 million
            scale = None
        value = float(digits) if not is_word else float(_NUMBER_WORDS[number.lower()])
        if scale:
            value *= _SCALES[scale.lower()]
        unit = "%" if percent else _currency(currency, currency_word)
        end = match.end() if scale or percent or currency_word else match.end("number")
        found.append(Quantity(start, end, text[start:end], value, unit))
    return tuple(found)


_SCORE_FIRST = re.compile(r"(?<![\w.-])\d{1,3}[-–]$")


def _second_of_score(text: str, start: int) -> bool:
    """The number after the dash of a score or tally (`7-2`, `3–1`): a figure of its own."""
    return bool(_SCORE_FIRST.search(text, max(0, start - 5), start))


def _currency(symbol: str, word: str | None) -> str:
    if symbol:
        symbol = symbol.strip().lower()
        return _CURRENCY_SYMBOLS.get(symbol, symbol.upper())
    return _CURRENCY_WORDS.get(word.lower(), "") if word else ""


def _is_date_part(text: str, start: int, end: int, digits: str) -> bool:
    """A year, or the day of a written date (Sept. 27, 10 February)."""
    if "." not in digits and len(digits) == 4 and 1800 <= int(digits) <= 2100:
        return True
    if len(digits) > 2:
        return False
    return bool(_DATE_AROUND.match(text[end:]) or _MONTH_BEFORE.search(text[max(0, start - 12) : start]))
