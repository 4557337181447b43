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

from workbench.align import Match, Thresholds
from workbench.text.tokens import terms as passage_terms

if TYPE_CHECKING:
    import numpy as np

# numpy and rapidfuzz are imported where they are used: the app's first screen needs neither.

# Bump when scoring or selection changes: cached alignments made by another version are redone.
ALIGNER_VERSION = "2"

LINK_THRESHOLD = 25.0  # the (smoothed) score a passage's best counterpart needs to be linked
SECOND_GAIN = 0.20  # the extra share of a claim each further counterpart must cover to be linked too
# Pseudo-weight, in mean term weights, added to each passage when deciding links, so that a
# two-word passage needs more than two shared words. Reported scores are unsmoothed: identical
# passages score 100.
SMOOTHING = 1.0


# Passage pairs scored at once (a block of rows against every column): bounds the memory of a
# pair of articles of any length to a few matrices of this many cells (8 bytes each), not a x b.
BLOCK_CELLS = 2_000_000
TOP = 5  # counterparts ranked per passage: the best, and the next four tried as further ones
MAX_COUNTERPARTS = 3  # a claim that merges several sentences is linked to up to this many


def similarity(a: str, b: str) -> float:
    """Score (0-100) of two passages on their own, with no surrounding articles to weigh words by."""
    terms_a, terms_b = _terms(a), _terms(b)
    if not terms_a or not terms_b:
        return 0.0
    idf = {term: math.log(1 + 2 / ((term in terms_a) + (term in terms_b))) for term in {*terms_a, *terms_b}}
    shared = sum(idf[term] for term in terms_a if term in terms_b)
    own_a = sum(idf[term] for term in terms_a)
    own_b = sum(idf[term] for term in terms_b)
    return round(math.sqrt((shared / own_a) * (shared / own_b)) * 100, 1)


def coverage(claim: str, other: str) -> float:
    """The share (0-1) of the claim's content terms that `other` also has: how much of the claim
    a counterpart backs, whatever else it says (the score weighs both sides alike)."""
    mine = _terms(claim)
    if not mine:
        return 0.0
    theirs = _terms(other)
    return sum(1 for term in mine if term in theirs) / len(mine)


def align(a: Sequence[str], b: Sequence[str]) -> list[Match]:
    """Counterparts between two articles' passages, ordered by (a, b).

    Each passage is linked to its best counterpart in the other list when the score reaches
    LINK_THRESHOLD, and to further ones (MAX_COUNTERPARTS in all) while each covers a further
    SECOND_GAIN of it (a claim that merges several source sentences). Passages with no
    counterpart stay unlinked. Scores are worked out a block of rows at a time, so memory stays
    bounded however long the articles are.
    """
    if not a or not b:
        return []
    overlap = _Overlap.of([_terms(text) for text in a], [_terms(text) for text in b])
    rows, columns = overlap.ranked()
    picked: dict[tuple[int, int], float] = {}
    weight = overlap.weight
    for i, ranked in rows.items():
        for j in _chosen(ranked, overlap.a_terms[i], overlap.b_terms, weight, float(overlap.own_a[i])):
            picked[(i, j)] = ranked[j]
    for j, ranked in columns.items():
        for i in _chosen(ranked, overlap.b_terms[j], overlap.a_terms, weight, float(overlap.own_b[j])):
            picked[(i, j)] = ranked[i]
    return [Match(i, j, round(score * 100, 1)) for (i, j), score in sorted(picked.items())]


def _chosen(
    ranked: dict[int, float],
    own: frozenset[int],
    others: list[frozenset[int]],
    weight: list[float],
    own_weight: float,
) -> list[int]:
    """The best of a passage's ranked counterparts, and the next ones that each add enough coverage."""
    order = list(ranked)  # already best first
    best = order[0]
    chosen = [best]
    covered = own & others[best]
    for other in order[1:TOP]:
        if len(chosen) == MAX_COUNTERPARTS:
            break
        extra = (own & others[other]) - covered
        if own_weight and sum(weight[t] for t in extra) / own_weight >= SECOND_GAIN:
            chosen.append(other)
            covered |= extra
    return chosen


def _terms(text: str) -> dict[str, str]:
    """Content terms of a passage (normal form to the lower-case word it came from), in order."""
    return passage_terms(text)


