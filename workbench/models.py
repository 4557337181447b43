"""Plain records shared by the core, the command line and the app: labels, articles, passages, verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from workbench.vocabulary import LABELS, Kind, Label  # noqa: F401  (records carry them)

# How a word of a claim relates to its counterpart: the statuses of align.WordMark. Kept here,
# beside the other plain vocabulary, so the screen can name them without loading the aligner.
SAME, CHANGED, ADDED, DROPPED = "same", "changed", "added", "dropped"


class Document(NamedTuple):
    """One article as read from a file or record, before segmentation."""

    source_key: str  # what identifies it across re-imports: a resolved path, plus '#record' for records
    path: str  # the file it came from
    text: str  # cleaned text: control characters stripped, newlines normalised
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    source: str | None = None  # publisher or site, when the record names one


class Segment(NamedTuple):
    """A span of an article's text and what it is."""

    start: int
    end: int
    kind: Kind
    reason: str | None = None  # why a non-claim is not a claim ("cookie banner", "repeated title" ...)


class Article(NamedTuple):
    id: str
    path: str
    name: str
    title: str
    published: str | None
    url: str | None
    source: str | None
    text: str
    text_hash: str


class Passage(NamedTuple):
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


class Link(NamedTuple):
    """Two passages of different articles that the aligner counts as saying the same thing."""

    a: str
    b: str
    score: float


class Verdict(NamedTuple):
    passage_id: str
    reviewer: str
    label: Label
    note: str = ""
    evidence: tuple[str, ...] = ()
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


# Records the store returns, shared by every layer -------------------------------------------


class FinalVerdict(NamedTuple):
    passage_id: str
    label: Label
    note: str
    adjudicator: str
    decided_at: str


class Dispute(NamedTuple):
    passage_id: str
    labels: dict[str, str]  # reviewer -> label
    final: FinalVerdict | None


class ArticleSummary(NamedTuple):
    article: Article
    passages: int
    claims: int
    reviewed: int  # claims with at least one verdict (of the reviewer asked about, if one was)


class HistoryEntry(NamedTuple):
    id: int
    passage_id: str
    reviewer: str
    action: str  # "set" or "clear"
    old_label: str | None
    new_label: str | None
    old_note: str | None
    new_note: str | None
    old_evidence: tuple[str, ...]
    new_evidence: tuple[str, ...]
    changed_at: str


class SaveOutcome(NamedTuple):
    article_id: str
    status: str  # NEW, UPDATED or UNCHANGED
    passages: int
    retired: int = 0  # passages the new text dropped but verdicts still point at


@dataclass(slots=True)
class VerdictRecord:
    """One reviewer's verdict on one claim, with everything an export needs to stand alone."""

    article_id: str
    article_title: str
    article_file: str
    article_url: str | None
    article_published: str | None
    passage_id: str
    claim: str
    passage_status: str  # "current", or "retired" when a re-import dropped the sentence
    label: str
    reviewer: str
    note: str
    evidence: list[dict[str, str]]  # id, text, article
    created_at: str
    updated_at: str
    consensus: str  # the label when every reviewer of the claim agrees, else "disputed"
    final: str | None  # the adjudicated label
    final_by: str | None
    final_note: str | None
    final_at: str | None
    stale: bool  # the claim, its evidence or its alignment changed since the verdict
    suggested: str | None = None  # triage's hint, filled in by the export
    suggestion: list[dict] = field(default_factory=list)  # its flags: kind, detail, spans
    suggestion_reasons: str = ""  # the flags in one line


@dataclass
class MergeReport:
    verdicts_added: int = 0
    verdicts_updated: int = 0  # theirs was newer; ours is in the history
    verdicts_kept: int = 0  # ours was newer; theirs is in the history
    verdicts_same: int = 0
    history_added: int = 0
    reviewers_added: int = 0
    unmatched: int = 0  # their verdicts on passages this database does not have
    evidence_dropped: int = 0  # evidence passages this database does not have
    future_dated: int = 0  # their rows dated later than now: not merged
    finals_not_taken: int = 0  # final verdicts in the other file: only an adjudicator here sets them
    roles_not_taken: list[str] = field(default_factory=list)  # adjudicators there, not here
    conflicts: list[str] = field(default_factory=list)  # "passage reviewer: ours x, theirs y, kept z"

    @property
    def changed(self) -> bool:
        return any((self.verdicts_added, self.verdicts_updated, self.history_added, self.reviewers_added))
