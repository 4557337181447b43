"""The team's rules, once each, as plain functions: consensus, disputed, decided, stale, who adjudicates.

The store, the exports, the review session and the screen call these; none writes its own
version of a rule in Python or SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

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
    moved = given_on is not None and not same_basis(given_on, alignment_now or "")
    return moved or claim_retired or evidence_retired


DIGEST_MARK = "#"  # a stored basis that starts with it is a digest; older ones are the links themselves


@lru_cache(maxsize=256)
def basis_digest(links: str) -> str:
    """What a verdict stores of the links it was given on: a short digest, whatever their number
    (a claim with thousands of links had stored tens of kilobytes with each verdict). Kept for
    the last few claims: an export checks every reviewer's verdict on a claim against it."""
    return DIGEST_MARK + hashlib.blake2b(links.encode("utf-8"), digest_size=12).hexdigest()


def same_basis(given_on: str, links_now: str) -> bool:
    """Whether the claim's links are those a verdict was given on, from its digest or, for a
    verdict stored before digests, from the links themselves."""
    if given_on.startswith(DIGEST_MARK):
        return basis_digest(links_now) == given_on
    return given_on == links_now


def may_adjudicate(role: str | None) -> bool:
    return role == ADJUDICATOR


# Which article is the original ------------------------------------------------------------------

WEAK_MARGIN = 0.15  # a derivation lead smaller than this is a weak proposal, and is said to be


class OriginalProposal(NamedTuple):
    """The article most likely to be the original the others rewrite, and how sure that is."""

    article: str | None
    runner_up: str | None  # the next most likely, when there is one
    basis: str  # "date", "derivation" or "size" (see likely_original), "" with no articles
    margin: float  # the lead over the runner-up on that basis (derivation: in shares of claims)

    @property
    def weak(self) -> bool:
        return self.runner_up is not None and self.basis != "date" and self.margin < WEAK_MARGIN

    def why(self, names: Mapping[str, str]) -> str:
        """One line: on what evidence it was proposed, and the runner-up when the lead is weak."""
        if self.article is None:
            return "no articles"
        reason = {
            "date": "published first",
            "derivation": "the others say what it says, and it says more than they do",
            "size": "no article's claims are found in the others; it is the longest",
        }.get(self.basis, "the only article")
        if self.weak:
            other = names.get(self.runner_up or "", self.runner_up)
            reason += f"; a weak lead: {other} is nearly as likely (check it, or mark the original)"
        return reason


def likely_original(
    order: Sequence[str],
    claims: Mapping[str, int],
    covered: Mapping[tuple[str, str], float],
    published: Mapping[str, str | None],
) -> OriginalProposal:
    """Which of the articles in `order` is the original, on evidence.

    Dates first, when every article has one and one is the earliest. Else the direction of
    derivation: a rewrite or summary is covered by its original far more than it covers it (it
    paraphrases part of it, and adds little), so each article scores, against every other, how
    much of the other it covers minus how much of it the other covers (`covered[(a, b)]` is the
    share of a's claims that b also says), summed. When no article covers another at all, the one
    with most claims. Ties go to the earlier article in `order`.
    """
    if not order:
        return OriginalProposal(None, None, "", 0.0)
    if len(order) == 1:
        return OriginalProposal(order[0], None, "", 0.0)
    dates = [published.get(article) for article in order]
    if all(dates):
        ranked = sorted(range(len(order)), key=lambda k: (str(dates[k]), k))
        first, second = ranked[0], ranked[1]
        if str(dates[first]) < str(dates[second]):
            return OriginalProposal(order[first], order[second], "date", 1.0)
    score = {
        article: sum(
            covered.get((other, article), 0.0) - covered.get((article, other), 0.0)
            for other in order
            if other != article
        )
        for article in order
    }
    basis = "derivation" if any(covered.get(pair) for pair in covered) else "size"
    if basis == "derivation":
        key = {a: (score[a], claims.get(a, 0)) for a in order}
    else:
        key = {a: (float(claims.get(a, 0)), 0) for a in order}
    ranked = sorted(range(len(order)), key=lambda k: (-key[order[k]][0], -key[order[k]][1], k))
    best, runner = order[ranked[0]], order[ranked[1]]
    margin = key[best][0] - key[runner][0]
    if basis == "size":
        margin = margin / max(claims.get(best, 0), 1)  # the share of its claims it leads by
    return OriginalProposal(best, runner, basis, round(margin, 3))
