"""The team's rules, once each, as plain functions: consensus, disputed, decided, stale, who adjudicates.

The store, the exports, the review session and the screen call these; none writes its own
version of a rule in Python or SQL.
"""

from __future__ import annotations

from collections.abc import Iterable

DISPUTED = "disputed"  # the consensus of a claim whose reviewers gave different labels
ADJUDICATOR = "adjudicator"


def consensus(labels: Iterable[str]) -> str | None:
    """The label every reviewer of a claim gave, DISPUTED when they differ, None with no verdicts."""
    found = set(labels)
    if not found:
        return None
    return found.pop() if len(found) == 1 else DISPUTED


def disputed(labels: Iterable[str]) -> bool:
    """Reviewers gave a claim different labels (blind review hides them, but the fact stands)."""
    return consensus(labels) == DISPUTED


def agrees(mine: str | None, others: Iterable[str]) -> bool:
    """Every other reviewer gave the label I gave (False when I gave none)."""
    return mine is not None and all(label == mine for label in others)


def decided(final: str | None, labels: Iterable[str]) -> str | None:
    """A claim's verdict for the record: the adjudicated one, else the one every reviewer gave;
    None while it is disputed or nobody judged it."""
    if final:
        return final
    agreed = consensus(labels)
    return None if agreed in (None, DISPUTED) else agreed


def stale(
    given_on: str | None, alignment_now: str | None, claim_retired: bool, evidence_retired: bool
) -> bool:
    """A verdict no longer rests on what it was given on: the claim's alignment moved (its basis
    then and now differ), or a re-import retired the claim or one of its evidence passages.
    A verdict from before bases were recorded (None) is judged on retirement alone."""
    moved = given_on is not None and (alignment_now or "") != given_on
    return moved or claim_retired or evidence_retired


def may_adjudicate(role: str | None) -> bool:
    return role == ADJUDICATOR
