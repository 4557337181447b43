"""Passage alignment between two articles, and word-level differences within an aligned pair.

The score of two passages is an IDF-weighted cosine over their normalised content words: each side's
share of its own (weighted) content that the other side carries, combined as a geometric mean. Words
that occur in many passages of the two articles ("Ukraine" in a story about Ukraine) weigh little;
rare names, figures and nouns decide. Words are compared in normal form (tokens.normal_form), which
also brings transliterations of a name together. rapidfuzz computes the word-level opcodes.

All functions here are pure: they take strings and return plain values. corpus_index.CorpusIndex
gives the same links for one article against many at once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.models import ADDED, CHANGED, DROPPED, SAME
from workbench.tokens import Token, tokenize
from workbench.tokens import terms as passage_terms

if TYPE_CHECKING:
    import numpy as np

# numpy and rapidfuzz are imported where they are used: the app's first screen needs neither.

# Bump when scoring or selection changes: cached alignments made by another version are redone.
ALIGNER_VERSION = "1"

LINK_THRESHOLD = 25.0  # the (smoothed) score a passage's best counterpart needs to be linked
SECOND_GAIN = 0.20  # the extra share of a claim a second counterpart must cover to be linked too
# Pseudo-weight, in mean term weights, added to each passage when deciding links, so that a
# two-word passage needs more than two shared words. Reported scores are unsmoothed: identical
# passages score 100.
SMOOTHING = 1.0


@dataclass(frozen=True)
class Match:
    """Passage `a` of the first list and passage `b` of the second say the same thing, with `score`."""

    a: int
    b: int
    score: float


def similarity(a: str, b: str) -> float:
    """Score (0-100) of two passages on their own, with no surrounding articles to weigh words by."""
    overlap = _Overlap.of([_terms(a)], [_terms(b)])
    return round(float(overlap.scores()[0, 0]) * 100, 1)


def align(a: Sequence[str], b: Sequence[str]) -> list[Match]:
    """Counterparts between two articles' passages, ordered by (a, b).

    Each passage is linked to its best counterpart in the other list when the score reaches
    LINK_THRESHOLD, and to a second one when that covers a further SECOND_GAIN of it (a claim that
    merges two source sentences). Passages with no counterpart stay unlinked.
    """
    if not a or not b:
        return []
    overlap = _Overlap.of([_terms(text) for text in a], [_terms(text) for text in b])
    decisive = overlap.scores(SMOOTHING)
    picked = set(_pick(decisive, overlap.has_a, overlap.has_b, overlap.weights, overlap.own_a))
    picked |= {
        (i, j) for j, i in _pick(decisive.T, overlap.has_b, overlap.has_a, overlap.weights, overlap.own_b)
    }
    scores = overlap.scores()
    return [Match(i, j, round(float(scores[i, j]) * 100, 1)) for i, j in sorted(picked)]


def _terms(text: str) -> dict[str, str]:
    """Content terms of a passage (normal form to the lower-case word it came from), in order."""
    return passage_terms(text)


@dataclass(frozen=True)
class _Overlap:
    """What two lists of passages share, over the terms that occur on both sides.

    Terms found on one side only never add to a shared weight, so the incidence matrices hold just
    the shared vocabulary: small even when one side is a huge, unrelated text.
    """

    has_a: np.ndarray  # passages of a x shared terms, 1.0 where the passage has the term
    has_b: np.ndarray
    weights: np.ndarray  # IDF weight of each shared term over the passages of both lists
    own_a: np.ndarray  # total weight of each passage's own terms
    own_b: np.ndarray
    mean_weight: float  # over every term of both lists
    shared: np.ndarray  # a x b: weight of the terms each pair shares

    @classmethod
    def of(cls, terms_a: list[dict[str, str]], terms_b: list[dict[str, str]]) -> _Overlap:
        import numpy as np

        frequency: dict[str, int] = {}
        for terms in (*terms_a, *terms_b):
            for term in terms:
                frequency[term] = frequency.get(term, 0) + 1
        count = len(terms_a) + len(terms_b)
        idf = {term: math.log(1 + count / seen) for term, seen in frequency.items()}
        both = {term for terms in terms_a for term in terms} & {term for terms in terms_b for term in terms}
        vocabulary = {term: index for index, term in enumerate(sorted(both))}
        weights = np.array([idf[term] for term in vocabulary], dtype=np.float64)
        has_a = _incidence(terms_a, vocabulary)
        has_b = _incidence(terms_b, vocabulary)
        return cls(
            has_a=has_a,
            has_b=has_b,
            weights=weights,
            own_a=np.array([sum(idf[t] for t in terms) for terms in terms_a], dtype=np.float64),
            own_b=np.array([sum(idf[t] for t in terms) for terms in terms_b], dtype=np.float64),
            mean_weight=sum(idf.values()) / len(idf) if idf else 1.0,
            shared=(has_a * weights) @ has_b.T,
        )

    def scores(self, smoothing: float = 0.0) -> np.ndarray:
        """a x b scores (0-1): the geometric mean of each side's share of its own weight shared."""
        import numpy as np

        pseudo = smoothing * self.mean_weight
        own_a = self.own_a + pseudo
        own_b = self.own_b + pseudo
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.sqrt((self.shared / own_a[:, None]) * (self.shared / own_b[None, :]))
        return np.nan_to_num(scores, nan=0.0, posinf=0.0)


