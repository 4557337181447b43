"""A reviewer's session over two articles: claims, counterparts, verdicts, progress, search and undo.

This is the model the terminal app draws; it knows nothing of the terminal. Every change is written
to the database before the method returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench import rules, store
from workbench.models import Article, Passage, Verdict
from workbench.services.review_hints import HintsOfThePair
from workbench.services.review_story import StoryOfThePair
from workbench.services.review_team import TeamOfThePair
from workbench.store import Database, is_stale, stale_verdicts
from workbench.vocabulary import Label

if TYPE_CHECKING:
    from workbench.align import Aligner
    from workbench.align.diff import WordDiff
    from workbench.triage.signals import Triage

UNDO_DEPTH = 200


@dataclass(frozen=True)
class Counterpart:
    passage: Passage
    score: float


@dataclass(frozen=True)
class Backing:
    """A passage of another article (not the one compared) that is aligned with a claim."""

    article: str  # its file name
    passage: Passage
    score: float


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int
    by_label: dict[str, int]


@dataclass
class _Undo:
    passage: str
    before: Verdict | None


@dataclass
class ReviewSession(HintsOfThePair, StoryOfThePair, TeamOfThePair):
    """The article under review (left) against the article it is compared with (right)."""

    db: Database
    reviewer: str
    left: Article
    right: Article
    passages: list[Passage] = field(default_factory=list)  # all passages of the left article
    right_passages: list[Passage] = field(default_factory=list)
    _links: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # passage -> (other, score)
    _by_id: dict[str, Passage] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)  # article id -> file name
    _backing: dict[str, list[Backing]] = field(default_factory=dict)  # loaded claim by claim
    _big: bool | None = None  # whether its story is aligned sparsely (worked out once)
    _verdicts: dict[str, list[Verdict]] = field(default_factory=dict)  # passage -> all reviewers'
    _mine: dict[str, Verdict] = field(default_factory=dict)  # passage -> this reviewer's verdict
    _tally: Counter[str] = field(default_factory=Counter)  # label -> this reviewer's claims with it
    _claims: int = 0  # how many claims the left article has
    _finals: dict[str, store.FinalVerdict] = field(default_factory=dict)
    _stale: set[tuple[str, str]] = field(default_factory=set)  # (passage, this reviewer)
    _undo: list[_Undo] = field(default_factory=list)
    _data_version: int = -1
    _history_mark: int = 0  # the last verdict_history id we have read
    _aligner_in_use: Aligner | None = None  # see _aligner()
    _aligned_right: set[str] | None = None  # right passages some left claim is aligned with
    _strong: dict[str, int] | None = None  # passage -> strong_counterparts (links load once)
    _diffs: dict[str, WordDiff | None] = field(default_factory=dict)  # passage -> its word diff
    _diffs_ahead: int = 0  # how many of _diffs a worker worked out ahead
    _right_index: dict[str, int] | None = None  # right passage id -> its position
    _index: dict[str, int] = field(default_factory=dict)  # left passage id -> its index
    _triage: dict[str, Triage] | None = None  # passage -> triage against the reference, on first need
    blind: bool = False  # others' verdicts on a claim stay hidden until this reviewer gives one
    role: str = "reviewer"
    others_loaded: bool = True  # False: only this reviewer's verdicts are in, others' to follow

    @classmethod
    def open(
        cls, db: Database, reviewer: str, left: str, right: str, *, others: bool = True
    ) -> ReviewSession:
        """A session on `left` against `right`. With `others=False` only this reviewer's verdicts
        are read now: the screen reads everyone's in a worker (read_others) and hands them to
        merge_others, so that its first paint does not wait on the size of the team."""
        left_article, right_article = store.get_article(db, left), store.get_article(db, right)
        if left_article is None or right_article is None:
            raise store.StoreError("no such article")
        session = cls(db=db, reviewer=reviewer, left=left_article, right=right_article)
        session._load(others)
        return session

    # -- loading ---------------------------------------------------------------------------------

    def _load(self, others: bool = True) -> None:
        self.passages = store.list_passages(self.db, self.left.id)
        self.right_passages = store.list_passages(self.db, self.right.id)
        self._links = {}
        self._backing = {}
        self._big = None
        self._by_id = {p.id: p for p in self.passages + self.right_passages}
        self._index = {p.id: i for i, p in enumerate(self.passages)}
        self._claims = sum(1 for p in self.passages if p.claim)
        self._aligned_right = None
        self._strong = None
        self._diffs = {}
        self._diffs_ahead = 0
        self._right_index = None
        # Only the links between the two articles: the rest, claim by claim, when they are shown.
        links = self._links
        for a, b, score in store.list_links(self.db, self.left.id, self.right.id, ordered=False):
            links.setdefault(a, []).append((b, score))
            links.setdefault(b, []).append((a, score))
        self.reload_verdicts(others)

    def reload_verdicts(self, others: bool = True) -> None:
        """Everyone's verdicts (or with `others=False` this reviewer's only), final verdicts,
        staleness, settings and role, as the file has them now."""
        self._history_mark = store.history_mark(self.db)
        # Only the article under review: the compared one shows no verdicts (a swap opens a session).
        by_passage: dict[str, list[Verdict]] = {}
        # Others' verdicts without their evidence: only this reviewer's is ever shown or changed.
        found = store.list_verdicts(
            self.db,
            article=self.left.id,
            reviewer=None if others else self.reviewer,
            evidence_of=self.reviewer,
        )
        self.others_loaded = others
        for verdict in found:
            by_passage.setdefault(verdict.passage_id, []).append(verdict)
        self._verdicts, self._mine, self._tally = {}, {}, Counter()
        for passage, verdicts in by_passage.items():
            self._set_verdicts(passage, verdicts)
        finals = store.final_verdicts(self.db)
        self._finals = {passage: final for passage, final in finals.items() if passage in self._index}
        # Only this reviewer's verdicts are marked stale on the screen (is_stale): only theirs are read.
        self._stale = stale_verdicts(self.db, (self.left.id, self.left.id), self.reviewer)
        self.blind = store.blind_review(self.db)
        self.role = store.get_role(self.db, self.reviewer)
        self._data_version = self._current_data_version()

    # -- what the reviewer sees ------------------------------------------------------------------

    def passage(self, identifier: str) -> Passage | None:
        return self._by_id.get(identifier)

    def claim_indexes(self) -> list[int]:
        return [index for index, passage in enumerate(self.passages) if passage.claim]

    def counterparts(self, passage: str) -> list[Counterpart]:
        """Passages of the right article aligned with `passage`: the one that backs most of the claim
        first (the score weighs both sides alike, so a short, partial match can outscore it)."""
        found = [
            Counterpart(self._by_id[other], score)
            for other, score in self._links.get(passage, [])
            if other in self._by_id and self._by_id[other].article_id == self.right.id
        ]
        if len(found) < 2:
            return found
        claim = self._by_id[passage].text if passage in self._by_id else ""
        covers = self._aligner().coverage
        return sorted(
            found, key=lambda c: (-round(covers(claim, c.passage.text), 2), -c.score, c.passage.position)
        )

    def strong_counterparts(self, passage: str) -> int:
        """How many counterparts the passage has, or 0 when they are only weak links."""
        if self._strong is None:  # every passage's at once: each claim's row and strip mark asks
            backs = self._aligner().thresholds.backs
            by_id, right = self._by_id, self.right.id
            self._strong = {}
            for linked, links in self._links.items():
                scores = [
                    score
                    for other, score in links
                    if (found := by_id.get(other)) is not None and found.article_id == right
                ]
                self._strong[linked] = len(scores) if scores and backs(scores) else 0
        return self._strong.get(passage, 0)

    def _aligner(self) -> Aligner:
        """The aligner, looked up once (its module loads on first need, not at start-up)."""
        if self._aligner_in_use is None:
            from workbench.align import get_aligner

            self._aligner_in_use = get_aligner()
        return self._aligner_in_use

    def right_position(self, passage: str) -> int | None:
        """Where passage `passage` is among the right article's passages (O(1))."""
        if self._right_index is None:
            self._right_index = {p.id: i for i, p in enumerate(self.right_passages)}
        return self._right_index.get(passage)

    def aligned_in_right(self) -> set[str]:
        """Passages of the right article aligned with some passage of the left article."""
        if self._aligned_right is None:  # the links are loaded once: so is this
            self._aligned_right = self._aligned_in_right()
        return self._aligned_right

    def _aligned_in_right(self) -> set[str]:
        return {
            other
            for passage in self.passages
            for other, _ in self._links.get(passage.id, [])
            if other in self._by_id and self._by_id[other].article_id == self.right.id
        }

    def backing(self, passage: str) -> list[Backing]:
        """Passages of other articles (neither left nor right) aligned with `passage`, best first."""
        if passage not in self._backing:
            if not self._names:
                self._names = store.article_names(self.db)
            found = [
                Backing(self._names.get(other.article_id, "?"), other, link.score)
                for link, other in store.passage_links(self.db, passage, self._through())
                if other.article_id not in (self.left.id, self.right.id)
            ]
            self._backing[passage] = sorted(found, key=lambda b: (-b.score, b.article))
        return self._backing[passage]

    def _through(self) -> float | None:
        """In a story aligned sparsely, other versions are found through the ones aligned with."""
        from workbench.services.sparse_links import is_big

        if self._big is None:
            self._big = is_big(self.db, self.story)
        return self._aligner().thresholds.strong if self._big else None

    def my_verdict(self, passage: str) -> Verdict | None:
        return self._mine.get(passage)

    def _set_verdicts(self, passage: str, verdicts: list[Verdict]) -> None:
        """Everyone's verdicts on `passage` as read from the store, and this reviewer's among them."""
        self._verdicts[passage] = verdicts
        mine = next((v for v in verdicts if v.reviewer == self.reviewer), None)
        was = self._mine.pop(passage, None)
        if mine is not None:
            self._mine[passage] = mine
        index = self._index.get(passage)
        if index is not None and self.passages[index].claim:  # the progress counts claims only
            if was is not None:
                self._tally[was.label.value] -= 1
            if mine is not None:
                self._tally[mine.label.value] += 1

    def change_marks(self) -> list[str | None]:
        """Per passage, in reading order, what the change strip shows: "disputed" (reviewers
        disagree), "contradicted", "editorialized" or "unsupported" (triage's hint, or no
        counterpart at all), or None. The most severe first, one per passage."""
        return [self.change_mark(passage) for passage in self.passages]

    def change_mark(self, passage: Passage) -> str | None:
        """One passage's mark on the change strip (see change_marks)."""
        if not passage.claim:
            return None
        hint = self.triage(passage.id)
        suggested = hint.suggested.value if hint is not None and hint.suggested else None
        if self.disputed(passage.id):
            return "disputed"
        if suggested in ("contradicted", "editorialized"):
            return suggested
        if suggested == "unsupported" or not self.strong_counterparts(passage.id):
            return "unsupported"
        return None

    def is_stale(self, passage: str) -> bool:
        """This reviewer's verdict was given on a claim, evidence or alignment that has changed since."""
        return (passage, self.reviewer) in self._stale

    @property
    def adjudicator(self) -> bool:
        return rules.may_adjudicate(self.role)

    def progress(self) -> Progress:
        """This reviewer's verdicts on the article's claims, by label (kept as verdicts come and
        go, not counted again: the progress line is redrawn after every verdict key)."""
        by_label = {label.value: self._tally[label.value] for label in Label}
        return Progress(sum(by_label.values()), self._claims, by_label)

    def next_unreviewed(
        self, after: int, direction: int = 1, allowed: Container[int] | None = None
    ) -> int | None:
        """Index of the next claim (wrapping around) that this reviewer has not judged yet.

        `allowed` limits the search to some passage indexes (the rows a filtered list shows).
        """
        count = len(self.passages)
        for step in range(1, count + 1):
            index = (after + direction * step) % count
            passage = self.passages[index]
            if allowed is not None and index not in allowed:
                continue
            if passage.claim and self.my_verdict(passage.id) is None:
                return index
        return None

    def search(
        self, query: str, after: int, direction: int = 1, allowed: Container[int] | None = None
    ) -> int | None:
        """Index of the next passage of the left article containing `query` (case-insensitive)."""
        needle = query.casefold().strip()
        count = len(self.passages)
        if not needle or not count:
            return None
        for step in range(1, count + 1):
            index = (after + direction * step) % count
            if allowed is not None and index not in allowed:
                continue
            if needle in self.passages[index].text.casefold():
                return index
        return None

    def matches(self, query: str) -> int:
        needle = query.casefold().strip()
        return sum(1 for p in self.passages if needle and needle in p.text.casefold())

    # -- what the reviewer does ------------------------------------------------------------------

    def mark(self, passage: str, label: Label | str) -> Verdict:
        """Record a verdict. A first verdict takes the counterparts as its evidence (none if unsupported)."""
        before = self.my_verdict(passage)
        evidence: Sequence[str] | None = None
        if before is None or not before.evidence:
            evidence = self._default_evidence(passage) if Label(label).info.takes_evidence else []
        verdict = store.set_verdict(self.db, passage, self.reviewer, label, evidence=evidence)
        self._remember(passage, before, verdict)
        return verdict

    def clear(self, passage: str) -> bool:
        before = self.my_verdict(passage)
        if before is None:
            return False
        store.clear_verdict(self.db, passage, self.reviewer)
        self._remember(passage, before, None)
        return True

    def set_note(self, passage: str, note: str) -> Verdict | None:
        """Change the note of this reviewer's verdict; there must be a verdict to hold it."""
        before = self.my_verdict(passage)
        if before is None:
            return None
        verdict = store.set_verdict(self.db, passage, self.reviewer, before.label, note=note)
        self._remember(passage, before, verdict)
        return verdict

    def toggle_evidence(self, passage: str, evidence: str) -> Verdict | None:
        """Add `evidence` to this reviewer's verdict on `passage`, or take it away if it is there."""
        before = self.my_verdict(passage)
        if before is None:
            return None
        chosen = list(before.evidence)
        if evidence in chosen:
            chosen.remove(evidence)
        else:
            chosen.append(evidence)
        verdict = store.set_verdict(self.db, passage, self.reviewer, before.label, evidence=chosen)
        self._remember(passage, before, verdict)
        return verdict

    def confirm(self, passage: str) -> Verdict | None:
        """Keep this reviewer's stale verdict as it is, on the claim's alignment as it is now."""
        before = self.my_verdict(passage)
        if before is None:
            return None
        verdict = store.set_verdict(self.db, passage, self.reviewer, before.label, confirm=True)
        self._remember(passage, before, verdict)
        return verdict

    def adjudicate(self, passage: str, label: Label | str | None, note: str = "") -> bool:
        """Set (or with None, remove) the final verdict of a claim; adjudicators only."""
        if label is None:
            store.clear_final(self.db, passage, self.reviewer)
            self._finals.pop(passage, None)
        else:
            self._finals[passage] = store.set_final(self.db, passage, self.reviewer, label, note)
        return True

    def undo(self) -> str | None:
        """Put back this reviewer's verdict as it was before their last change; the passage id."""
        if not self._undo:
            return None
        step = self._undo[-1]  # taken off only once the store has done it
        if step.before is None:
            store.clear_verdict(self.db, step.passage, self.reviewer)
        else:
            old = step.before
            store.set_verdict(
                self.db, step.passage, self.reviewer, old.label, note=old.note, evidence=old.evidence
            )
        self._undo.pop()
        self._refresh_passage(step.passage)
        return step.passage

    def _default_evidence(self, passage: str) -> list[str]:
        """The counterparts, unless they are weak links only (a word or two in common)."""
        found = self.counterparts(passage)
        return [c.passage.id for c in found] if self.strong_counterparts(passage) else []

    def _remember(self, passage: str, before: Verdict | None, after: Verdict | None) -> None:
        if before != after:
            self._undo.append(_Undo(passage, before))
            del self._undo[:-UNDO_DEPTH]
        self._refresh_passage(passage, written=before != after)

    def _refresh_passage(self, passage: str, written: bool = False) -> None:
        """Read this claim's verdicts again; `written`: this session has just changed its own, so
        its basis is the claim's links as they are (only retirement can make it stale)."""
        self._set_verdicts(passage, store.list_verdicts(self.db, passage=passage))
        if is_stale(self.db, passage, self.reviewer, alignment=not written):
            self._stale.add((passage, self.reviewer))
        else:
            self._stale.discard((passage, self.reviewer))


def reference_article(db: Database, story: str | None = None) -> Article | None:
    """A story's reference (by default the largest story's): the article a user marked, else the
    linker's proposal, else worked out now."""
    from workbench.services.provenance import current_reference

    chosen = current_reference(db, story)
    return store.get_article(db, chosen) if chosen else None


def default_pair(db: Database) -> tuple[Article, Article] | None:
    """In the largest story, its first article (by file name) that is not the reference, against
    the reference."""
    stories = store.list_stories(db)
    story = stories[0].id if stories else None
    reference = reference_article(db, story)
    if reference is None:
        return None
    left = store.first_article(db, other_than=reference.id, story=story)
    return (left, reference) if left else None
