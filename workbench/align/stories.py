"""Stories: which articles of a corpus tell the same story, so that only those are aligned.

A crawl holds many versions of a few stories, or thousands of stories. Aligning every article with
every other grows with the square of the corpus; aligning within stories grows with the corpus.

Articles are compared by TF-IDF over their content terms (a term counts once per passage, its
weight dampened by log): the overlap of two articles is the larger share of either one's weight
(its unit vector, squared) that the other has, so a short summary meets its long source. Candidates
come from an inverted index over each article's most telling terms only, with a bounded number of
postings per term, so the work per article is bounded however big the corpus or a story is; each
candidate's overlap is then worked out in full.

An article joins its closest neighbour when their overlap reaches SAME_STORY, and the close ones
that have it among their own closest too (mutual neighbours); not every neighbour, which chains
unrelated stories through the odd shared topic; near copies join too. An article left alone (in
a small import, a group of two) joins its closest neighbour outside it from ALONE. Articles
already in a story stay there: a new article joins the story of its closest placed neighbour,
and new articles that meet none form stories of their own. Everything here is pure.

A share counts only beyond what a typical article of the corpus would hold by chance, scaled by
length: a long page holds much of any article, and long pages chained stories into one. Ties
are taken strongest first, and one that would join two groups (or an article to a group) holds
only when the others of the groups overlap LINKAGE on average (average linkage): one shared
topic between a page and another story's claim no longer merges both stories.

On the BUMP development half (584 sources and summaries of 194 stories), pairs put in one story
are right 0.99 of the time and 0.99 of the true pairs are found; on BUMP, XSum and WiCE together
(2,032 texts of 668 stories) 0.71 and 0.81 (`python bench/quality.py --only stories`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

SAME_STORY = 0.3  # overlap of two articles from which they tell one story
TELLING_TERMS = 24  # of each article, its heaviest terms are looked up in the index
POSTINGS = 64  # articles kept per term in the index: enough to reach any story it is in
EXACT_UP_TO = 200  # a corpus of no more articles compares every pair in full
NEIGHBOURS = 20  # candidates per article whose full overlap is worked out
MUTUAL, SURE = 2, 0.5  # two articles each among the other's MUTUAL closest, at SURE or more, join too
NEAR_DUPLICATE = 0.85  # and any two at this overlap: versions of one text
ALONE = 0.1  # an article that would be a story of one joins its closest neighbour from this overlap
LINKAGE = 0.15  # a tie joins two groups when the other pairs of their first members overlap this on average
LINKED = 3  # members of each group compared
CHANCE_CAP = 0.99  # of the share an article would have in another by chance


def term_counts(passages: Sequence[str]) -> Counter[str]:
    """How many of an article's passages use each content term."""
    from workbench.text.tokens import terms

    counts: Counter[str] = Counter()
    for text in passages:
        counts.update(terms(text).keys())
    return counts


