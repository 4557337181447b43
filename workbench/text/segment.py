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
SEGMENTER_VERSION = "2"
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
# Where scraped text glues a caption to the next sentence with no full stop: after a photo mark
# ("… in East London (right) While many …"), or a quotation closed and followed by a word that
# opens sentences ("… was waning' The best mates …").
_UNPUNCTUATED_END = re.compile(
    r"(\((?:left|right|centre|center|top|bottom|above|below|inset|pictured|l-r|r-l)\))()\s+(?=[A-Z])"
    r"|(?<=[^\W\d_])([.!?]?)([\"'’”])\s+(?=[A-Z][a-z]*\b)",
)
# Scraped text that joined two paragraphs with no space: "… debts of £225,000.They still owe …".
_GLUED_STOP = re.compile(r"(?<=[a-z0-9%)])[.!?](?=[A-Z][a-z]+\b)")
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
        if is_title:
            title = line
            segments.append(Segment(start, start + len(line), Kind.TITLE))
        elif (not junk.ends_like_sentence(line) or junk.has_photo_mark(line)) and not _prose(line):
            kind = Kind.CAPTION if len(junk.words(line)) >= 6 or junk.has_photo_mark(line) else Kind.HEADING
            segments.extend(_bounded(start, line, kind))
            seen_body = seen_body or kind is Kind.CAPTION
        else:
            segments.extend(_sentences(start, line))
            seen_body = True  # the header (title, kicker, byline, dateline) ends at the first sentence
    return Segmentation(segments=segments, title=title, published=published)


def _prose(line: str) -> bool:
    """A line of running text, even if it ends mid-sentence or holds a photo mark: two sentences or more.

    Captions and headings are one phrase; a whole article on one line (scraped text often is) is
    many sentences, and each is a claim, however the line ends.
    """
    return len(split_sentences(line)) > 1


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
    cookies = junk.mentions_cookies(line)  # else no sentence of it is a banner: none is asked
    for begin, end in split_sentences(line):
        sentence = line[begin:end]
        if cookies and junk.is_cookie_banner(sentence):
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
    ends = [(m.end(2), m.end()) for m in _CANDIDATE.finditer(line) if _ends_sentence(line, m, quotes)]
    ends += [(m.end(m.lastindex or 0), m.end()) for m in _UNPUNCTUATED_END.finditer(line) if _glued(line, m)]
    ends += [(m.end(), m.end()) for m in _GLUED_STOP.finditer(line) if _joined(line, m, quotes)]
    for end, next_begin in sorted(set(ends)):
        if end > begin:
            spans.append((begin, end))
            begin = next_begin
    if begin < len(line):
        spans.append((begin, len(line.rstrip())))
    return spans


def _glued(line: str, match: re.Match[str]) -> bool:
    """A photo mark before a capital, or a closed quotation before a word that opens sentences."""
    if match.group(1):
        return True
    next_word = _FIRST_WORD.match(line, match.end())
    if not next_word or next_word.group(1).lower() not in _SENTENCE_STARTERS:
        return False
    quote = match.group(4)
    return quote != '"' or line.count('"', 0, match.start(4)) % 2 == 1  # a straight quote that closes


def _joined(line: str, match: re.Match[str], quotes: _Quotes) -> bool:
    """A full stop with the next sentence glued to it after a word in lower case or a figure; not
    an abbreviation (Mr.Smith), a dotted name (U.S.Army, News.Az) or a stop inside a quotation."""
    if quotes.inside(match.end()):
        return False
    space = max(line.rfind(" ", 0, match.start()), line.rfind("\t", 0, match.start()))
    word = line[space + 1 : match.start()].lstrip("\"'“‘«([")
    if word[:1].isupper():  # a dotted name (News.Az, Amazon.Com) more often than a sentence's end
        return False
    return "." not in word and word.lower() not in _ABBREVIATIONS | _AMBIGUOUS_ABBREVIATIONS


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


_QUOTE_MARK = re.compile('[“”"]')
_LONGEST_QUOTE = 600  # characters: a quotation of a few sentences, no more


class _Quotes:
    """Where the double quotes of a line open and close, to tell whether a position is inside one.

    A straight quote opens when it follows a space, a bracket or the line start, and closes
    otherwise. Only the nearest quote mark before a position counts, so a mark left open (a
    speech that goes on in the next paragraph, as British style has it) does not turn the rest of
    the line inside out.
    """

    def __init__(self, line: str) -> None:
        marks: list[tuple[int, bool]] = []
        for match in _QUOTE_MARK.finditer(line):
            i, ch = match.start(), match.group(0)
            if ch == "“":
                marks.append((i, True))
            elif ch == "”":
                marks.append((i, False))
            else:
                marks.append((i, i == 0 or line[i - 1] in " \t([{—–-:"))
        self.positions = [i for i, _ in marks]
        self.opens = [opens for _, opens in marks]

    def inside(self, position: int) -> bool:
        """True when the last quote mark before `position` opens one that closes soon after it."""
        k = bisect_left(self.positions, position) - 1
        if k < 0 or not self.opens[k]:
            return False
        after = k + 1
        return (
            after < len(self.positions)
            and not self.opens[after]
            and self.positions[after] - self.positions[k] < _LONGEST_QUOTE
        )
