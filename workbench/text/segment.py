"""Article text to passages: sentences and caption lines with exact character offsets, each marked by kind."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.models import Segment
from workbench.text import junk
from workbench.text.published import dateline
from workbench.vocabulary import Kind

# Bump when segmentation changes: re-importing an unchanged file then re-segments it.
SEGMENTER_VERSION = "1"
# Longest passage we keep whole; longer runs without a sentence end are cut at a space.
MAX_PASSAGE = 1000
# How many lines from the top may hold a title or a dateline.
_HEADER_LINES = 4

# Abbreviations after which a full stop never ends a sentence (compared lower-case, without the dot).
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col",
    "capt", "cmdr", "sgt", "maj", "adm", "rev", "hon", "pres", "supt", "insp", "det", "st", "mt",
    "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "v", "approx", "ca", "cf", "fig", "figs", "vol", "vols", "pp", "ch", "sec", "art",
    "dept", "univ", "assn", "est", "incl", "nos",
}  # fmt: skip
# After an initial, a dotted acronym (U.S., D.C., a.m.) or a company suffix, a full stop ends the
# sentence only when the next word is one that typically opens a sentence.
_AMBIGUOUS_ABBREVIATIONS = {"inc", "ltd", "co", "corp", "plc", "llc", "jr", "sr", "bros", "etc", "no"}
_SENTENCE_STARTERS = {
    "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you",
    "his", "her", "their", "our", "there", "here", "but", "and", "or", "so", "yet", "however",
    "meanwhile", "moreover", "also", "in", "on", "at", "by", "for", "from", "with", "after",
    "before", "during", "since", "when", "while", "if", "as", "a", "an", "according", "some",
    "many", "most", "one", "no", "not", "what", "why", "how", "who", "where", "although", "though",
    "despite", "still", "then", "now", "today", "yesterday", "earlier", "later", "last", "next",
    "both", "all", "each", "such", "other", "another", "officials", "critics", "analysts",
}  # fmt: skip

_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’»)\]]*)\s+")
_FIRST_WORD = re.compile(r"[\"'“‘«(\[]*([^\W_]+)")
_INITIAL_OR_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_BULLET = re.compile(r"^(?:[-–—•*·▪]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Segmentation:
    segments: list[Segment]
    title: str | None  # the text of the title line, when the article opens with one
    published: str | None  # ISO date from a dateline near the top


def segment(text: str, *, known_title: str | None = None) -> Segmentation:
    """Split cleaned article text into passages; every character of a passage lies within [start, end)."""
    segments: list[Segment] = []
    title: str | None = None
    published: str | None = None
    previous: str | None = None
    seen_body = False
    for number, (start, line) in enumerate(_lines(text)):
        header = number < _HEADER_LINES and not seen_body
        reason = junk.residue_reason(line)
        if header and published is None:
            published = dateline(line)
            if published and reason is None:
                reason = "dateline"
        if reason is None and previous is not None and junk.same_text(line, previous):
            reason = "repeated title" if title and junk.same_text(line, title) else "repeated line"
        previous = line
        if reason is not None:
            segments.append(Segment(start, start + len(line), Kind.JUNK, reason))
            continue
        is_title = (
            title is None
            and not seen_body
            and (
                (known_title is not None and junk.same_text(line, known_title))
                or (
                    header
                    and known_title is None
                    and junk.looks_like_title(line)
                    and not junk.has_photo_mark(line)
                )
            )
        )
        seen_body = True
        if is_title:
            title = line
            segments.append(Segment(start, start + len(line), Kind.TITLE))
        elif not junk.ends_like_sentence(line) or junk.has_photo_mark(line):
            kind = Kind.CAPTION if len(junk.words(line)) >= 6 or junk.has_photo_mark(line) else Kind.HEADING
            segments.extend(_bounded(start, line, kind))
        else:
            segments.extend(_sentences(start, line))
    return Segmentation(segments=segments, title=title, published=published)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their start offsets, stripped of surrounding spaces and list bullets."""
    offset = 0
    for raw in text.split("\n"):
        line_start = offset
        offset += len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            continue
        start = line_start + (len(raw) - len(raw.lstrip()))
        bullet = _BULLET.match(stripped)
        if bullet and len(stripped) > bullet.end():
            start += bullet.end()
            stripped = stripped[bullet.end() :]
        yield start, stripped