@dataclass(frozen=True)
class _Overlap:
    """What two lists of passages share, over the terms that occur on both sides.

    Terms found on one side only never add to a shared weight, so the incidence matrices hold just
    the shared vocabulary, and they are sparse: small even when one side is a huge, unrelated text.
    """

    a_terms: list[frozenset[int]]  # shared-term ids of each passage of a
    b_terms: list[frozenset[int]]
    weight: list[float]  # IDF weight of each shared term over the passages of both lists
    own_a: np.ndarray  # total weight of each passage's own terms (shared or not)
    own_b: np.ndarray
    own_shared_a: np.ndarray  # the part of own_a that shared terms carry
    mean_weight: float  # over every term of both lists

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
        a_terms = [frozenset(vocabulary[t] for t in terms if t in vocabulary) for terms in terms_a]
        b_terms = [frozenset(vocabulary[t] for t in terms if t in vocabulary) for terms in terms_b]
        weight = [idf[term] for term in vocabulary]
        own_a = np.array([sum(idf[t] for t in terms) for terms in terms_a], dtype=np.float64)
        return cls(
            a_terms=a_terms,
            b_terms=b_terms,
            weight=weight,
            own_a=own_a,
            own_b=np.array([sum(idf[t] for t in terms) for terms in terms_b], dtype=np.float64),
            own_shared_a=np.array([sum(weight[t] for t in terms) for terms in a_terms], dtype=np.float64),
            mean_weight=sum(idf.values()) / len(idf) if idf else 1.0,
        )

    def _matrix(self, term_lists: list[frozenset[int]], weighted: bool):  # type: ignore[no-untyped-def]
        import numpy as np
        from scipy.sparse import csr_matrix

        lengths = [len(terms) for terms in term_lists]
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        indices = np.fromiter(
            (t for terms in term_lists for t in sorted(terms)), dtype=np.int64, count=indptr[-1]
        )
        weights = np.asarray(self.weight, dtype=np.float64)
        data = weights[indices] if weighted else np.ones(len(indices))
        return csr_matrix((data, indices, indptr), shape=(len(term_lists), len(self.weight)))

    def ranked(self) -> tuple[dict[int, dict[int, float]], dict[int, dict[int, float]]]:
        """Each passage's counterparts above the threshold, best first (TOP at most), with raw scores.

        Rows (passages of a) and columns (of b) are ranked by the smoothed score, ties to the
        lower index, as align() has always ranked them.
        """
        import numpy as np

        threshold = LINK_THRESHOLD / 100
        pseudo = SMOOTHING * self.mean_weight
        rows: dict[int, dict[int, float]] = {}
        if not self.weight:
            return rows, {}
        a = self._matrix(self.a_terms, weighted=True)
        b_t = self._matrix(self.b_terms, weighted=False).T.tocsr()
        n_b = len(self.b_terms)
        keep_rows = np.nonzero(self.own_shared_a > 0)[0]
        own_b = self.own_b[None, :]
        # The best TOP rows of each column so far: (column, -decisive, row, raw) as parallel arrays.
        col_c = np.zeros(0, dtype=np.int64)
        col_d = np.zeros(0)
        col_r = np.zeros(0, dtype=np.int64)
        col_s = np.zeros(0)
        step = max(1, BLOCK_CELLS // max(1, n_b))
        for start in range(0, len(keep_rows), step):
            block = keep_rows[start : start + step]
            shared = (a[block] @ b_t).toarray()
            own_a = self.own_a[block][:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                decisive = np.sqrt((shared / (own_a + pseudo)) * (shared / (own_b + pseudo)))
            local, cols = np.nonzero(decisive >= threshold)
            if not len(local):
                continue
            values = decisive[local, cols]
            with np.errstate(divide="ignore", invalid="ignore"):
                raw = np.sqrt(
                    (shared[local, cols] / own_a[local, 0]) * (shared[local, cols] / own_b[0, cols])
                )
            raw = np.nan_to_num(raw)
            del shared, decisive
            global_rows = block[local]
            # Row side: every row of the block is complete here.
            order = np.lexsort((cols, -values, global_rows))
            for position in _firsts(global_rows[order], TOP):
                k = order[position]
                rows.setdefault(int(global_rows[k]), {})[int(cols[k])] = float(raw[k])
            # Column side: merge this block's candidates into each column's running best.
            col_c = np.concatenate([col_c, cols])
            col_d = np.concatenate([col_d, values])
            col_r = np.concatenate([col_r, global_rows])
            col_s = np.concatenate([col_s, raw])
            order = np.lexsort((col_r, -col_d, col_c))
            keep = order[_firsts(col_c[order], TOP)]
            col_c, col_d, col_r, col_s = col_c[keep], col_d[keep], col_r[keep], col_s[keep]
        columns: dict[int, dict[int, float]] = {}
        order = np.lexsort((col_r, -col_d, col_c))
        for k in order:
            columns.setdefault(int(col_c[k]), {})[int(col_r[k])] = float(col_s[k])
        return rows, columns


def _firsts(groups, top: int):  # type: ignore[no-untyped-def]
    """Positions of the first `top` entries of each run of equal values in the sorted array `groups`."""
    import numpy as np

    if not len(groups):
        return np.zeros(0, dtype=np.int64)
    starts = np.concatenate([[0], np.nonzero(groups[1:] != groups[:-1])[0] + 1])
    run = np.arange(len(groups)) - np.repeat(starts, np.diff(np.concatenate([starts, [len(groups)]])))
    return np.nonzero(run < top)[0]


class LexicalAligner:
    """The aligner above as an Aligner: IDF-weighted content words, with its corpus index as bulk path."""

    name = "lexical"
    version = ALIGNER_VERSION
    thresholds = Thresholds(link=LINK_THRESHOLD, paraphrase=40.0, close_paraphrase=45.0, strong=30.0)

    @staticmethod
    def align(a: Sequence[str], b: Sequence[str]) -> list[Match]:
        return align(a, b)

    @staticmethod
    def similarity(a: str, b: str) -> float:
        return similarity(a, b)

    @staticmethod
    def coverage(claim: str, other: str) -> float:
        return coverage(claim, other)

    @staticmethod
    def index(articles: Sequence[Sequence[str]]):  # type: ignore[no-untyped-def]
        """The bulk path: align() for one article against all of `articles` at once."""
        from workbench.align.index import CorpusIndex

        return CorpusIndex.build(articles)
