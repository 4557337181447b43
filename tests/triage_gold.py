"""Scoring triage against the hand-made gold (tests/data/triage_gold.json): precision, recall per signal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workbench import store
from workbench.services.hints import article_triage
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.store import Database
from workbench.vocabulary import FLAG_ORDER as KINDS

DATA = Path(__file__).parent / "data"
GOLD = DATA / "triage_gold.json"


@dataclass(frozen=True)
class SignalScore:
    kind: str
    expected: int
    found: int
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None


@dataclass(frozen=True)
class GoldRun:
    scores: dict[str, SignalScore]
    claims: int  # claims scored
    flagged_expected: int  # claims the gold flags
    flagged_found: int  # claims triage flags
    flagged_both: int


def add_planted(db: Database) -> None:
    """Import the rewrite with planted changes (the seeds must be in `db` already) and align it."""
    gold = json.loads(GOLD.read_text("utf-8"))
    import_paths(db, [DATA / gold["planted_folder"]])
    refresh_links(db)


def evaluate(db: Database, part: str = "articles") -> GoldRun:
    """Triage one part of the gold ("articles": the seed rewrites; "planted": ours) and score every signal."""
    gold = json.loads(GOLD.read_text("utf-8"))
    articles = {a.name: a for a in store.list_articles(db)}
    store.set_reference(db, articles[gold["reference"]].id)
    expected_pairs, found_pairs = set(), set()
    claims = flagged_expected = flagged_found = flagged_both = 0
    for name, annotated in gold[part].items():
        article = articles[name]
        found = article_triage(db, article.id)
        for passage in store.list_passages(db, article.id, claims_only=True):
            claims += 1
            kinds = next((set(k) for start, k in annotated.items() if passage.text.startswith(start)), set())
            produced = {flag.kind for flag in found[passage.id].flags}
            expected_pairs |= {(passage.id, k) for k in kinds}
            found_pairs |= {(passage.id, k) for k in produced}
            flagged_expected += bool(kinds)
            flagged_found += bool(produced)
            flagged_both += bool(kinds) and bool(produced)
    scores = {}
    for kind in KINDS:
        expected = {p for p in expected_pairs if p[1] == kind}
        found_kind = {p for p in found_pairs if p[1] == kind}
        scores[kind] = SignalScore(kind, len(expected), len(found_kind), len(expected & found_kind))
    return GoldRun(scores, claims, flagged_expected, flagged_found, flagged_both)
