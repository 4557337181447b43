"""Alignment speed: all pairs of the seeds, and one article against a 10,000-article corpus.

Run on its own: python bench/alignment_speed.py
"""

from __future__ import annotations

import difflib
import itertools
import random
import time

from corpora import articles, rewrite, seed_claims
from timing import Figure, median_seconds, seconds

from workbench.align.diff import word_diff
from workbench.align.lexical import align
from workbench.text import tokens
from workbench.text.segment import segment


def _cold() -> None:
    """Forget the normal forms and terms already computed, so every run normalises from scratch."""
    tokens.terms.cache_clear()
    tokens.normal_form.cache_clear()


def workbench_all_pairs(claims: list[list[str]]) -> int:
    """Normalise, score, pick links and compute the word matching of every article pair."""
    _cold()
    links = 0
    for a, b in itertools.combinations(claims, 2):
        matches = align(a, b)
        links += len(matches)
        groups: dict[int, list[str]] = {}
        for match in matches:
            groups.setdefault(match.a, []).append(b[match.b])
        for claim, evidence in groups.items():
            word_diff(a[claim], evidence)
    return links


def cdist_all_pairs(claims: list[list[str]]) -> None:
    from rapidfuzz import fuzz, process

    for a, b in itertools.combinations(claims, 2):
        process.cdist(a, b, scorer=fuzz.token_set_ratio, workers=-1)


def difflib_all_pairs(claims: list[list[str]]) -> None:
    for a, b in itertools.combinations(claims, 2):
        for x in a:
            for y in b:
                difflib.SequenceMatcher(None, x, y).ratio()


def seeds(repeats: int) -> list[Figure]:
    claims = seed_claims()
    ours = median_seconds(lambda: workbench_all_pairs(claims), repeats)
    cdist = median_seconds(lambda: cdist_all_pairs(claims), repeats)
    slow = median_seconds(lambda: difflib_all_pairs(claims), max(1, repeats // 3))
    pairs = sum(len(a) * len(b) for a, b in itertools.combinations(claims, 2))
    name = f"align all pairs of the seeds ({pairs:,} passage pairs)"
    return [
        Figure(
            name + " vs difflib",
            seconds(ours),
            f"difflib ratio {seconds(slow)}",
            f"{slow / ours:.0f}× faster",
            "≥ 50× faster",
            slow / ours >= 50,
        ),
        Figure(
            name + " vs cdist",
            seconds(ours),
            f"cdist(token_set_ratio) {seconds(cdist)}",
            f"{ours / cdist:.1f}× its time",
            "≤ 3× its time",
            ours / cdist <= 3,
        ),
    ]


def corpus_texts(count: int) -> list[list[str]]:
    """The claims of `count` generated articles, segmented the way the importer does."""
    texts = []
    for text in articles(count):
        result = segment(text)
        texts.append([text[s.start : s.end] for s in result.segments if s.kind.is_claim])
    return texts


def corpus(count: int, repeats: int, query_size: int = 40) -> list[Figure]:
    from rapidfuzz import fuzz, process

    from workbench.align.index import CorpusIndex

    texts = corpus_texts(count)
    rng = random.Random(99)
    query_text = rewrite(rng.choice(seed_claims()), rng, size=query_size)
    result = segment(query_text)
    query = [query_text[s.start : s.end] for s in result.segments if s.kind.is_claim][:query_size]
    everything = [passage for article in texts for passage in article]

    start = time.perf_counter()
    index = CorpusIndex.build(texts)
    build = time.perf_counter() - start
    found: dict[int, list] = {}

    def indexed() -> None:
        found.clear()
        found.update(index.align(query))

    ours = median_seconds(indexed, repeats)
    start = time.perf_counter()
    exhaustive = {k: align(query, article) for k, article in enumerate(texts)}
    pairwise = time.perf_counter() - start
    brute = median_seconds(
        lambda: process.cdist(query, everything, scorer=fuzz.token_set_ratio, workers=-1, dtype="uint8"),
        max(1, repeats // 3),
    )
    expected = {(k, m.a, m.b) for k, matches in exhaustive.items() for m in matches}
    got = {(k, m.a, m.b) for k, matches in found.items() for m in matches}
    recall = len(expected & got) / len(expected) if expected else 1.0
    return [
        Figure(
            f"align a {len(query)}-passage article against {count:,} articles ({len(everything):,} passages)",
            seconds(ours),
            f"brute-force cdist {seconds(brute)}",
            f"{brute / ours:.0f}× faster",
            "≥ 10× faster",
            brute / ours >= 10,
            f"index built once in {seconds(build)}; align() against every article one by one "
            f"takes {seconds(pairwise)}",
        ),
        Figure(
            "links found by the corpus index",
            f"{len(expected & got):,} of {len(expected):,}",
            "align() against every article",
            f"{recall:.1%} recall, {len(got - expected)} extra",
            "≥ 99% recall",
            recall >= 0.99,
        ),
    ]


if __name__ == "__main__":
    for figure in seeds(3) + corpus(1000, 3):
        print(figure)