def _sentences(start: int, line: str) -> Iterator[Segment]:
    for begin, end in split_sentences(line):
        sentence = line[begin:end]
        if junk.is_cookie_banner(sentence):
            yield Segment(start + begin, start + end, Kind.JUNK, "cookie banner")
            continue
        kind = Kind.QUESTION if sentence.rstrip("\"'”’»)]").endswith("?") else Kind.CLAIM
        yield from _bounded(start + begin, sentence, kind)


def _bounded(start: int, text: str, kind: Kind) -> Iterator[Segment]:
    """One segment, or several when the text is longer than MAX_PASSAGE (cut at spaces)."""
    begin = 0
    while len(text) - begin > MAX_PASSAGE:
        cut = text.rfind(" ", begin + MAX_PASSAGE // 2, begin + MAX_PASSAGE)
        if cut == -1:
            cut = begin + MAX_PASSAGE
        yield Segment(start + begin, start + cut, kind)
        begin = cut
        while begin < len(text) and text[begin] == " ":
            begin += 1
    if begin < len(text):
        yield Segment(start + begin, start + len(text), kind)


def split_sentences(line: str) -> list[tuple[int, int]]:
    """Sentence spans (begin, end) within one line of text; spaces between sentences are left out.

    Linear in the length of the line: a megabyte line of short sentences splits in well under a second.
    """
    spans: list[tuple[int, int]] = []
    quotes = _Quotes(line)
    begin = 0
    for match in _CANDIDATE.finditer(line):
        end = match.end(2)
        if _ends_sentence(line, match, quotes):
            spans.append((begin, end))
            begin = match.end()
    if begin < len(line):
        spans.append((begin, len(line.rstrip())))
    return spans


def _ends_sentence(line: str, match: re.Match[str], quotes: _Quotes) -> bool:
    first = _FIRST_WORD.match(line, match.end())
    if not first or not (first.group(1)[0].isupper() or first.group(1)[0].isdigit()):
        return False
    next_word = first.group(1)
    if quotes.inside(match.end(2)):
        return False
    if match.group(1) != ".":
        return True
    space = max(line.rfind(" ", 0, match.start()), line.rfind("\t", 0, match.start()))
    word = line[space + 1 : match.start()].lstrip("\"'“‘«([")
    if not word:
        return True
    lowered = word.lower()
    if lowered in _ABBREVIATIONS:
        return False
    if lowered == "no" and next_word[0].isdigit():
        return False
    if lowered in _AMBIGUOUS_ABBREVIATIONS or _INITIAL_OR_ACRONYM.match(word):
        return next_word.lower() in _SENTENCE_STARTERS
    return True


class _Quotes:
    """Where the double quotes of a line are, to tell whether a position lies inside a quotation."""

    def __init__(self, line: str) -> None:
        self.opening = [i for i, ch in enumerate(line) if ch == "“"]
        self.closing = [i for i, ch in enumerate(line) if ch == "”"]
        self.straight = [i for i, ch in enumerate(line) if ch == '"']

    def inside(self, position: int) -> bool:
        """True when `position` falls inside a double-quoted stretch that closes later on the line."""
        opened = bisect_left(self.opening, position) - bisect_left(self.closing, position)
        if opened > 0:
            return bisect_left(self.closing, position) < len(self.closing)
        straight = bisect_left(self.straight, position)
        return straight % 2 == 1 and straight < len(self.straight)
