"""What triage measures of a claim against the reference, as numbers a small model weighs.

Each feature is a plain number from 0 to about 1, named in FEATURES; the model (triage/model.py)
holds one weight per name, learnt in bench/train_triage.py on public annotated data. The flags the
detectors raised are features too, so the model learns how far each one is to be trusted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from workbench.text.tokens import Token, terms, tokenize
from workbench.triage.attribution import names, word_keys
from workbench.vocabulary import FLAG_KINDS

PREFIX = 5  # a word shares its first letters with another form of it: discovered, discovery
CLOSEST = 3  # the evidence passages a claim is compared with word by word

FEATURES: tuple[str, ...] = (
    "best",  # the closest evidence's score, 0-1
    "backed",  # 1 when a strong link backs the claim
    "links",  # how many evidence passages, up to CLOSEST, over CLOSEST
    "missing",  # share of the claim's content words the reference never uses
    "missing_local",  # share of them its closest evidence does not use
    "specific",  # names and figures the reference never uses (up to 3, over 3)
    "names_elsewhere",  # names the reference has, but not in the closest evidence (up to 3, over 3)
    "apart",  # share of the claim's word pairs the reference uses, never in one passage
    "new_pairs",  # share of the claim's neighbouring word pairs the reference never has
    "length",  # the claim's content words, log scale
    "novel",  # words the reference has in no form (not even one of the same first letters), up to 3, over 3
    "sandwiched",  # new words between two word pairs the reference has (up to 2, over 2)
    "island",  # words the reference has, put between its word pairs as it never puts them (up to 2, over 2)
    "substituted",  # words put in place of others between words its closest evidence shares (up to 2, over 2)
    "substituted_known",  # of them, ones the reference uses elsewhere (a fact moved, up to 2, over 2)
    *(f"flag_{kind}" for kind in FLAG_KINDS),
)


class ReferenceWords:
    """The reference's words worked out once for all the claims checked against it: which
    passages use each term, the pairs of neighbouring terms and words it has, and its names
    (given: the caller has them already)."""

    def __init__(self, texts: Sequence[str], names: frozenset[str]) -> None:
        self.postings: dict[str, set[int]] = {}
        self.pairs: set[tuple[str, str]] = set()
        self.bigrams: set[tuple[str, str]] = set()  # of every word, function words too
        for k, text in enumerate(texts):
            norms = [token.norm for token in tokenize(text)]
            self.bigrams.update(zip(norms, norms[1:], strict=False))
            found = list(terms(text))
            for term in found:
                self.postings.setdefault(term, set()).add(k)
            self.pairs.update(zip(found, found[1:], strict=False))
        self.prefixes = frozenset(term[:PREFIX] for term in self.postings)
        self.names = names  # word keys of every word, as triage's reference index has them


def measure(
    text: str,
    evidence: Sequence[tuple[str, float]],
    backed: bool,
    reference: ReferenceWords,
    flag_kinds: set[str],
) -> tuple[float, ...]:
    """The features of a claim `text` given its evidence (text, score) best first, whether a
    strong link backs it, and the kinds of flag the detectors raised, in FEATURES order."""
    mine = list(terms(text))
    count = max(len(mine), 1)
    closest = evidence[:CLOSEST]
    local: set[str] = set().union(*(terms(t) for t, _ in closest)) if closest else set()
    known = reference.postings
    missing = [t for t in mine if t not in known]
    specific = [t for t in missing if _specific(terms(text)[t], text)]
    local_keys = frozenset().union(*(word_keys(t) for t, _ in closest)) if closest else frozenset()
    elsewhere = [n for n in names(text) if n.keys & reference.names and not n.keys & local_keys]
    present = [t for t in mine if t in known]
    pairs = [(a, b) for i, a in enumerate(present) for b in present[i + 1 :]]
    apart = sum(1 for a, b in pairs if not known[a] & known[b])
    neighbours = list(zip(mine, mine[1:], strict=False))
    new_pairs = sum(1 for pair in neighbours if pair not in reference.pairs)
    best = max((score for _, score in evidence), default=0.0)
    tokens = tokenize(text)
    islands = _islands(tokens, reference)
    swapped = [token for token, _, _ in substitutions(tokens, [t for t, _ in closest])]
    values = {
        "best": best / 100,
        "backed": float(backed),
        "links": min(len(evidence), CLOSEST) / CLOSEST,
        "missing": len(missing) / count,
        "missing_local": sum(1 for t in mine if t not in local) / count,
        "specific": min(len(specific), 3) / 3,
        "names_elsewhere": min(len(elsewhere), 3) / 3,
        "apart": apart / len(pairs) if pairs else 0.0,
        "new_pairs": new_pairs / len(neighbours) if neighbours else 0.0,
        "length": math.log1p(len(mine)) / 4,
        "novel": min(sum(1 for t in missing if t[:PREFIX] not in reference.prefixes), 3) / 3,
        "sandwiched": min(len(islands[0]), 2) / 2,
        "island": min(len(islands[1]), 2) / 2,
        "substituted": min(len(swapped), 2) / 2,
        "substituted_known": min(sum(1 for t in swapped if t.norm in known), 2) / 2,
        **{f"flag_{kind}": float(kind in flag_kinds) for kind in FLAG_KINDS},
    }
    return tuple(values[name] for name in FEATURES)


def _islands(tokens: list[Token], reference: ReferenceWords) -> tuple[list[Token], list[Token]]:
    """Content words set in copied text: the word pairs before and after them are the reference's,
    the pairs they make are not (`estimated at less than $105` where the reference has `estimated
    at more than $105`). Those the reference never uses, and those it does."""
    norms = [token.norm for token in tokens]
    pairs = reference.bigrams
    new: list[Token] = []
    moved: list[Token] = []
    for i in range(2, len(tokens) - 2):
        token = tokens[i]
        if not token.content or (norms[i - 2], norms[i - 1]) not in pairs:
            continue
        if (norms[i + 1], norms[i + 2]) not in pairs:
            continue
        if (norms[i - 1], norms[i]) in pairs or (norms[i], norms[i + 1]) in pairs:
            continue
        (moved if token.norm in reference.postings else new).append(token)
    return new, moved


@lru_cache(maxsize=50_000)
def _capitalised(text: str) -> frozenset[str]:
    return frozenset(w for w in text.split() if w[:1].isupper() or w[:1].isdigit())


def _specific(word: str, text: str) -> bool:
    """A figure, or a word the text writes with a capital (a name)."""
    if word[:1].isdigit():
        return True
    return any(w.lower().strip(".,;:!?\"'’”“()") == word for w in _capitalised(text))


def substitutions(mine: list[Token], evidence: Sequence[str]) -> list[tuple[Token, Token, int]]:
    """Content words of a claim (its tokens, `mine`) put in the place of other words of the
    evidence passage it shares the most words with, between words both share (`less than $105
    million` / `more than $105 million`), each with the first evidence word it replaced and that
    passage's place in `evidence`: what a one-word edit looks like."""
    from rapidfuzz.distance import Indel  # its opcodes hold no 'replace': a change is a delete and an insert

    best: list[tuple[Token, Token, int]] = []
    most = -1
    for place, other in enumerate(evidence):
        theirs = tokenize(other)
        a, b = [t.norm for t in mine], [t.norm for t in theirs]
        blocks = Indel.opcodes(a, b)
        shared = sum(op.src_end - op.src_start for op in blocks if op.tag == "equal")
        if shared <= most:
            continue
        most, found = shared, []
        their_norms = set(b)
        equal = [op for op in blocks if op.tag == "equal"]
        for before, after in zip(equal, equal[1:], strict=False):  # what lies between two shared runs
            put = mine[before.src_end : after.src_start]
            taken = theirs[before.dest_end : after.dest_start]
            if not 0 < len(put) <= 3 or not 0 < len(taken) <= 3:
                continue
            found += [(t, taken[0], place) for t in put if t.content and t.norm not in their_norms]
        best = found
    return best
