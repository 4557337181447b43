"""Plain records shared by the core, the command line and the app: labels, articles, passages, verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.vocabulary import LABELS, Kind, Label  # noqa: F401  (records carry them)

# How a word of a claim relates to its counterpart: the statuses of align.WordMark. Kept here,
# beside the other plain vocabulary, so the screen can name them without loading the aligner.
SAME, CHANGED, ADDED, DROPPED = "same", "changed", "added", "dropped"


@dataclass(frozen=True)
class Document:
    """One article as read from a file or record, before segmentation."""

    source_key: str  # what identifies it across re-imports: a resolved path, plus '#record' for records
    path: str  # the file it came from
    text: str  # cleaned text: control characters stripped, newlines normalised
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    source: str | None = None  # publisher or site, when the record names one


@dataclass(frozen=True)
class Segment:
    """A span of an article's text and what it is."""

    start: int
    end: int
    kind: Kind
    reason: str | None = None  # why a non-claim is not a claim ("cookie banner", "repeated title" ...)


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    name: str
    title: str
    published: str | None
    url: str | None
    source: str | None
    text: str
    text_hash: str


@dataclass(frozen=True)
class Passage:
    id: str
    article_id: str
    position: int
    start: int
    end: int
    text: str
    kind: Kind
    reason: str | None = None

    @property
    def claim(self) -> bool:
        return self.kind.is_claim


@dataclass(frozen=True)
class Link:
    """Two passages of different articles that the aligner counts as saying the same thing."""

    a: str
    b: str
    score: float


@dataclass(frozen=True)
class Verdict:
    passage_id: str
    reviewer: str
    label: Label
    note: str = ""
    evidence: tuple[str, ...] = field(default_factory=tuple)
    created_at: str = ""
    updated_at: str = ""


class WorkbenchError(Exception):
    """An error the user must hear about in one line; the command line and the app show its text."""


class InvalidReviewer(WorkbenchError, ValueError):
    """A reviewer name we will not store."""


_REVIEWER_NAME = re.compile(r"^[^\W_][\w .@'-]{0,63}$")


def check_reviewer_name(name: str) -> str:
    """The reviewer name, trimmed; letters, digits, spaces and . @ ' - _ only, at most 64 characters."""
    cleaned = name.strip() if isinstance(name, str) else ""
    if not _REVIEWER_NAME.match(cleaned) or "  " in cleaned:
        raise InvalidReviewer(
            f"invalid reviewer name {name!r}: use 1-64 letters, digits, spaces or . @ ' - _, "
            "starting with a letter or digit"
        )
    return cleaned
