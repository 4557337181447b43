"""The hints side of a review session: triage of the claims against the reference and the word diffs
of each claim with its counterparts, worked out here for a short article and in a process of their
own for a long one (services/apart.py), then handed to the session on its own thread.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import TYPE_CHECKING, TypeVar

from workbench import store

if TYPE_CHECKING:
    from workbench.align.diff import WordDiff
    from workbench.models import Article, Passage
    from workbench.services.review import Counterpart
    from workbench.store import Database
    from workbench.triage.signals import Triage

DIFFS_KEPT = 512  # word diffs worked out as claims are shown, kept for going back
DIFFS_AHEAD = 2_000  # claims whose word diffs a worker works out before they are shown
APART_FROM = 300  # passages from which hints and diffs are worked out in a process of their own
T = TypeVar("T")


class HintsOfThePair:
    """Methods of ReviewSession about hints and diffs; they use the session's db, passages and links."""

    db: Database
    left: Article
    passages: list[Passage]
    _by_id: dict[str, Passage]
    _diffs: dict[str, WordDiff | None]
    _diffs_ahead: int
    _triage: dict[str, Triage] | None

    if TYPE_CHECKING:  # the session's own, for the type checker

        def counterparts(self, passage: str) -> list[Counterpart]: ...

    def triage(self, passage: str) -> Triage | None:
        """What triage found on a claim against the reference; None before load_triage()."""
        return self._triage.get(passage) if self._triage is not None else None

    @property
    def triage_loaded(self) -> bool:
        return self._triage is not None

    def load_triage(self) -> None:
        from workbench.services.hints import article_triage

        self._triage = article_triage(self.db, self.left.id)

    def location(self) -> str:
        """Where the session's database is, for another thread or process; ask on this thread."""
        return store.location(self.db)

    def compute_triage(self, where: str | None = None) -> dict[str, Triage]:
        """Triage of the left article's claims, worked out in a process of its own on a reader at
        `where` (self.location(), asked on the session's thread) so that a worker thread waiting
        for it leaves the interpreter to the keys. It does not change the session: hand the
        result to set_triage on its thread."""
        from workbench.services.hints import triage_at

        return self._apart(triage_at, where or self.location(), self.left.id)

    def set_triage(self, found: dict[str, Triage]) -> None:
        self._triage = found

    def next_flagged(self, after: int, allowed: Container[int] | None = None) -> int | None:
        """The next claim after `after` (wrapping) that triage flags."""
        count = len(self.passages)
        for step in range(1, count + 1):
            index = (after + step) % count
            passage = self.passages[index]
            if allowed is not None and index not in allowed:
                continue
            found = self.triage(passage.id)
            if passage.claim and found is not None and found.flagged:
                return index
        return None

    def by_suspicion(self, indexes: list[int]) -> list[int]:
        """The claims among `indexes`, most suspicious first (reading order among equals); junk dropped."""
        claims = [i for i in indexes if self.passages[i].claim]

        def weight(index: int) -> float:
            found = self.triage(self.passages[index].id)
            return found.suspicion if found else 0.0

        return sorted(claims, key=lambda i: (-weight(i), i))

    def word_diff(self, passage: str) -> WordDiff | None:
        """Word-level differences between a claim and its counterparts in the right article."""
        if passage in self._diffs:  # the links are loaded once: so is each claim's diff
            return self._diffs[passage]
        found = self._diff_of(passage)
        if len(self._diffs) >= max(DIFFS_KEPT, self._diffs_ahead):
            self._diffs.clear()
            self._diffs_ahead = 0
        self._diffs[passage] = found
        return found

    def compute_diffs(self) -> dict[str, WordDiff | None]:
        """The word diffs of the first DIFFS_AHEAD claims, worked out in a process of its own (see
        compute_triage), for a worker thread: it reads the session and changes nothing; hand the
        result to set_diffs on the session's thread."""
        from workbench.align.diff import word_diffs

        claims = [p.id for p in self.passages if p.claim][:DIFFS_AHEAD]
        return self._apart(word_diffs, [self._diff_job(claim) for claim in claims])

    def _apart(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a process of its own for a long article; for a short one here
        (its work takes less than starting a process would)."""
        from workbench.services.apart import run_apart

        if len(self.passages) < APART_FROM:
            return function(*args)
        return run_apart(function, *args)

    def set_diffs(self, found: dict[str, WordDiff | None]) -> None:
        self._diffs.update(found)
        self._diffs_ahead = len(self._diffs)

    def _diff_of(self, passage: str) -> WordDiff | None:
        from workbench.align.diff import word_diffs  # rapidfuzz loads on the first diff, not at start-up

        return word_diffs([self._diff_job(passage)])[passage]

    def _diff_job(self, passage: str) -> tuple[str, str, list[str]]:
        """What a claim's word diff is worked out from: its text and its counterparts' (in their order)."""
        claim = self._by_id.get(passage)
        counterparts = sorted(self.counterparts(passage), key=lambda c: c.passage.position)
        return passage, claim.text if claim else "", [c.passage.text for c in counterparts] if claim else []
