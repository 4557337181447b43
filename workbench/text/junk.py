"""Rules that recognise scraped page residue (banners, widgets, bylines, credits) and photo captions."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+")

COOKIE_WORDS = re.compile(r"\bcookies?\b|\btracking technolog", re.IGNORECASE)
CONSENT_WORDS = re.compile(
    r"\bconsent|\baccept all\b|\breject all\b|\bprivacy (?:policy|settings|notice)\b"
    r"|\bdevice information\b|\bbrowsing behaviou?r\b|\bpersonali[sz]ed (?:ads|content)\b"
    r"|\bmanage (?:your )?(?:preferences|settings|choices)\b|\bby continuing to (?:use|browse)\b",
    re.IGNORECASE,
)
# Symbols that page widgets leave behind: font-size and share buttons, arrows, menus.
_WIDGET_SYMBOLS = re.compile(r"[↺↻⟳☰⋮✕×▲▼◀▶⎙−]|\b\d+\s?px\b|\bA\s?[+-]\s|\bA\s+A\b")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[A-Za-z]{2,})+/?$")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:by|written by|reporting by|words by|story by|editing by|additional reporting by"
    r"|author|authors|reporter)\b[\s:]+\S",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?:photo|photograph|image|picture|video|credit|source|illustration)s?\s*(?:credit)?\s*:"
    r"|\blicensed under\b|\bcreative commons\b|\bgetty images\s*$|\bvia getty\b",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(?:advertisement|advert|sponsored|read more|read next|related(?: articles| stories)?"
    r"|recommended|most read|most popular|share(?: this)?(?: article| story| on\b)?|follow us"
    r"|sign up|subscribe|click here|continue reading|skip to (?:main )?content|comments?"
    r"|listen to this article|copy link|print|email|whatsapp|facebook|twitter|linkedin|trending"
    r"|watch|more from|see also|also read|tags?|topics?)\b\W*",
    re.IGNORECASE,
)
_PHOTO_MARK = re.compile(
    r"\((?:file )?(?:photo|picture|image|pictured)\b[^)]*\)|\bfile photo\b|^pictured:"
    r"|\((?:left|right|centre|center|top|bottom)\)",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’»)]*"
_MOST_WORDS_ASKED = 40  # residue_reason's rules look at lines of at most this many words
_SENTENCE_END = ".!?…:;"


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_cookie_banner(text: str) -> bool:
    """A consent banner mentions cookies (or tracking) together with consent or privacy settings."""
    return bool(COOKIE_WORDS.search(text) and CONSENT_WORDS.search(text))


def mentions_cookies(text: str) -> bool:
    """What a cookie banner must mention: text without it holds no banner, in any of its parts."""
    return COOKIE_WORDS.search(text) is not None


def _words_up_to(text: str, most: int) -> int:
    """How many words `text` has, or most + 1 if more: a long paragraph is found to have more in
    its first characters, not counted through (each word begun there is a word of the whole)."""
    head = 8 * most
    if len(text) > head and len(_WORD.findall(text, 0, head)) > most:
        return most + 1
    return min(len(_WORD.findall(text)), most + 1)


def residue_reason(line: str) -> str | None:
    """Why a whole line is page residue rather than article text, or None if it is article text."""
    stripped = line.strip()
    count = _words_up_to(stripped, _MOST_WORDS_ASKED)
    if is_cookie_banner(stripped):
        return "cookie banner"
    if count <= 8 and _WIDGET_SYMBOLS.search(stripped):
        return "page widget"
    if count <= 6 and sum(map(str.isalpha, stripped)) < 0.5 * len(stripped):
        return "page widget"
    if count <= 4 and _DOMAIN.match(stripped):
        return "site name"
    if count <= 12 and _COPYRIGHT.search(stripped):
        return "copyright line"
    if count <= 10 and _BYLINE.match(stripped) and not stripped.endswith((".", "!", "?")):
        return "byline"
    if count <= _MOST_WORDS_ASKED and _CREDIT.search(stripped):
        return "image credit"
    if count <= 6 and _FURNITURE.match(stripped):
        return "page furniture"
    return None


def ends_like_sentence(line: str) -> bool:
    """True when a line ends with sentence punctuation, allowing closing quotes and brackets after it."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def has_photo_mark(line: str) -> bool:
    return bool(_PHOTO_MARK.search(line))


def looks_like_title(line: str) -> bool:
    """A headline: short, and not ending as a sentence does (a question mark is allowed)."""
    stripped = line.strip()
    if len(stripped) > 160 or len(words(stripped)) > 25 or len(words(stripped)) < 2:
        return False
    return not stripped.rstrip(_CLOSERS).endswith((".", ":", ";", ","))


def same_text(a: str, b: str) -> bool:
    """Lines that say the same thing once case, spacing and punctuation are ignored."""
    mine = _lower_words(a)
    return bool(mine) and mine == _lower_words(b)


@lru_cache(maxsize=1024)
def _lower_words(text: str) -> tuple[str, ...]:
    """Cached: segmentation compares each line with the one before it, so it asks twice. The text
    is lowered whole (one call, not one a word), except where lowering changes its letters' count:
    U+0130 (İ) lowers to an i and a combining dot, which would split the word."""
    if "\u0130" not in text:
        return tuple(_WORD.findall(text.lower()))
    return tuple(w.lower() for w in words(text))