def vectors(counts: Sequence[Mapping[str, int]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors: (1 + log tf) × smoothed idf, so two articles alone still compare.

    In a corpus past EXACT_UP_TO articles, a word no other article uses is left out: it can tie
    the article to none, and in a short text (a one-line version with a number of its own) it
    outweighed every word it shares. In a small corpus such words are much of a long source's
    text, and leaving them out there moved which article looked like the original.
    """
    frequency: Counter[str] = Counter()
    for article in counts:
        frequency.update(article.keys())
    total = len(counts)
    idf = {term: math.log((total + 1) / (df + 1)) + 1.0 for term, df in frequency.items()}
    found = []
    for article in counts:
        weights = {
            term: (1.0 + math.log(tf)) * idf[term]
            for term, tf in article.items()
            if tf > 0 and (frequency[term] > 1 or total <= EXACT_UP_TO)
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        found.append({term: w / norm for term, w in weights.items()})
    return found


def overlap(
    a: Mapping[str, float], b: Mapping[str, float], chance: tuple[float, float] = (0.0, 0.0)
) -> float:
    """The larger of the shares of each vector's weight (squared: a unit vector's add up to 1)
    that the other has: a summary is mostly in its source, and in a story of many versions the
    original is mostly in each (its own words, rare in the corpus, weigh more than the story's).

    `chance` is the share of a's weight, and of b's, that the other would hold by chance (see
    neighbours): each share counts for what it has beyond that, so a one-line claim is not "in"
    a long page about something else just because a long page has most words.
    """
    chance_a, chance_b = chance
    if len(a) > len(b):
        a, b, chance_a, chance_b = b, a, chance_b, chance_a
    shared = [term for term in a if term in b]
    in_b = sum(a[t] * a[t] for t in shared)
    in_a = sum(b[t] * b[t] for t in shared)
    return max((in_b - chance_a) / (1.0 - chance_a), (in_a - chance_b) / (1.0 - chance_b))


def chances(
    vecs: Sequence[Mapping[str, float]], used: Mapping[str, int]
) -> Callable[[int, int], tuple[float, float]]:
    """What overlap(vecs[i], vecs[j]) would find by chance, each way: the share of an article's
    weight that a typical article of the corpus holds (each term weighted by the share of articles
    that use it: `used` counts them), scaled by the other's number of terms against the mean, so
    a long page holds more.

    In a corpus of EXACT_UP_TO articles or fewer (a folder of versions) the corpus cannot say what
    a typical article holds, and nothing is discounted.
    """
    if len(vecs) <= EXACT_UP_TO:
        return lambda i, j: (0.0, 0.0)
    total = len(vecs)
    typical = [sum(w * w * used[t] for t, w in vec.items()) / total for vec in vecs]
    mean = sum(map(len, vecs)) / total or 1.0

    def between(i: int, j: int) -> tuple[float, float]:
        return (
            min(CHANCE_CAP, typical[i] * len(vecs[j]) / mean),
            min(CHANCE_CAP, typical[j] * len(vecs[i]) / mean),
        )

    return between


def used_by(vecs: Sequence[Mapping[str, float]]) -> Counter[str]:
    """How many articles use each term."""
    used: Counter[str] = Counter()
    for vec in vecs:
        used.update(vec.keys())
    return used


def neighbours(
    vecs: Sequence[Mapping[str, float]],
    threshold: float = SAME_STORY,
    queries: Sequence[int] | None = None,
    used: Mapping[str, int] | None = None,
    chance: Callable[[int, int], tuple[float, float]] | None = None,
) -> dict[int, list[tuple[int, float]]]:
    """For each article (or each of `queries`), its closest others at `threshold` or more:
    (index, overlap), best first. `used` and `chance` save working them out (used_by, chances),
    for a caller that needs them too."""
    used = used_by(vecs) if used is None else used
    # a term no other article uses finds nobody: the telling terms are the heaviest shared ones
    telling = [sorted((t for t in v if used[t] > 1), key=lambda t: -v[t])[:TELLING_TERMS] for v in vecs]
    postings: dict[str, list[int]] = {}
    for index, heavy in enumerate(telling):
        for term in heavy:
            held = postings.setdefault(term, [])
            if len(held) < POSTINGS:
                held.append(index)
    chance = chances(vecs, used) if chance is None else chance
    found = {}
    for index in range(len(vecs)) if queries is None else queries:
        heavy, vec = telling[index], vecs[index]
        rough: Counter[int] = Counter()
        if len(vecs) <= EXACT_UP_TO:  # a small corpus: every other article is a candidate
            rough.update(dict.fromkeys((k for k in range(len(vecs)) if k != index), 0.0))
        for term in heavy:
            weight = vec[term]
            for other in postings.get(term, ()):
                if other != index:
                    rough[other] += weight * vecs[other].get(term, 0.0)
        close = []
        for other, _ in rough.most_common(None if len(vecs) <= EXACT_UP_TO else NEIGHBOURS):
            score = overlap(vec, vecs[other], chance(index, other))
            if score >= threshold:
                close.append((other, score))
        close.sort(key=lambda pair: (-pair[1], pair[0]))
        found[index] = close
    return found


def assign(
    vecs: Sequence[Mapping[str, float]], placed: Mapping[int, str], threshold: float = SAME_STORY
) -> dict[int, str | int]:
    """The story of every article not in `placed` (index -> story id of the articles that have one).

    An article joins the story its closest placed neighbour is in; articles that reach no placed
    article are grouped among themselves, each group named by an int (its first article's index),
    for the caller to make a story of.
    """
    used = used_by(vecs)
    chance = chances(vecs, used)
    new = [k for k in range(len(vecs)) if k not in placed]
    loose = neighbours(vecs, min(threshold, ALONE), new, used, chance)
    near = {i: [(o, score) for o, score in close if score >= threshold] for i, close in loose.items()}
    parent = list(range(len(vecs)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    sure = {i: {o for o, score in close[:MUTUAL] if score >= SURE} for i, close in near.items()}
    best: dict[int, tuple[float, str]] = {}  # new article -> (overlap, story) of its best placed neighbour
    edges: set[tuple[float, int, int]] = set()
    for index, close in near.items():  # only new articles ask
        placed_near = next(((score, placed[o]) for o, score in close if o in placed), None)
        if placed_near:
            best[index] = placed_near
        scores = dict(close)
        joined = [close[0][0]] if close else []  # its closest neighbour
        joined += [o for o in sure[index] if index in sure.get(o, ())]  # and close ones that pick it too
        joined += [o for o, score in close if score >= NEAR_DUPLICATE]  # and every near copy
        edges.update((-scores[o], min(index, o), max(index, o)) for o in joined if o not in placed)
    members = {k: [k] for k in range(len(vecs))}
    for _, x, y in sorted(edges):  # the strongest ties first
        a, b = root(x), root(y)
        if a == b:
            continue
        if len(members[a]) + len(members[b]) > 2:  # does what it joins tell one story, all along?
            cross = [
                overlap(vecs[i], vecs[j], chance(i, j))
                for i in members[a][:LINKED]
                for j in members[b][:LINKED]
                if (i, j) not in ((x, y), (y, x))
            ]
            if cross and sum(cross) / len(cross) < LINKAGE:
                continue
        a, b = min(a, b), max(a, b)
        parent[b] = a
        members[a] += members.pop(b)
    # A story of one compares nothing: an article left alone (a source whose summaries pair up
    # among themselves) joins its closest neighbour when they share anything much. In a small
    # import (a folder of versions) a group of two does too: fragments there are mostly parts.
    sizes = Counter(root(k) for k in range(len(vecs)) if k not in placed)
    small = len(vecs) <= EXACT_UP_TO
    for index, close in loose.items():
        group = root(index)
        if index in best or sizes[group] > (2 if small else 1):
            continue
        outside = next(((o, score) for o, score in close if o in placed or root(o) != group), None)
        if outside is None:
            continue
        other, score = outside
        if other in placed:
            best[index] = (score, placed[other])
        else:  # once joined, a group is no longer small: no chains of joins
            theirs = root(other)
            parent[max(group, theirs)] = min(group, theirs)
            sizes[min(group, theirs)] = sizes[group] + sizes[theirs]
    # a group of new articles goes where its members' best placed neighbour is
    group_best: dict[int, tuple[float, str]] = {}
    for new, (score, story) in best.items():
        group = root(new)
        if score > group_best.get(group, (-1.0, ""))[0]:
            group_best[group] = (score, story)
    result: dict[int, str | int] = {}
    for index in range(len(vecs)):
        if index in placed:
            continue
        group = root(index)
        result[index] = group_best[group][1] if group in group_best else group
    return result
