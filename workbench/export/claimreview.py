"""schema.org ClaimReview JSON-LD, the form fact-checkers publish: one review per decided claim."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from workbench.export.common import Written, decided, known
from workbench.models import VerdictRecord
from workbench.store import Database, claim_groups
from workbench.text.sanitize import json_safe
from workbench.vocabulary import Label

NAME = "claimreview"
UNIT = "claims"
FILE_ENCODING = "utf-8"
HELP = "schema.org ClaimReview JSON-LD, one per decided claim (--base-url, --author)"


def write(db: Database, handle: TextIO, *, base_url: str | None = None, author: str | None = None) -> Written:
    return write_groups(claim_groups(db), handle, base_url=base_url, author=author)


def write_groups(
    groups: Iterable[list[VerdictRecord]], handle: TextIO, *, base_url: str | None, author: str | None
) -> Written:
    """schema.org ClaimReview objects as a JSON-LD array, one per decided claim."""
    count = skipped = unknown = 0
    handle.write("[")
    for group in groups:
        if not known(group):
            unknown += 1
            continue
        label = decided(group)
        if label is None:
            skipped += 1
            continue
        handle.write("," if count else "")
        encoded = json.dumps(claim_review(group, label, base_url, author), ensure_ascii=False)
        handle.write("\n" + json_safe(encoded))
        count += 1
    handle.write("\n]\n" if count else "]\n")
    return Written(count, skipped, unknown)


def claim_review(
    group: list[VerdictRecord], label: Label, base_url: str | None, author: str | None
) -> dict[str, object]:
    first = group[0]
    when = first.final_at or max(record.updated_at for record in group)
    note = first.final_note or next((r.note for r in group if r.label == label.value and r.note), "")
    if author:
        by: object = {"@type": "Organization", "name": author}
    elif first.final_by:
        by = {"@type": "Person", "name": first.final_by}
    else:
        by = [{"@type": "Person", "name": record.reviewer} for record in group]
    appearance: dict[str, object] = {"@type": "NewsArticle", "headline": first.article_title}
    if first.article_url:
        appearance["url"] = first.article_url
    if first.article_published:
        appearance["datePublished"] = first.article_published
    rating: dict[str, object] = {"@type": "Rating", "alternateName": label.info.claimreview}
    if note:
        rating["ratingExplanation"] = note
    item: dict[str, object] = {"@type": "Claim", "appearance": appearance}
    if first.article_published:
        item["datePublished"] = first.article_published
    anchor = f"claim-{first.passage_id}"
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('#')}#{anchor}" if base_url else f"urn:workbench:{anchor}",
        "claimReviewed": first.claim,
        "datePublished": when[:10],
        "author": by,
        "reviewRating": rating,
        "itemReviewed": item,
    }