def _incidence(term_lists: list[dict[str, str]], vocabulary: dict[str, int]) -> np.ndarray:
    import numpy as np

    matrix = np.zeros((len(term_lists), len(vocabulary)), dtype=np.float64)
    for row, terms in enumerate(term_lists):
        matrix[row, [vocabulary[term] for term in terms if term in vocabulary]] = 1.0
    return matrix


def _pick(
    scores: np.ndarray,
    has_own: np.ndarray,
    has_other: np.ndarray,
    weights: np.ndarray,
    own_weight: np.ndarray,
) -> list[tuple[int, int]]:
    """For each row: its best column above the threshold, and a second that adds enough coverage."""
    import numpy as np

    threshold = LINK_THRESHOLD / 100
    picked = []
    for row in range(scores.shape[0]):
        order = np.argsort(-scores[row], kind="stable")[:3]
        best = int(order[0])
        if scores[row, best] < threshold:
            continue
        picked.append((row, best))
        covered = has_own[row] * has_other[best]
        for other in order[1:]:
            other = int(other)
            if scores[row, other] < threshold:
                break
            extra = has_own[row] * has_other[other] * (1 - covered)
            if own_weight[row] and float(extra @ weights) / own_weight[row] >= SECOND_GAIN:
                picked.append((row, other))
                break
    return picked


# Word-level differences ------------------------------------------------------------------------


@dataclass(frozen=True)
class WordMark:
    start: int  # offsets into the passage text
    end: int
    status: str  # SAME, CHANGED, ADDED (claim side) or DROPPED (evidence side)
    content: bool  # False for function words


@dataclass(frozen=True)
class WordDiff:
    claim: list[WordMark]
    evidence: list[list[WordMark]]  # one list per evidence passage


def word_diff(claim: str, evidence: Sequence[str]) -> WordDiff:
    """Which words of `claim` its evidence keeps, changes or lacks, and which evidence words it drops.

    Words are compared in normal form (case, spelling, stems). A claim word that the evidence has
    elsewhere (a reordered sentence) counts as kept.
    """
    from rapidfuzz.distance import Levenshtein

    claim_tokens = tokenize(claim)
    evidence_tokens = [tokenize(text) for text in evidence]
    joined = [
        (index, position, token)
        for index, tokens in enumerate(evidence_tokens)
        for position, token in enumerate(tokens)
    ]
    claim_status = [SAME] * len(claim_tokens)
    evidence_status = [[SAME] * len(tokens) for tokens in evidence_tokens]
    opcodes = Levenshtein.opcodes([t.norm for _, _, t in joined], [t.norm for t in claim_tokens])
    for op in opcodes:
        if op.tag == "equal":
            continue
        claim_mark = CHANGED if op.tag == "replace" else ADDED
        for position in range(op.dest_start, op.dest_end):
            claim_status[position] = claim_mark
        evidence_mark = CHANGED if op.tag == "replace" else DROPPED
        for position in range(op.src_start, op.src_end):
            index, within, _ = joined[position]
            evidence_status[index][within] = evidence_mark
    evidence_norms = {token.norm for _, _, token in joined}
    claim_norms = {token.norm for token in claim_tokens}
    for position, token in enumerate(claim_tokens):
        if claim_status[position] != SAME and token.norm in evidence_norms:
            claim_status[position] = SAME
    for index, tokens in enumerate(evidence_tokens):
        for position, token in enumerate(tokens):
            if evidence_status[index][position] != SAME and token.norm in claim_norms:
                evidence_status[index][position] = SAME
    return WordDiff(
        claim=_marks(claim_tokens, claim_status),
        evidence=[_marks(tokens, evidence_status[i]) for i, tokens in enumerate(evidence_tokens)],
    )


def _marks(tokens: list[Token], statuses: list[str]) -> list[WordMark]:
    return [WordMark(t.start, t.end, status, t.content) for t, status in zip(tokens, statuses, strict=True)]
