"""Turning the review model into styled text. Article text is always appended as plain text, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from workbench import rules
from workbench.models import ADDED, CHANGED, Article, FinalVerdict, Passage, Verdict
from workbench.services.review import Backing, Counterpart, Progress
from workbench.text.sanitize import visible
from workbench.tui.rows import Row
from workbench.vocabulary import Label

if TYPE_CHECKING:
    from workbench.align.diff import WordMark
    from workbench.triage.signals import (
        Triage,  # the triage modules load with the hints, after the first paint
    )

CLAIM_INDENT = 11  # badge (4), space, alignment mark, space, three markers, space
PASSAGE_INDENT = 2  # the compared article's marker (▶ or ◆) and a space

# The current claim and its counterparts share this background (the claim list's cursor uses it too).
CURRENT = "#005f87"
ALIGNED = "#303030"  # passages of the compared article that some claim is aligned with
UNALIGNED = "#ff8f3f"  # claims with no counterpart: where rewrites invent
STALE = "#ffd700"  # a verdict whose claim, evidence or alignment changed since it was given
HINT = "#ff87d7"  # triage's suggestion: a hint, drawn apart from the verdict badge
FLAGGED_WORDS = "on #5f005f"  # the words a triage flag points at
# A label's badge (symbol, capital letter, colours) and its lower-case hint mark come from the
# vocabulary: a hint is drawn apart from the badge, so it never reads as a verdict.
# Words the claim added or changed are marked; words it merely left out of a longer source are not
# (rewrites drop most of every sentence they summarise, and marking all of it hides the changes).
_MARK_STYLE = {
    ADDED: "bold underline #ffb74d",
    CHANGED: "bold underline #ff80ff",
}


def badge(verdict: Verdict | None) -> Text:
    if verdict is None:
        return Text(" ·· ", style="dim")
    info = verdict.label.info
    return Text(f" {info.glyph} ", style=info.style)


def label_text(label: Label) -> Text:
    info = label.info
    return Text(f" {info.glyph} {label.value} ", style=info.style)


def marked_text(text: str, marks: list[WordMark] | None, base: str = "") -> Text:
    """Plain text with the words that differ from the other side styled by how they differ."""
    styled = Text(visible(text, keep_offsets=True), style=base)
    for mark in marks or []:
        if mark.content and mark.status in _MARK_STYLE:
            styled.stylize(_MARK_STYLE[mark.status], mark.start, mark.end)
    return styled


def claim_text(passage: Passage) -> str:
    """The text of a claim list's row, unstyled: what it wraps to lines by (Row.text_plain)."""
    if not passage.claim:
        return visible(passage.text) + _kind_note(passage)
    return visible(passage.text, keep_offsets=True)


def _kind_note(passage: Passage) -> str:
    """What a passage that is not a claim is, after its text: "  [junk: repeated title]"."""
    note = passage.kind.value + (f": {visible(passage.reason, one_line=True)}" if passage.reason else "")
    return f"  [{note}]"


def passage_text(passage: Passage) -> str:
    """The text of a compared article's row, unstyled (Row.text_plain)."""
    return visible(passage.text, keep_offsets=True)


def claim_row(
    passage: Passage,
    verdict: Verdict | None,
    *,
    counterparts: int,
    weak_counterparts: int = 0,
    others: list[Verdict],
    stale: bool = False,
    final: FinalVerdict | None = None,
    marks: list[WordMark] | None = None,
    paragraph_end: bool = False,
    suggestion: Triage | None = None,
) -> Row:
    """One row of the claim list: verdict badge, markers (alignment, agreement, stale, hint), the text."""
    if not passage.claim:
        text = Text(visible(passage.text), style="dim")
        text.append(_kind_note(passage), style="dim italic")
        return Row(Text(""), text, CLAIM_INDENT, paragraph_end)
    gutter = badge(verdict)
    gutter.append(" ")
    if counterparts:
        gutter.append("≈")
    elif weak_counterparts:  # a word or two in common: shown, but not as a counterpart
        gutter.append("~", style=f"bold {UNALIGNED}")
    else:
        gutter.append("∅", style=f"bold {UNALIGNED}")
    # A space after it: browsers draw ∅ and ≈ from fonts wider than a cell, over the next mark.
    gutter.append(" ")
    others_labels = [o.label for o in others]
    if final:
        gutter.append("F", style="bold #5fd7ff")
    elif others and verdict is not None:  # = / ≠ compare others with you, so only once you judged
        agree = rules.agrees(verdict.label, others_labels)
        gutter.append("=" if agree else "≠", style="" if agree else "bold #ff5f5f")
    elif rules.disputed(others_labels):  # you have not judged, and the others disagree among themselves
        gutter.append("*", style="bold #ff5f5f")
    else:
        gutter.append(" ")
    gutter.append("!" if stale else " ", style=f"bold {STALE}")
    if suggestion is not None and suggestion.suggested is not None:
        gutter.append(suggestion.suggested.info.hint or "?", style=f"bold {HINT}")
    else:
        gutter.append(" ")
    style = "" if counterparts else f"italic {UNALIGNED}"
    text = marked_text(passage.text, marks, style)
    flag_spans(text, suggestion)
    return Row(gutter, text, CLAIM_INDENT, paragraph_end)


