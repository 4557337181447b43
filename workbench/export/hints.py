"""Triage's hint beside each exported verdict, worked out an article at a time as the export reaches it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workbench.models import VerdictRecord
from workbench.store import Database


@dataclass(frozen=True)
class Hint:
    suggested: str | None
    flags: list[dict]
    reasons: str


class Hints:
    """Triage's hint for each claim, worked out an article at a time as the export reaches it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._article: str | None = None
        self._found: dict = {}

    def of(self, article: str, passage: str) -> Hint | None:
        if article != self._article:
            from workbench.services.hints import article_triage

            self._article, self._found = article, article_triage(self.db, article)
        result = self._found.get(passage)
        if result is None:
            return None
        suggested = result.suggested.value if result.suggested else None
        return Hint(suggested, [flag.as_json() for flag in result.flags], result.reasons())


def with_suggestions(db: Database, groups: Iterable[list[VerdictRecord]]) -> Iterator[list[VerdictRecord]]:
    """The verdicts with triage's suggestion beside them, so a team can see how often hints were right."""
    hints = Hints(db)
    for group in groups:
        hint = hints.of(group[0].article_id, group[0].passage_id)
        if hint is not None:
            for record in group:
                record.suggested, record.suggestion = hint.suggested, hint.flags
                record.suggestion_reasons = hint.reasons
        yield group
