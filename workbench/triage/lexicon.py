"""The editorial lexicon: loaded words and phrases, read from data files the user can extend."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent / "editorial.txt"
USER_LEXICON_ENV = "WORKBENCH_LEXICON"  # a further file of entries, in the same format


@dataclass(frozen=True)
class LexiconHit:
    start: int
    end: int
    entry: str  # the lexicon entry as written in the file


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[str, ...]  # longest first
    pattern: re.Pattern[str] | None  # any entry
    each: tuple[re.Pattern[str], ...] = ()  # each entry, to tell which one a match is

    @classmethod
    def from_lines(cls, lines: list[str]) -> Lexicon:
        entries = []
        for line in lines:
            entry = line.split("#", 1)[0].strip().lower()
            if entry and entry not in entries:
                entries.append(entry)
        if not entries:
            return cls((), None)
        # Longest first, so "the situation is dire" wins over "dire".
        ordered = sorted(entries, key=len, reverse=True)
        alternatives = [_entry_pattern(entry) for entry in ordered]
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
        return cls(tuple(ordered), pattern, tuple(re.compile(a) for a in alternatives))

    def hits(self, text: str) -> list[LexiconHit]:
        """Every entry used in `text`, longest match first, never overlapping."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(_plain_quotes(text)):
            found.append(LexiconHit(match.start(), match.end(), self._entry_of(match.group(0))))
        return found

    def _entry_of(self, words: str) -> str:
        lowered = words.lower()
        for entry, pattern in zip(self.entries, self.each, strict=True):
            if pattern.fullmatch(lowered):
                return entry
        return lowered


def _entry_pattern(entry: str) -> str:
    stem = entry.rstrip("*")
    pattern = r"\s+".join(re.escape(word) for word in stem.split())
    return pattern + (r"[\w-]*" if entry.endswith("*") else "")


def _plain_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


@lru_cache(maxsize=4)
def _load(paths: tuple[str, ...]) -> Lexicon:
    lines: list[str] = []
    for path in paths:
        lines += Path(path).read_text("utf-8").splitlines()
    return Lexicon.from_lines(lines)


def default_lexicon() -> Lexicon:
    """The bundled lexicon, plus the file WORKBENCH_LEXICON names (skipped if it cannot be read:
    user_lexicon_problem() says why)."""
    extra = os.environ.get(USER_LEXICON_ENV)
    if extra and user_lexicon_problem() is None:
        return _load((str(BUNDLED), extra))
    return _load((str(BUNDLED),))


def user_lexicon_problem() -> str | None:
    """Why the file WORKBENCH_LEXICON names cannot be used, in one line; None when it can (or is unset)."""
    extra = os.environ.get(USER_LEXICON_ENV)
    if not extra:
        return None
    try:
        Path(extra).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8 text"
        return f"{USER_LEXICON_ENV}={extra} cannot be read ({reason}); using the bundled lexicon only"
    return None
