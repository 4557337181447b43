"""Triage from the database: each claim of an article against its counterparts in the reference."""

from __future__ import annotations

from collections.abc import Iterator

from workbench import store
from workbench.store import Database, claim_links
from workbench.triage.lexicon import Lexicon, default_lexicon
from workbench.triage.signals import Claim, Evidence, Triage, triage


def article_triage(
    db: Database, article: str, lexicon: Lexicon | None = None, reference: str | None = None
) -> dict[str, Triage]:
    """passage id -> Triage for every claim of `article`, in reading order; empty for the reference
    itself, or when there is no reference. `reference` saves working it out (provenance's rule)."""
    lexicon = lexicon or default_lexicon()
    return {claim.passage: triage(claim, lexicon) for claim in article_claims(db, article, reference)}


def article_claims(db: Database, article: str, reference: str | None = None) -> list[Claim]:
    """Every claim of `article` with its evidence in the reference, as triage reads it; empty for
    the reference itself, or when there is no reference."""
    if reference is None:
        from workbench.services.provenance import reference_for

        reference = reference_for(db, article)
    if reference is None or reference == article:
        return []
    mine = store.get_article(db, article)
    original = store.get_article(db, reference)
    if mine is None or original is None:
        return []
    claims = store.list_passages(db, article, claims_only=True)
    reference_passages = {p.id: p for p in store.list_passages(db, reference, claims_only=True)}
    links = claim_links(db, article)
    names = store.article_names(db, {other_article for _, _, other_article, _ in links})
    evidence: dict[str, list[Evidence]] = {}
    backed: dict[str, set[str]] = {}
    for claim, other, other_article, score in links:
        if other_article == reference and other in reference_passages:
            text = reference_passages[other].text
            evidence.setdefault(claim, []).append(Evidence(other, text, score, original.published))
        elif other_article != reference:
            backed.setdefault(claim, set()).add(names.get(other_article, other_article))
    context = tuple(Evidence(p.id, p.text, 0.0, original.published) for p in reference_passages.values())
    found = []
    for passage in claims:
        given = sorted(evidence.get(passage.id, []), key=lambda e: (-e.score, e.passage))
        found.append(
            Claim(
                passage.id,
                passage.text,
                mine.published,
                tuple(given),
                context,
                tuple(sorted(backed.get(passage.id, ()))),
                original.name,
            )
        )
    return found


def triage_at(where: str, article: str) -> dict[str, Triage]:
    """article_triage on a reader of its own opened at `where` (store.location): for a process
    that shares no connection with the caller."""
    reader = store.open_reader(where)
    try:
        return article_triage(reader, article)
    finally:
        reader.close()


def corpus_triage(
    db: Database, articles: list[str] | None = None, *, reference: str | None = None
) -> Iterator[tuple[str, Triage]]:
    """(article id, Triage) for the claims of every article but its story's reference, in reading
    order. `reference` (for articles of one story) saves working it out, when the caller has."""
    from workbench.services.provenance import reference_for

    lexicon = default_lexicon()
    chosen = articles if articles is not None else [a.id for a in store.list_articles(db)]
    references: dict[str | None, str | None] = {}
    for article in chosen:
        story = store.story_of(db, article)
        if reference is not None:
            theirs = reference
        elif story in references:
            theirs = references[story]
        else:
            theirs = references[story] = reference_for(db, article)
        for result in article_triage(db, article, lexicon, theirs).values():
            yield article, result
