"""The team side of a review session: other reviewers' verdicts on the article under review, read
apart after the first paint and merged, the poll for what others wrote since, and what those
verdicts say (services/review.py's ReviewSession takes these in).

Kept apart by job: this is what grows with the size of the team, and what a worker thread reads
on a connection of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench import rules, store
from workbench.models import Verdict
from workbench.store import Database

if TYPE_CHECKING:
    from workbench.models import Article, Passage


@dataclass(frozen=True)
class OthersRead:
    """Every reviewer's verdicts on an article, read on a connection of its own (read_others), and
    the verdict history's mark they were read at."""

    article: str
    mark: int
    verdicts: list[Verdict]


class TeamOfThePair:
    """Methods of ReviewSession about other reviewers; they use the session's db, article under
    review and the verdicts it holds."""

    db: Database
    reviewer: str
    left: Article
    passages: list[Passage]
    _index: dict[str, int]
    _verdicts: dict[str, list[Verdict]]
    _mine: dict[str, Verdict]
    _finals: dict[str, store.FinalVerdict]
    _history_mark: int
    _data_version: int
    blind: bool
    role: str
    others_loaded: bool

    if TYPE_CHECKING:  # the session's own, for the type checker

        def my_verdict(self, passage: str) -> Verdict | None: ...
        def _refresh_passage(self, passage: str, written: bool = False) -> None: ...

    def read_others(self, where: str) -> OthersRead:
        """Every reviewer's verdicts on the article under review, read on a reader of its own at
        `where` (self.location(), asked on the session's thread): for a worker thread. It does not
        change the session; hand the result to merge_others on the session's thread."""
        db = store.open_reader(where)
        try:
            mark = store.history_mark(db)  # first: whatever changes after it, the poll reads again
            verdicts = store.list_verdicts(db, article=self.left.id, evidence_of=self.reviewer)
        finally:
            db.close()
        return OthersRead(self.left.id, mark, verdicts)

    def merge_others(self, read: OthersRead) -> bool:
        """Take in others' verdicts from read_others; this reviewer's stay as the session has them.
        What changed since the read was taken is read by the next others_changed. False if the
        read is of another article, or the others are in already."""
        if read.article != self.left.id or self.others_loaded:
            return False
        by_passage: dict[str, list[Verdict]] = {}
        for verdict in read.verdicts:
            if verdict.reviewer != self.reviewer and verdict.passage_id in self._index:
                by_passage.setdefault(verdict.passage_id, []).append(verdict)
        for passage, mine in self._mine.items():
            by_passage.setdefault(passage, []).append(mine)
        self._verdicts = {
            passage: sorted(verdicts, key=lambda v: v.reviewer) for passage, verdicts in by_passage.items()
        }
        self._history_mark = min(self._history_mark, read.mark)
        self._data_version = -1  # so the next others_changed looks at the history since the read
        self.others_loaded = True
        return True

    def others_changed(self) -> set[int]:
        """The indexes of the passages (of the left article) whose verdicts or final verdict another
        connection changed since we last looked; empty when nothing did.

        Work in proportion to the change: the history says which claims changed, and only their
        verdicts are read again. A change of blind review or of this reviewer's role redraws all.
        """
        version = self._current_data_version()
        if version == self._data_version:
            return set()
        self._data_version = version
        self._history_mark, changed = store.changes_since(self.db, self._history_mark)
        changed &= self._index.keys()  # verdicts are kept for the article under review only
        for passage in changed:  # staleness too: another connection of ours, a merge
            self._refresh_passage(passage)
        finals = {p: f for p, f in store.final_verdicts(self.db).items() if p in self._index}
        changed |= {p for p in finals.keys() | self._finals.keys() if finals.get(p) != self._finals.get(p)}
        self._finals = finals
        blind, role = store.blind_review(self.db), store.get_role(self.db, self.reviewer)
        if (blind, role) != (self.blind, self.role):
            self.blind, self.role = blind, role
            return set(range(len(self.passages)))
        return {self._index[p] for p in changed if p in self._index}

    def _current_data_version(self) -> int:
        return store.data_version(self.db)

    def other_verdicts(self, passage: str) -> list[Verdict]:
        """Other reviewers' verdicts; under blind review, only once this reviewer has given one."""
        if self.blind and self.my_verdict(passage) is None:
            return []
        return [v for v in self._verdicts.get(passage, []) if v.reviewer != self.reviewer]

    def hidden_verdicts(self, passage: str) -> int:
        """How many verdicts of others blind review is hiding on this claim."""
        if not self.blind or self.my_verdict(passage) is not None:
            return 0
        return sum(1 for v in self._verdicts.get(passage, []) if v.reviewer != self.reviewer)

    def disputed(self, passage: str) -> bool:
        """Reviewers gave this claim different labels (blind review does not change the fact)."""
        return rules.disputed(v.label for v in self._verdicts.get(passage, []))

    def final(self, passage: str) -> store.FinalVerdict | None:
        return self._finals.get(passage)
