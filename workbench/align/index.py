"""Aligning one article against many at once: align()'s links for every pair, from an inverted index.

align(a, b) compares two articles. Against thousands of them that loop spends its time in Python,
pair after pair. A CorpusIndex keeps every passage's terms as postings (term -> passages), and for a
new article computes the very scores align() would give against each indexed article, with each
pair's own IDF weights, in a few vectorised passes; then it picks links by align()'s rules. The
result is align()'s, pair for pair (up to rounding in the last decimal); a test holds it to that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.align.lexical import (
    BLOCK_CELLS,
    LINK_THRESHOLD,
    MAX_COUNTERPARTS,
    SECOND_GAIN,
    SMOOTHING,
    TOP,
    Match,
)
from workbench.text.tokens import terms as passage_terms

if TYPE_CHECKING:
    import numpy as np

CHUNK_PASSAGES = 50_000  # indexed passages scored at once, at most (fewer for a long query)
PLAN_CELLS = 8 * BLOCK_CELLS  # a query's weight tables (articles x its terms) beyond this: too large


class QueryTooLarge(Exception):
    """This query would need more memory than the budget: align its pairs one by one instead."""


@dataclass
class CorpusIndex:
    texts: list[Sequence[str]]  # each article's passages, for the pairs align() must do itself
    vocabulary: dict[str, int]  # term -> id
    names: list[str]  # the term of each id
    surfaces: list[str]  # the word each term id first came from
    article_start: np.ndarray  # (articles + 1) first passage of each article
    passage_article: np.ndarray  # (passages) article of each passage
    entry_start: np.ndarray  # (passages + 1) each passage's terms in the entry arrays
    entry_term: np.ndarray  # (entries) term id
    entry_frequency: np.ndarray  # (entries) passages of the entry's article with that term
    posting_start: np.ndarray  # (terms + 1) each term's passages in `postings`
    postings: np.ndarray  # (entries) passage ids, by term, ascending
    article_size: np.ndarray  # (articles) passages per article
    vocabulary_article: np.ndarray  # (article, term) pairs present, as two arrays
    vocabulary_term: np.ndarray
    vocabulary_frequency: np.ndarray

    @classmethod
    def build(cls, articles: Sequence[Sequence[str]]) -> CorpusIndex:
        import numpy as np

        vocabulary: dict[str, int] = {}
        surfaces: list[str] = []
        entry_term: list[int] = []
        entry_start = [0]
        passage_article: list[int] = []
        for number, passages in enumerate(articles):
            for text in passages:
                for term, word in passage_terms(text).items():
                    identifier = vocabulary.get(term)
                    if identifier is None:
                        identifier = vocabulary[term] = len(surfaces)
                        surfaces.append(word)
                    entry_term.append(identifier)
                entry_start.append(len(entry_term))
                passage_article.append(number)
        terms_array = np.array(entry_term, dtype=np.int64)
        starts = np.array(entry_start, dtype=np.int64)
        owners = np.array(passage_article, dtype=np.int64)
        entry_passage = np.repeat(np.arange(len(owners)), np.diff(starts))
        keys = owners[entry_passage] * max(1, len(surfaces)) + terms_array
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        order = np.argsort(terms_array, kind="stable")
        sizes = np.array([len(p) for p in articles], dtype=np.int64)
        return cls(
            texts=list(articles),
            vocabulary=vocabulary,
            names=list(vocabulary),
            surfaces=surfaces,
            article_start=np.concatenate([[0], np.cumsum(sizes)]),
            passage_article=owners,
            entry_start=starts,
            entry_term=terms_array,
            entry_frequency=counts[inverse].astype(np.float64),
            posting_start=np.concatenate([[0], np.cumsum(np.bincount(terms_array, minlength=len(surfaces)))]),
            postings=entry_passage[order],
            article_size=sizes,
            vocabulary_article=unique // max(1, len(surfaces)),
            vocabulary_term=unique % max(1, len(surfaces)),
            vocabulary_frequency=counts.astype(np.float64),
        )

    @property
    def articles(self) -> int:
        return len(self.article_size)

    def align(self, query: Sequence[str], exclude: int | None = None) -> dict[int, list[Match]]:
        """For every indexed article with links: align(query, article)'s matches (a: query passage).

        Raises QueryTooLarge when the query would need more than the memory budget (a very long
        article, or one of thousands of near-identical passages): align() it pair by pair instead.
        """
        if not query or not self.articles:
            return {}
        plan = _QueryPlan.make(self, [passage_terms(text) for text in query])
        candidates = plan.candidates(exclude)
        results: dict[int, list[Match]] = {}
        if candidates is None:
            return results
        for (k, i, j), score in sorted(plan.pick(candidates).items()):
            results.setdefault(k, []).append(Match(i, j, score))
        return results


@dataclass
class _QueryPlan:
    """One query's weights against every article of the index."""

    index: CorpusIndex
    query_terms: list[dict[str, str]]
    columns: list[int]  # global term id of each query term column (-1: not in the index)
    query_frequency: np.ndarray  # (T) query passages with each term
    incidence: np.ndarray  # (query passages x T)
    idf: np.ndarray  # (articles x T) each query term's weight in each pair
    own_query: np.ndarray  # (articles x query passages) own weight of each query passage, per pair
    own_passage: np.ndarray  # (passages) own weight of each indexed passage, in its pair
    pseudo: np.ndarray  # (articles) the smoothing weight of each pair

    def __post_init__(self) -> None:
        self.column_of = {g: c for c, g in enumerate(self.columns) if g >= 0}
        self.rows_terms = [
            [c for c in range(len(self.columns)) if self.columns[c] >= 0 and self.incidence[row, c]]
            for row in range(len(self.query_terms))
        ]

    @classmethod
    def make(cls, index: CorpusIndex, query_terms: list[dict[str, str]]) -> _QueryPlan:
        import numpy as np

        names = list(dict.fromkeys(term for terms in query_terms for term in terms))
        if (len(query_terms) + index.articles) * len(names) > PLAN_CELLS:
            raise QueryTooLarge
        column_of = {term: c for c, term in enumerate(names)}
        columns = [index.vocabulary.get(term, -1) for term in names]
        incidence = np.zeros((len(query_terms), len(names)))
        for row, terms in enumerate(query_terms):
            incidence[row, [column_of[t] for t in terms]] = 1.0
        query_frequency = incidence.sum(axis=0)
        n_q = len(query_terms)
        sizes = index.article_size.astype(np.float64)
        present = np.zeros((index.articles, len(names)))  # f_k(t) for the query's terms
        for c, g in enumerate(columns):
            if g >= 0:
                passages = index.postings[index.posting_start[g] : index.posting_start[g + 1]]
                present[:, c] = np.bincount(index.passage_article[passages], minlength=index.articles)
        idf = np.log1p((n_q + sizes[:, None]) / (query_frequency[None, :] + present))
        own_query = idf @ incidence.T
        # Every indexed passage's own weight in its pair, its article's terms weighed with the query.
        lookup = np.zeros(len(index.surfaces))
        known = [(c, g) for c, g in enumerate(columns) if g >= 0]
        if known:
            lookup[[g for _, g in known]] = query_frequency[[c for c, _ in known]]
        entry_article = index.passage_article[
            np.repeat(np.arange(len(index.passage_article)), np.diff(index.entry_start))
        ]
        weights = np.log1p((n_q + sizes[entry_article]) / (lookup[index.entry_term] + index.entry_frequency))
        own_passage = np.zeros(len(index.passage_article))
        filled = np.diff(index.entry_start) > 0
        if len(weights):
            own_passage[filled] = np.add.reduceat(weights, index.entry_start[:-1][filled])
        # The smoothing weight: align() adds SMOOTHING x the mean weight over both articles' terms.
        vocab_weights = np.log1p(
            (n_q + sizes[index.vocabulary_article])
            / (lookup[index.vocabulary_term] + index.vocabulary_frequency)
        )
        total = np.bincount(index.vocabulary_article, weights=vocab_weights, minlength=index.articles)
        count = np.bincount(index.vocabulary_article, minlength=index.articles).astype(np.float64)
        query_only = (present == 0) * np.log1p((n_q + sizes[:, None]) / query_frequency[None, :])
        total += query_only.sum(axis=1)
        count += (present == 0).sum(axis=1)
        pseudo = SMOOTHING * np.divide(total, count, out=np.ones_like(total), where=count > 0)
        return cls(
            index, query_terms, columns, query_frequency, incidence, idf, own_query, own_passage, pseudo
        )

    def candidates(
        self, exclude: int | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """Every (query passage, indexed passage) pair whose smoothed score reaches the threshold.

        `exclude` is an indexed article to leave out: the query's own, when it is in the index (its
        passages would all be candidates of themselves, the densest block there is)."""
        import numpy as np

        index = self.index
        threshold = LINK_THRESHOLD / 100
        rows_of = [np.nonzero(self.incidence[:, c])[0] for c in range(len(self.columns))]
        found_rows, found_passages, found_decisive, found_raw = [], [], [], []
        chunk = max(1, min(CHUNK_PASSAGES, BLOCK_CELLS // max(1, len(self.query_terms))))
        # Only the indexed passages that share a term with the query are scored: the postings of
        # the query's terms, less the excluded article's passages.
        postings = {
            c: index.postings[index.posting_start[g] : index.posting_start[g + 1]]
            for c, g in enumerate(self.columns)
            if g >= 0
        }
        touched = np.unique(np.concatenate(list(postings.values()))) if postings else np.zeros(0, np.int64)
        if exclude is not None:
            low, high = index.article_start[exclude], index.article_start[exclude + 1]
            touched = touched[(touched < low) | (touched >= high)]
        found = 0
        for begin in range(0, len(touched), chunk):
            ids = touched[begin : begin + chunk]
            shared = np.zeros((len(self.query_terms), len(ids)))
            for c, passages in postings.items():
                low, high = np.searchsorted(passages, [ids[0], ids[-1] + 1])
                passages = passages[low:high]
                if not len(passages):
                    continue
                at = np.searchsorted(ids, passages)
                keep = ids[np.minimum(at, len(ids) - 1)] == passages  # drops the excluded article's
                passages, at = passages[keep], at[keep]
                if not len(passages):
                    continue
                weights = self.idf[index.passage_article[passages], c]
                shared[np.ix_(rows_of[c], at)] += weights
            owners = index.passage_article[ids]
            own_query = self.own_query[owners].T
            own_passage = self.own_passage[ids][None, :]
            pseudo = self.pseudo[owners][None, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                decisive = np.sqrt((shared / (own_query + pseudo)) * (shared / (own_passage + pseudo)))
            rows, columns = np.nonzero(decisive >= threshold)
            if not len(rows):
                continue
            found += len(rows)
            if found > BLOCK_CELLS:  # a text of near-identical passages: every pair a candidate
                raise QueryTooLarge
            with np.errstate(divide="ignore", invalid="ignore"):
                raw = np.sqrt(
                    (shared[rows, columns] / own_query[rows, columns])
                    * (shared[rows, columns] / own_passage[0, columns])
                )
            found_rows.append(rows)
            found_passages.append(ids[columns])
            found_decisive.append(decisive[rows, columns])
            found_raw.append(np.nan_to_num(raw))
        if not found_rows:
            return None
        return (
            np.concatenate(found_rows),
            np.concatenate(found_passages),
            np.concatenate(found_decisive),
            np.concatenate(found_raw),
        )

    def pick(self, candidates: tuple) -> dict[tuple[int, int, int], float]:
        """align()'s rules on the candidates: best per passage, further ones while they add coverage."""
        import numpy as np

        rows, passages, decisive, raw = candidates
        owners = self.index.passage_article[passages]
        within = passages - self.index.article_start[owners]
        picked: dict[tuple[int, int, int], float] = {}
        score = {(int(r), int(p)): float(s) for r, p, s in zip(rows, passages, raw, strict=True)}
        # Query passages as rows: for each (query passage, article), ranked as align() ranks a row.
        order = np.lexsort((within, -decisive, owners, rows))
        self._choose(
            rows[order], owners[order], passages[order], within[order], picked, score, query_side=True
        )
        # Indexed passages as rows: for each, its query passages ranked.
        order = np.lexsort((rows, -decisive, passages))
        self._choose(
            passages[order], owners[order], rows[order], within[order], picked, score, query_side=False
        )
        return picked

    def _choose(self, groups, owners, others, within, picked, score, *, query_side: bool) -> None:  # type: ignore[no-untyped-def]
        start, total = 0, len(groups)
        while start < total:
            end = start
            while end < total and groups[end] == groups[start] and owners[end] == owners[start]:
                end += 1
            k = int(owners[start])
            chosen = [start]
            self._add(picked, score, groups, others, within, start, query_side, k)
            for further in range(start + 1, min(end, start + TOP)):
                if len(chosen) == MAX_COUNTERPARTS:
                    break
                mine = [others[c] for c in chosen]
                if self._gain(groups[start], mine, others[further], k, query_side) >= SECOND_GAIN:
                    self._add(picked, score, groups, others, within, further, query_side, k)
                    chosen.append(further)
            start = end

    def _add(self, picked, score, groups, others, within, at, query_side, k) -> None:  # type: ignore[no-untyped-def]
        if query_side:
            row, passage = int(groups[at]), int(others[at])
        else:
            passage, row = int(groups[at]), int(others[at])
        j = int(passage - self.index.article_start[k])
        picked[(k, row, j)] = round(score[(row, passage)] * 100, 1)

    def _gain(self, group, chosen, further, k: int, query_side: bool) -> float:  # type: ignore[no-untyped-def]
        """The extra share of the row's own weight that `further` covers beyond those `chosen`."""
        ids = self._passage_ids if query_side else self._query_ids
        if query_side:
            own = set(self._query_ids(int(group)))
            own_weight = self.own_query[k, int(group)]
        else:
            own = set(self._passage_ids(int(group)))
            own_weight = self.own_passage[int(group)]
        covered = {term for c in chosen for term in ids(int(c))}
        extra = (own & set(ids(int(further)))) - covered
        if not own_weight:
            return 0.0
        return sum(self._weight(term, k) for term in extra) / own_weight

    def _query_ids(self, row: int) -> list[int]:
        return [self.columns[c] for c in self.rows_terms[row]]

    def _passage_ids(self, passage: int) -> list[int]:
        index = self.index
        return index.entry_term[index.entry_start[passage] : index.entry_start[passage + 1]].tolist()

    def _weight(self, term: int, k: int) -> float:
        return float(self.idf[k, self.column_of[term]])
