"""The product's vocabulary, in one place: verdict labels, passage kinds, triage's kinds of flag.

Everything that names a label (its key in the app, its badge, its colour, its words in exports and
help) reads it from here, and so does the `labels` table (a migration copies LABEL_INFO into it).
Adding a label means adding it to `Label` and `LABEL_INFO` below, and a migration that calls
`store.migrations.sync_labels`; nothing else. A test walks every label through every front end.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Label(StrEnum):
    """The verdicts a reviewer can give a claim."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    EDITORIALIZED = "editorialized"
    UNSUPPORTED = "unsupported"

    @property
    def info(self) -> LabelInfo:
        return LABEL_INFO[self]

    @property
    def description(self) -> str:
        return LABEL_INFO[self].description


class LabelInfo(NamedTuple):
    key: str  # the key that gives this verdict in the app (remappable)
    glyph: str  # the badge: a symbol and a capital letter, so it reads without colour
    style: str  # the badge's colours (Rich style)
    hint: str  # triage's lower-case mark when it suggests this label ("" if it never does)
    description: str  # one line: what the label means
    tooltip: str  # the key's help line
    fever: str  # FEVER's label
    verifiable: bool  # FEVER: is it a verifiable claim (opinion is not)
    claimreview: str  # ClaimReview's reviewRating alternateName
    takes_evidence: bool  # a first verdict takes the claim's counterparts as its evidence


LABEL_INFO: dict[Label, LabelInfo] = {
    Label.SUPPORTED: LabelInfo(
        key="s",
        glyph="✔S",
        style="bold black on #6fcf6f",
        hint="",
        description="the evidence says the same thing",
        tooltip="Mark the claim supported (the evidence says the same), then go on",
        fever="SUPPORTS",
        verifiable=True,
        claimreview="Supported",
        takes_evidence=True,
    ),
    Label.CONTRADICTED: LabelInfo(
        key="c",
        glyph="✘C",
        style="bold white on #d9534f",
        hint="c",
        description="the evidence says something different (a changed fact, figure, name or date)",
        tooltip="Mark it contradicted (a changed fact, figure, name or date), then go on",
        fever="REFUTES",
        verifiable=True,
        claimreview="Contradicted",
        takes_evidence=True,
    ),
    Label.EDITORIALIZED: LabelInfo(
        key="e",
        glyph="✎E",
        style="bold black on #e0b050",
        hint="e",
        description="opinion, loaded language or speculation the evidence does not carry",
        tooltip="Mark it editorialized (opinion or loaded language the evidence lacks), then go on",
        fever="NOT ENOUGH INFO",  # opinion is not a fact to verify; the record says so
        verifiable=False,
        claimreview="Editorialized",
        takes_evidence=True,
    ),
    Label.UNSUPPORTED: LabelInfo(
        key="u",
        glyph="?U",
        style="bold black on #8fb8e0",
        hint="u",
        description="nothing in the other articles backs it (not enough info)",
        tooltip="Mark it unsupported (nothing in the other articles backs it), then go on",
        fever="NOT ENOUGH INFO",
        verifiable=True,
        claimreview="Unsupported",
        takes_evidence=False,
    ),
}

LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def short(label: Label | str) -> str:
    """A narrow column heading for a label: its glyph and the start of its word ("✔S supp.")."""
    label = Label(label)
    return f"{label.info.glyph} {label.value[:4]}."


class Kind(StrEnum):
    """What a passage is. Only claims and captions are reviewed; the rest is kept but marked."""

    CLAIM = "claim"
    CAPTION = "caption"
    TITLE = "title"
    HEADING = "heading"
    QUESTION = "question"
    JUNK = "junk"

    @property
    def is_claim(self) -> bool:
        return self in (Kind.CLAIM, Kind.CAPTION)

    @property
    def tells_story(self) -> bool:
        """Which story an article tells is read from all its text but junk: a headline or a
        question says it as well as a claim (a one-line summary is taken for a headline)."""
        return self is not Kind.JUNK


CLAIM_KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind if kind.is_claim)


class FlagKind(NamedTuple):
    """A kind of triage flag: what it suggests, what it means."""

    suggests: Label
    factual: bool  # a changed fact (it outranks opinion and missing support)
    meaning: str


# How much each kind weighs in a claim's suspicion is learnt: triage/model.json.
FLAG_KINDS: dict[str, FlagKind] = {
    "figure": FlagKind(Label.CONTRADICTED, True, "a number, sum or percentage not in the evidence"),
    "date": FlagKind(Label.CONTRADICTED, True, "a date or time that disagrees with the evidence's"),
    "role": FlagKind(Label.CONTRADICTED, True, "a person's role differs from the reference's"),
    "attribution": FlagKind(Label.CONTRADICTED, True, "the statement is given to another speaker"),
    "hedge": FlagKind(Label.CONTRADICTED, True, "a hedge removed or added against a close paraphrase"),
    "swap": FlagKind(
        Label.CONTRADICTED, True, "a word turned into its opposite, a negation, or another name"
    ),
    "no_support": FlagKind(Label.UNSUPPORTED, False, "nothing in the reference says it"),
    "editorial": FlagKind(Label.EDITORIALIZED, False, "loaded or evaluative words the evidence lacks"),
    "new_name": FlagKind(Label.UNSUPPORTED, False, "a name that neither the evidence nor the reference has"),
}
FLAG_ORDER: tuple[str, ...] = tuple(FLAG_KINDS)
# When a claim has flags of several kinds, the suggestion is the first of these that one suggests.
SUGGESTION_ORDER: tuple[Label, ...] = (Label.CONTRADICTED, Label.EDITORIALIZED, Label.UNSUPPORTED)

assert set(LABEL_INFO) == set(Label), "every label needs its LabelInfo"
assert len({info.key for info in LABEL_INFO.values()}) == len(LABEL_INFO), "label keys must differ"
