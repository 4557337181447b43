"""The review screen's keys, what each does, and the legend of its marks (for the help screen)."""

from __future__ import annotations

import re
from dataclasses import replace

from rich.text import Text
from textual.binding import Binding

from workbench.tui import render
from workbench.vocabulary import Label

REVIEW_KEYS: list[Binding] = [
    Binding("question_mark", "help", "Help", tooltip="This list of keys and what the marks mean"),
    # One key per verdict, from the vocabulary: key, description and help line.
    *(
        Binding(
            label.info.key,
            f"mark('{label.value}')",
            label.value.capitalize(),
            tooltip=label.info.tooltip,
            id=f"mark_{label.value}",  # the same id binding_id() would give
        )
        for label in Label
    ),
    Binding(
        "n",
        "next_unreviewed",
        "Next unreviewed",
        tooltip="Jump to the next claim without your verdict (N: the previous one)",
    ),
    Binding("x", "clear", "Clear", tooltip="Clear your verdict on the claim (the history keeps it)"),
    Binding("N", "previous_unreviewed", "Previous unreviewed", show=False),
    Binding("j", "cursor(1)", "Next claim", show=False),
    Binding("k", "cursor(-1)", "Previous claim", show=False),
    Binding("a", "note", "Note", tooltip="Add or edit the note of your verdict (ctrl+s saves)"),
    Binding(
        "v",
        "evidence",
        "Evidence",
        tooltip="Choose evidence in the compared article: enter adds or removes a passage, v goes back",
    ),
    Binding(
        "right_square_bracket",
        "counterpart(1)",
        "Next counterpart",
        show=False,
        tooltip="Show the claim's next counterpart ([: the previous one)",
    ),
    Binding("left_square_bracket", "counterpart(-1)", "Previous counterpart", show=False),
    Binding("z,ctrl+z", "undo", "Undo", tooltip="Undo your last change, one step at a time"),
    Binding(
        "slash",
        "search",
        "Search",
        tooltip="Search the article under review; enter finds the next match, escape closes",
    ),
    Binding("p", "pick('left')", "Review…", tooltip="Choose the article to review"),
    Binding("P", "pick('right')", "Compare…", tooltip="Choose the article to compare it with"),
    Binding("w", "swap", "Swap sides", show=False, tooltip="Swap the two articles"),
    Binding("E", "export", "Export CSV", tooltip="Export every verdict to a CSV file beside the database"),
    Binding(
        "d",
        "disputed",
        "Disputed",
        tooltip="Show only disputed claims (reviewers disagree), or all again",
    ),
    Binding("y", "confirm", "Keep", show=False, tooltip="Keep your stale verdict as it is (marked !)"),
    Binding(
        "F",
        "final",
        "Final verdict",
        show=False,
        tooltip="Set the final verdict of a claim (adjudicators)",
    ),
    Binding("A", "stats", "Agreement", tooltip="Reviewers, agreement figures and disputed claims"),
    Binding(
        "f",
        "next_flagged",
        "Next hint",
        tooltip="Jump to the next claim triage flags (a lower-case c, e or u beside it)",
    ),
    Binding(
        "o",
        "order",
        "Order",
        show=False,
        tooltip="List the claims most suspicious first, or in reading order again",
    ),
    Binding(
        "m",
        "provenance",
        "Provenance",
        show=False,
        tooltip="Which article covers which: the original and its rewrites",
    ),
    Binding(
        "R",
        "reference",
        "Mark reference",
        show=False,
        tooltip="Mark the compared article as the reference (the original) triage checks against",
    ),
    Binding("C", "copy", "Copy", show=False, tooltip="Copy the claim's id and text to the clipboard"),
    Binding(
        "i", "details", "Details", show=False, tooltip="The current claim's details on a page of their own"
    ),
    Binding("q", "app.quit", "Quit", tooltip="Quit (every verdict is already saved)"),
]


def binding_id(action: str) -> str:
    """A binding's id from its action: mark('supported') -> mark_supported, cursor(-1) -> cursor_back.

    Users remap keys by these ids (Textual's keymap; see services/keymap.py).
    """
    name = action.removeprefix("app.")
    name = name.replace("(-1)", "_back").replace("(1)", "_on")
    return re.sub(r"\W+", "_", name).strip("_")


REVIEW_KEYS = [
    binding if binding.id else replace(binding, id=binding_id(binding.action)) for binding in REVIEW_KEYS
]


def legend() -> Text:
    text = Text()
    for label in Label:
        text.append_text(render.label_text(label))
        text.append(f"  {label.description}\n")
    text.append_text(render.badge(None))
    text.append("  no verdict from you yet\n")
    text.append(" ≈  the claim has a counterpart in the compared article\n")
    text.append(" ~ ", style=f"bold {render.UNALIGNED}")
    text.append(" only a weak link: a word or two in common, not a counterpart (italics)\n")
    text.append(" ∅ ", style=f"bold {render.UNALIGNED}")
    text.append(" nothing in the compared article says this (claim shown in italics)\n")
    text.append(" =  other reviewers agree with you;  ")
    text.append("≠", style="bold #ff5f5f")
    text.append("  someone disagrees with you;  ")
    text.append("*", style="bold #ff5f5f")
    text.append("  you have not judged it and the others disagree among themselves;  ")
    text.append("F", style="bold #5fd7ff")
    text.append("  an adjudicator set the final verdict\n")
    text.append(" c ", style=f"bold {render.HINT}")
    hinted = ", ".join(f"{label.value} ({label.info.hint})" for label in Label if label.info.hint)
    text.append(f" a hint, not a verdict: triage suggests {hinted};")
    text.append(" highlighted words ", style=render.FLAGGED_WORDS)
    text.append(" are why (f: next hint, o: most suspicious first)\n")
    text.append(" ! ", style=f"bold {render.STALE}")
    text.append(" your verdict is stale: the claim, its evidence or its alignment changed (y keeps it)\n")
    text.append(" added words ", style="bold underline #ffb74d")
    text.append(" are in the claim but not its counterpart; ")
    text.append(" changed words ", style="bold underline #ff80ff")
    text.append(" differ between the two\n")
    text.append(" ▶  the current claim's counterpart;  ")
    text.append("◆", style="bold #ffd75f")
    text.append("  evidence you chose\n")
    text.append(" tinted passages ", style=f"on {render.ALIGNED}")
    text.append(" on the right have a counterpart among the claims on the left\n")
    return text
