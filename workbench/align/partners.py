"""Which versions of a big story each version is aligned with, so that links stay bounded.

Aligning every version of a story with every other gives each claim a link to every version that
says it: links grow with the square of the story (1,000 versions of one story: 6 M links, 1.5 GB,
17 minutes). Past FULL_STORY articles a story is aligned sparsely instead, each article with:

- the story's hubs: its HUBS most central versions (closest to the story's centroid), which
  between them say nearly everything the story says, so most claims meet a counterpart there;
- its reference (the marked or proposed original), which triage and review compare against;
- and, for each of its claims that no hub backs, the versions that best say that claim (found by
  a query of those claims alone against the whole story): up to PER_CLAIM versions a claim, and
  up to EXTRA versions an article in all.

So every claim that some version says is linked to one, and an article has at most
HUBS + 1 + EXTRA partners, whatever the story's size. Everything here is pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

FULL_STORY = 60  # a story of at most this many articles has every pair aligned (1,770 pairs)
HUBS = 3  # the story's most central versions, aligned with every article
PER_CLAIM = 2  # versions kept for a claim no hub backs
EXTRA = 8  # and at most this many such versions for one article


def partners_mark(aligner: str, content_hash: str) -> str:
    """What an article's partners were aligned for: this aligner and this text of it."""
    return f"{aligner}:{content_hash}"


def waiting(members: Sequence[tuple[str, str, str | None]], aligner: str) -> list[tuple[str, str]]:
    """Of a big story's (article, content hash, partners mark) members, those whose partners are
    not aligned for this aligner and this text of theirs: (article, the mark they will get)."""
    marks = [(article, partners_mark(aligner, content_hash), mark) for article, content_hash, mark in members]
    return [(article, wanted) for article, wanted, mark in marks if mark != wanted]


def hubs(vecs: Sequence[Mapping[str, float]], count: int = HUBS) -> list[int]:
    """The `count` articles closest to the story's centroid (unit vectors), most central first;
    ties go to the earlier article."""
    centroid: Counter[str] = Counter()
    for vec in vecs:
        for term, weight in vec.items():
            centroid[term] += weight
    closeness = [sum(weight * centroid[term] for term, weight in vec.items()) for vec in vecs]
    ranked = sorted(range(len(vecs)), key=lambda k: (-closeness[k], k))
    return ranked[:count]


def extra_partners(
    best: Mapping[int, Mapping[str, float]], chosen: Sequence[str] = (), limit: int = EXTRA
) -> list[str]:
    """The articles to align with for claims nothing `chosen` backs.

    `best` maps each such claim to {article: its best score there}. Each claim names its PER_CLAIM
    best articles; articles named by more claims come first (then the higher score, then the
    earlier article), up to `limit`.
    """
    votes: Counter[str] = Counter()
    top: dict[str, float] = {}
    for scores in best.values():
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        for article, score in [item for item in ranked if item[0] not in chosen][:PER_CLAIM]:
            votes[article] += 1
            top[article] = max(top.get(article, 0.0), score)
    ranked = sorted(votes, key=lambda a: (-votes[a], -top[a], a))
    return ranked[:limit]
