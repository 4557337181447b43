"""Keeping the stored links between articles current: align only the pairs whose text changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench import store
from workbench.align import ALIGNER_VERSION, align
from workbench.models import Passage
from workbench.store.connection import Database

Progress = Callable[[int, int], None]  # (pairs done, pairs in all)

# Two articles are compared passage by passage; beyond this many passage pairs (two articles of
# 3,000 claims each) the scores would not fit in memory, and such a text is not a news article.
MAX_PASSAGE_PAIRS = 10_000_000


@dataclass(frozen=True)
class LinkReport:
    pairs: int  # article pairs aligned in this run
    links: int  # links those pairs now have
    too_large: tuple[tuple[str, str], ...] = ()  # article pairs left unaligned, by id


def refresh_links(db: Database, progress: Progress | None = None) -> LinkReport:
    """Align every article pair whose stored links are out of date; leave the others alone."""
    pairs = store.pairs_to_align(db, ALIGNER_VERSION)
    claims: dict[str, list[Passage]] = {}

    def claims_of(article: str) -> list[Passage]:
        if article not in claims:
            claims[article] = store.list_passages(db, article, claims_only=True)
        return claims[article]

    total = 0
    too_large = []
    for done, pair in enumerate(pairs):
        if progress:
            progress(done, len(pairs))
        a, b = claims_of(pair.a), claims_of(pair.b)
        if len(a) * len(b) > MAX_PASSAGE_PAIRS:
            too_large.append((pair.a, pair.b))
            store.save_pair_links(db, pair, ALIGNER_VERSION, [])
            continue
        matches = align([p.text for p in a], [p.text for p in b])
        total += store.save_pair_links(
            db, pair, ALIGNER_VERSION, [(a[m.a].id, b[m.b].id, m.score) for m in matches]
        )
    if progress:
        progress(len(pairs), len(pairs))
    return LinkReport(pairs=len(pairs), links=total, too_large=tuple(too_large))
