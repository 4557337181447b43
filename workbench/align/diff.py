"""Word-level differences within an aligned pair: which words a claim keeps, changes or adds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.models import ADDED, CHANGED, DROPPED, SAME
from workbench.text.tokens import Token, tokenize


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


def word_diffs(jobs: Sequence[tuple[str, str, Sequence[str]]]) -> dict[str, WordDiff | None]:
    """word_diff of each (key, claim, evidence) job; None where a claim has no evidence."""
    return {key: word_diff(claim, evidence) if evidence else None for key, claim, evidence in jobs}