def flag_spans(text: Text, suggestion: Triage | None) -> None:
    """Give the words that triggered triage flags a background, so a checker sees what to look at."""
    for flag in suggestion.flags if suggestion else ():
        start, end = flag.claim_span
        if flag.kind != "no_support" and end - start < len(text.plain):
            text.stylize(FLAGGED_WORDS, start, end)


def passage_row(
    passage: Passage,
    *,
    current: bool,
    aligned: bool,
    evidence: bool,
    marks: list[WordMark] | None = None,
    paragraph_end: bool = False,
) -> Row:
    """One passage of the compared article, tinted by how it relates to the current claim."""
    if not passage.claim:
        base = "dim"
    elif current:
        base = f"on {CURRENT}"
    elif aligned:
        base = f"on {ALIGNED}"
    else:
        base = ""
    marker = Text("◆ ", style="bold #ffd75f") if evidence else Text("▶ " if current else "  ")
    text = marked_text(passage.text, marks if current else None, base)
    return Row(marker, text, PASSAGE_INDENT, paragraph_end, fill=base if base.startswith("on ") else None)


def header(
    left: Article,
    right: Article,
    reviewer: str,
    read_only: str | None = None,
    *,
    reference: str | None = None,
    doubt: str | None = None,
) -> Table:
    """Both articles of the pair; the reference marked ★, with the runner-up when it was a weak guess."""
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    for caption, article in ((" Reviewing ", left), (" Against   ", right)):
        line = Text()
        line.append(caption, style="bold reverse")
        line.append(" ")
        line.append(visible(article.name, one_line=True), style="bold")
        if article.id == reference:
            line.append(" ★ original", style="bold")
            if doubt:
                doubt_text = f" (a weak guess: {visible(doubt, one_line=True)} is nearly as likely)"
                line.append(doubt_text, style="#ffd700")
        line.append(f" · {visible(article.published or 'no date', one_line=True)} · ", style="dim")
        line.append(visible(article.title, one_line=True))
        if article is right:
            line.append(f"  (reviewer: {visible(reviewer, one_line=True)})", style="dim")
        if article is left and read_only:
            line.append("  READ-ONLY ", style="bold reverse #ffd700")
        grid.add_row(line)
    return grid


def progress_line(progress: Progress, status: str = "") -> Text:
    text = Text()
    share = f"{100 * progress.reviewed // progress.total}%" if progress.total else "–"
    text.append(f"{progress.reviewed}/{progress.total} reviewed ({share})", style="bold")
    for label in Label:
        text.append("  ")
        text.append(f" {label.info.glyph} ", style=label.info.style)
        text.append(f" {progress.by_label.get(label.value, 0)}")
    if status:
        text.append("  · ")
        text.append(visible(status, one_line=True), style="italic")
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def details(
    passage: Passage,
    *,
    mine: Verdict | None,
    others: list[Verdict],
    hidden: int,
    stale: bool,
    final: FinalVerdict | None,
    counterparts: list[Counterpart],
    focus: int,
    backing: list[Backing],
    right: Article,
    evidence: list[Passage],
    suggestion: Triage | None = None,
) -> Text:
    """The details panel: the claim's verdict and note, its counterparts, who else backs it."""
    text = Text()
    text.append(f"{passage.id[:10]} ", style="dim")
    text.append(passage.kind.value, style="bold")
    if not passage.claim:
        reason = ": " + visible(passage.reason, one_line=True) if passage.reason else ""
        text.append(f" — not a claim{reason}", style="dim")
        return text
    text.append("  your verdict: ")
    text.append_text(label_text(mine.label) if mine else Text("none yet", style="dim"))
    if mine and mine.note:
        text.append("  note: ")
        text.append(visible(mine.note), style="italic")
    if final:
        text.append("  final: ", style="bold")
        text.append_text(label_text(final.label))
        text.append(f" by {visible(final.adjudicator, one_line=True)}")
    text.append("\n")
    if stale:
        text.append(
            "! The claim, its evidence or its alignment changed since your verdict: "
            "y keeps it, or give a new one.\n",
            style=f"bold {STALE}",
        )
    if suggestion is not None and suggestion.flags:
        text.append("Hint: ", style=f"bold {HINT}")
        text.append(f"looks {suggestion.suggested.value if suggestion.suggested else 'worth a look'} — ")
        reasons = "; ".join(f"{f.kind.replace('_', ' ')}: {f.detail}" for f in suggestion.flags)
        text.append(_clip(visible(reasons, one_line=True), 400))
        text.append("\n")
    if counterparts:
        text.append(f"In {_clip(visible(right.name, one_line=True), 24)}: ", style="bold")
        shown = counterparts[focus % len(counterparts)]
        text.append(f"{shown.score:.0f} ", style="bold")
        text.append(_clip(visible(shown.passage.text, one_line=True)))
        if len(counterparts) > 1:
            text.append(f"  [{focus % len(counterparts) + 1}/{len(counterparts)}, ] for next]", style="dim")
    else:
        name = _clip(visible(right.name, one_line=True), 24)
        text.append(f"Nothing in {name} says this.", style=f"bold {UNALIGNED}")
    text.append("\n")
    if backing:
        versions = len({item.passage.article_id for item in backing})
        text.append(f"Also in {versions} {'version' if versions == 1 else 'versions'}: ", style="bold")
        for index, item in enumerate(backing[:4]):
            if index:
                text.append(" · ")
            text.append(f"{visible(item.article[:12], one_line=True)} {item.score:.0f} ")
            text.append(_clip(visible(item.passage.text, one_line=True), 50), style="dim")
    else:
        text.append("No other article says this.", style="dim")
    text.append("\n")
    if evidence:
        text.append("Evidence: ", style="bold")
        text.append(" · ".join(_clip(visible(p.text, one_line=True), 50) for p in evidence))
        text.append("\n")
    if hidden:
        text.append(f"{hidden} other verdicts are hidden until you give yours (blind review).", style="dim")
    elif others:
        text.append("Others: ", style="bold")
        for index, verdict in enumerate(others):
            if index:
                text.append("  ")
            text.append(f"{visible(verdict.reviewer, one_line=True)} ")
            text.append_text(badge(verdict))
            if verdict.note:
                text.append(f" “{_clip(visible(verdict.note, one_line=True), 40)}”", style="italic")
    return text


def _clip(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# The change strip: where along the article claims are disputed, flagged or unsupported ---------

STRIP_ORDER = ("disputed", "contradicted", "editorialized", "unsupported")  # most severe first
STRIP_STYLE = {
    "disputed": "bold #ff5f5f",
    "contradicted": f"bold {HINT}",
    "editorialized": "#e0b050",
    "unsupported": UNALIGNED,
}


def strip_rows(marks: list[str | None], height: int) -> list[tuple[int, str | None]]:
    """For each of `height` rows: (the first passage it stands for, the most severe mark among
    the passages it stands for). Passages are shared out evenly along the rows."""
    count = len(marks)
    rows = []
    for row in range(max(0, height)):
        first, last = row * count // height, max(row * count // height + 1, (row + 1) * count // height)
        found = {m for m in marks[first:last] if m}
        worst = next((kind for kind in STRIP_ORDER if kind in found), None)
        rows.append((first, worst) if first < count else (count, None))
    return rows


def strip_row_of(rows: list[tuple[int, str | None]], current: int | None, count: int) -> int | None:
    """The row of the strip that stands for passage `current` (None: no current claim)."""
    if current is None:
        return None
    for row, (first, _) in enumerate(rows):
        after = rows[row + 1][0] if row + 1 < len(rows) else count
        if first <= current < max(after, first + 1):
            return row
    return None


def strip_glyph(worst: str | None, here: bool) -> tuple[str, str]:
    """One row of the strip: a block coloured by its most severe mark, a thin line where nothing
    is marked, and ▶ on the row of the current claim; (glyph, Rich style)."""
    glyph = "▶" if here else ("█" if worst else "│")
    return glyph, STRIP_STYLE.get(worst or "", "bold" if here else "dim")
