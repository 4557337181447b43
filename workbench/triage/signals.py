"""Triage: what a claim changed against its evidence, as flags with spans and a suggested label.

Suggestions are hints beside the claim, never verdicts. Each signal compares the claim with its
counterparts in the reference article (the original):

- figure: a number, sum of money or percentage the evidence does not have;
- date: a date or time that disagrees with the evidence's, both resolved against their articles'
  publication dates;
- role: a person's role differs from the one the reference gives them (former President / President);
- attribution: the statement is put in someone else's mouth than in its closest evidence;
- hedge: a hedge removed or added against the closest evidence (could / will, reportedly);
- no_support: nothing in the reference says it (perhaps only another version does): no strong link,
  and words of it that the reference never uses (a claim whose every word the reference has, in
  passages it merges or compresses, is not flagged);
- swap: a name where its evidence names another that the claim leaves out, a word where the
  evidence has its opposite, or a negation added or dropped against a close paraphrase;
- editorial: loaded or evaluative wording (the lexicon) that the evidence does not use;
- new_name: a person, place or organisation that neither the evidence nor the rest of the
  reference names.

Everything here is pure: it takes texts and returns plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from workbench.align import Thresholds, get_aligner
from workbench.text.tokens import Token, normal_form, terms, tokenize
from workbench.triage.attribution import RoleMention, attributed, hedges, names, roles, speakers, word_keys
from workbench.triage.date_mentions import date_mentions
from workbench.triage.features import ReferenceWords, measure
from workbench.triage.lexicon import Lexicon, default_lexicon
from workbench.triage.model import Model, default_model
from workbench.triage.quantities import Quantity, quantities
from workbench.vocabulary import FLAG_KINDS, FLAG_ORDER, SUGGESTION_ORDER, Label

# Attribution and hedges are compared with the closest evidence only, and only when it is a close
# paraphrase (the aligner's thresholds say what score that is): a loosely linked passage says
# different things in different words.


@dataclass(frozen=True)
class Evidence:
    passage: str
    text: str
    score: float = 100.0
    published: str | None = None


@dataclass(frozen=True)
class Flag:
    kind: str
    claim_span: tuple[int, int]  # offsets into the claim's text
    evidence_span: tuple[int, int] | None  # offsets into the evidence passage's text
    evidence: str | None  # the evidence passage id the span is in
    detail: str

    def as_json(self) -> dict[str, object]:
        """The flag as `workbench triage --json` and the exports write it."""
        return {
            "kind": self.kind,
            "claim_span": list(self.claim_span),
            "evidence_span": list(self.evidence_span) if self.evidence_span else None,
            "detail": self.detail,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Triage:
    passage: str
    suggested: Label | None
    flags: tuple[Flag, ...] = ()
    score: float = 0.0  # the model's chance, 0-1, that the claim is wrong

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def suspicion(self) -> float:
        """The order of "most suspicious first": flagged claims (each says why) before the rest,
        each group by the model's score. On the dev sets and our gold this orders wrong claims
        before right ones better than either alone (bench/train_triage.py)."""
        return float(self.flagged) + self.score

    def as_json(self) -> dict[str, object]:
        """The shape of `workbench triage --json`: passage, suggested label or null, score, flags."""
        suggested = self.suggested.value if self.suggested else None
        flags = [f.as_json() for f in self.flags]
        return {"passage": self.passage, "suggested": suggested, "score": self.score, "flags": flags}

    def reasons(self) -> str:
        """The flags in one line, for exports and lists."""
        return "; ".join(f"{flag.kind}: {flag.detail}" for flag in self.flags)


@dataclass(frozen=True)
class Claim:
    passage: str
    text: str
    published: str | None = None
    evidence: tuple[Evidence, ...] = ()  # counterparts in the reference, best first
    reference: tuple[Evidence, ...] = ()  # every passage of the reference, for what it says of people
    backed_by: tuple[str, ...] = ()  # other articles that back the claim
    reference_name: str = "the reference"


@dataclass
class _Found:
    flags: list[Flag] = field(default_factory=list)

    def add(self, kind: str, claim_span: tuple[int, int], detail: str, evidence: Evidence | None = None,
            evidence_span: tuple[int, int] | None = None) -> None:  # fmt: skip
        self.flags.append(Flag(kind, claim_span, evidence_span if evidence else None,
                               evidence.passage if evidence else None, detail))  # fmt: skip


def triage(claim: Claim, lexicon: Lexicon | None = None, model: Model | None = None) -> Triage:
    """The flags of one claim against its evidence, the label they suggest, and the model's score.

    The detectors decide what is flagged, and each flag names its words, its evidence and its
    reason. The model (learnt on annotated data, triage/model.py) weighs what they found with the
    claim's other features into the chance that it is wrong, which orders claims by suspicion.
    """
    model = model or default_model()
    flags = detect(claim, lexicon)
    return Triage(claim.passage, suggest(flags), flags, round(model.score(features(claim, flags)), 3))


def detect(claim: Claim, lexicon: Lexicon | None = None) -> tuple[Flag, ...]:
    """Every flag the detectors raise on a claim, in the order of the claim's text."""
    lexicon = lexicon or default_lexicon()
    found = _Found()
    thresholds = _thresholds()
    evidence = sorted(claim.evidence, key=lambda e: -e.score)
    if not thresholds.backs(e.score for e in evidence):  # a word or two in common is no counterpart
        _no_support(claim, found)
    else:
        _figures(claim, evidence, found)
        _dates(claim, evidence, found)
        _attribution(claim, evidence, found)
        _hedges(claim, evidence, found)
        _swaps(claim, evidence, found)
        _new_names(claim, evidence, found)
    _roles(claim, evidence, found)
    _editorial(claim, evidence, lexicon, found)
    return tuple(sorted(found.flags, key=lambda f: (f.claim_span, FLAG_ORDER.index(f.kind))))


def features(claim: Claim, flags: tuple[Flag, ...]) -> tuple[float, ...]:
    """What the model weighs of a claim (features.FEATURES), given the flags detect() raised."""
    evidence = [(e.text, e.score) for e in sorted(claim.evidence, key=lambda e: -e.score)]
    backed = _thresholds().backs(score for _, score in evidence)
    words = _index(claim.reference or claim.evidence).words  # a caller may give the evidence alone
    return measure(claim.text, evidence, backed, words, {f.kind for f in flags})


@lru_cache(maxsize=1)
def _thresholds() -> Thresholds:
    """What the aligner's scores mean (evidence scores are its scores): read from the aligner."""
    return get_aligner().thresholds


def _some(names: tuple[str, ...], shown: int = 3) -> str:
    """A few names, and how many more: a claim many versions repeat should not list them all."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def suggest(flags: tuple[Flag, ...] | list[Flag]) -> Label | None:
    """The label the flags point to: a changed fact first, then opinion, then missing support."""
    suggested = {FLAG_KINDS[flag.kind].suggests for flag in flags}
    return next((label for label in SUGGESTION_ORDER if label in suggested), None)


def _no_support(claim: Claim, found: _Found) -> None:
    """No strong counterpart: flagged when the claim says something the reference never does.

    That is a name or a figure the reference never uses, or a good share of its words: a claim
    that merges or compresses what the reference says in several places uses its words (a few of
    its own, as any paraphrase does), and is not flagged.
    """
    backed = f"; only {_some(claim.backed_by)} say it" if claim.backed_by else ""
    if not claim.reference:
        found.add("no_support", (0, len(claim.text)), f"nothing in {claim.reference_name} says this{backed}")
        return
    content = [t for t in tokenize(claim.text) if t.content]
    missing = missing_words(claim.text, _index(claim.reference).terms)
    specific = [t for t in missing if t.text[:1].isupper() or t.text[:1].isdigit()]
    if not specific and len(missing) < MISSING_SHARE * max(len(content), 1):
        return
    shown = specific or missing
    quoted = ", ".join(f"‘{t.text}’" for t in shown[:3]) + (" …" if len(shown) > 3 else "")
    detail = f"nothing in {claim.reference_name} says this ({quoted} nowhere in it){backed}"
    first, last = (shown[0].start, shown[-1].end) if specific else (0, len(claim.text))
    found.add("no_support", (first, last) if len(shown) == 1 else (0, len(claim.text)), detail)


MISSING_SHARE = 0.3  # of a claim's content words that the reference never uses: more is not a paraphrase


def missing_words(text: str, known: frozenset[str]) -> list[Token]:
    """The content words of `text` whose normal form is not among `known`, in order."""
    seen: set[str] = set()
    found = []
    for token in tokenize(text):
        if token.content and token.norm not in known and token.norm not in seen:
            seen.add(token.norm)
            found.append(token)
    return found


class _ReferenceIndex:
    """What the whole reference says, worked out once for all the claims checked against it:
    its terms, the names it uses, its figures, and the roles it gives each person."""

    def __init__(self, reference: tuple[Evidence, ...]) -> None:
        self.terms = frozenset().union(*(terms(e.text) for e in reference))
        self.names = frozenset().union(*(word_keys(e.text) for e in reference))
        self.quantities = [q for e in reference for q in quantities(e.text)]
        self.words = ReferenceWords([e.text for e in reference], self.names)
        self.roles: dict[str, list[tuple[Evidence, RoleMention]]] = {}
        for e in reference:
            for mention in roles(e.text):
                self.roles.setdefault(mention.person, []).append((e, mention))


_INDEXES: dict[int, tuple[tuple[Evidence, ...], _ReferenceIndex]] = {}


def _index(reference: tuple[Evidence, ...]) -> _ReferenceIndex:
    """The index of `reference`, by identity: every claim of an article shares one reference tuple,
    and hashing a tuple of thousands of passages for each claim would cost what the index saves."""
    held = _INDEXES.get(id(reference))
    if held is not None and held[0] is reference:
        return held[1]
    index = _ReferenceIndex(reference)
    if len(_INDEXES) >= 8:
        _INDEXES.clear()
    _INDEXES[id(reference)] = (reference, index)  # the tuple is kept, so its id is not reused
    return index


def _figures(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    """A figure the evidence gives otherwise, or one the reference has nowhere. Sums and shares are
    compared by their unit; plain counts only when they count the same thing (the word after or
    before them agrees: `ten times` / `eight times`), as a summary's `29-year-old` is no rival to
    the `eight` of its evidence."""
    theirs = [(e, q) for e in evidence for q in quantities(e.text)]
    elsewhere = _index(claim.reference).quantities
    mine = quantities(claim.text)
    for quantity in mine:
        if any(quantity.same_as(q) for _, q in theirs):
            continue
        unmatched = [(e, q) for e, q in theirs if not any(q.same_as(m) for m in mine)]
        context = _counted(claim.text, quantity)
        rival = next(
            (
                (e, q)
                for e, q in unmatched
                if q.unit == quantity.unit and (q.unit or context & _counted(e.text, q))
            ),
            None,
        )
        if rival:
            e, q = rival
            detail = f"‘{quantity.text}’ where the evidence has ‘{q.text}’"
            found.add("figure", (quantity.start, quantity.end), detail, e, (q.start, q.end))
        elif not any(quantity.same_as(q) for q in elsewhere):  # said in another passage: not new
            found.add("figure", (quantity.start, quantity.end), f"‘{quantity.text}’ is not in the reference")


_AROUND = re.compile(r"[^\W\d_][\w’'-]*")


def _counted(text: str, quantity: Quantity) -> frozenset[str]:
    """What a figure counts, as normal forms: the word after it, and the word before it."""
    after = _AROUND.search(text, quantity.end, min(len(text), quantity.end + 30))
    before = [m.group(0) for m in _AROUND.finditer(text, max(0, quantity.start - 30), quantity.start)]
    words = set()
    if after:
        words.add("after:" + normal_form(after.group(0).lower().lstrip("-")))
    if before:
        words.add("before:" + normal_form(before[-1].lower()))
    return frozenset(words)


def _dates(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    theirs = [(e, m) for e in evidence for m in date_mentions(e.text, e.published)]
    if not theirs:
        return
    for mention in date_mentions(claim.text, claim.published):
        verdicts = [mention.agrees_with(m) for _, m in theirs]
        if True in verdicts or False not in verdicts:
            continue  # some evidence date agrees, or none can be compared with it
        e, other = theirs[verdicts.index(False)]
        detail = f"‘{mention.text}’ where the evidence has ‘{other.text}’"
        found.add("date", (mention.start, mention.end), detail, e, (other.start, other.end))


def _roles(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    mentions = roles(claim.text)
    if not mentions:
        return
    given = {e.passage for e in evidence}
    by_person = _index(claim.reference).roles
    for mention in mentions:
        others = [(e, r) for e in evidence for r in roles(e.text) if r.person == mention.person]
        others += [(e, r) for e, r in by_person.get(mention.person, ()) if e.passage not in given]
        if not others or any(_same_role(mention.role, r.role) for _, r in others):
            continue
        e, other = others[0]
        detail = f"‘{mention.text.strip()}’ where {_where(e, evidence)} has ‘{other.text.strip()}’"
        found.add("role", (mention.start, mention.end), detail, e, (other.start, other.end))


_ROLE_MODIFIERS = frozenset({"former", "ex", "act", "deputi", "outgo", "incom", "interim", "then", "late"})


def _same_role(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    if (mine & _ROLE_MODIFIERS) != (theirs & _ROLE_MODIFIERS):
        return False
    return bool((mine - _ROLE_MODIFIERS) & (theirs - _ROLE_MODIFIERS))


def _where(source: Evidence, evidence: list[Evidence]) -> str:
    return "the evidence" if source in evidence else "the reference"


def _attribution(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    closest = evidence[0]
    if closest.score < _thresholds().paraphrase:
        return
    mine, theirs = speakers(claim.text), speakers(closest.text)
    if not mine or not theirs or {s.person for s in mine} & {s.person for s in theirs}:
        return
    said, other = mine[0], theirs[0]
    detail = f"‘{said.text.strip()}’ where the evidence has ‘{other.text.strip()}’"
    found.add("attribution", (said.start, said.end), detail, closest, (other.start, other.end))


def _hedges(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    closest = evidence[0]
    if closest.score < _thresholds().close_paraphrase:
        return
    mine, theirs = hedges(claim.text), hedges(closest.text)
    if bool(mine) == bool(theirs):
        return
    # A statement reported as someone's ("Bessent suggested that a deal could …") is not asserted
    # as fact by the claim or the evidence; only the writer's own voice can drop or add a hedge.
    if attributed(claim.text if theirs else closest.text):
        return
    if theirs:
        hedge = theirs[0]
        detail = f"the evidence hedges (‘{hedge.text}’), the claim states it as fact"
        found.add("hedge", (0, len(claim.text)), detail, closest, (hedge.start, hedge.end))
    else:
        hedge = mine[0]
        found.add("hedge", (hedge.start, hedge.end), f"‘{hedge.text}’ hedges what the evidence states")


# A negation or a name is compared only with a near copy: paraphrases turn "has not ruled out"
# into "may", and merge sentences that name different people.
NEAR_COPY = 60.0
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|without)\b|n[’']t\b", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _opposites() -> dict[str, frozenset[str]]:
    """Normal form -> the normal forms of its opposites, from opposites.txt."""
    table: dict[str, set[str]] = {}
    text = resources.files("workbench.triage").joinpath("opposites.txt").read_text("utf-8")
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) == 2:
            a, b = (normal_form(w) for w in words)
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)
    return {word: frozenset(others) for word, others in table.items()}


def _swaps(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    """Against the closest evidence, when it is a paraphrase: a word turned into its opposite, a
    negation added or dropped, or a name put where the evidence has another."""
    closest = evidence[0]
    if closest.score < _thresholds().paraphrase:
        return
    mine = tokenize(claim.text)
    theirs = tokenize(closest.text)
    my_norms, their_norms = {t.norm for t in mine}, {t.norm for t in theirs}
    opposites = _opposites()
    for token in mine:
        if token.norm in their_norms:
            continue
        rival = next(
            (t for t in theirs if t.norm in opposites.get(token.norm, ()) and t.norm not in my_norms), None
        )
        if rival:
            detail = f"‘{token.text}’ where the evidence has ‘{rival.text}’"
            found.add("swap", (token.start, token.end), detail, closest, (rival.start, rival.end))
    if closest.score >= NEAR_COPY:
        negated, theirs_negated = _NEGATION.search(claim.text), _NEGATION.search(closest.text)
        if negated and not theirs_negated:
            found.add(
                "swap", negated.span(), f"‘{negated.group(0)}’: the evidence says it without a negation"
            )
        elif theirs_negated and not negated:
            detail = f"the evidence negates it (‘{theirs_negated.group(0)}’), the claim does not"
            found.add("swap", (0, len(claim.text)), detail, closest, theirs_negated.span())
        _swapped_names(claim, closest, found)


def _swapped_names(claim: Claim, closest: Evidence, found: _Found) -> None:
    """A name the reference has, where the close paraphrase names someone else the claim leaves out."""
    known = _index(claim.reference).names
    their_keys, my_keys = word_keys(closest.text), word_keys(claim.text)
    theirs = [n for n in names(closest.text) if not n.keys & my_keys]
    mine = [n for n in names(claim.text) if not n.keys & their_keys]
    if len(mine) != 1 or len(theirs) != 1:
        return  # one name in place of one other, or it is not a swap
    for name in mine:
        if not name.keys & known:
            continue  # new to the story: new_name says so
        other = theirs[0]
        detail = f"‘{name.text}’ where the evidence has ‘{other.text}’"
        found.add("swap", (name.start, name.end), detail, closest, (other.start, other.end))


def _new_names(claim: Claim, evidence: list[Evidence], found: _Found) -> None:
    """Names that neither the evidence nor the rest of the reference has: new to the story."""
    words = claim.text.split()
    if sum(1 for w in words if w[:1].isupper()) > 0.6 * len(words):
        return  # a headline in Title Case: every word looks like a name
    known = _index(claim.reference).names.union(*(word_keys(e.text) for e in evidence))
    for name in names(claim.text):
        if not name.keys & known:
            found.add("new_name", (name.start, name.end), f"‘{name.text}’ is not named in the evidence")


_QUOTED = re.compile(r"“[^”]{1,300}”|‘[^’]{1,300}’(?!\w)|\"[^\"]{1,300}\"|(?<!\w)'[^']{1,300}'(?!\w)")


def _editorial(claim: Claim, evidence: list[Evidence], lexicon: Lexicon, found: _Found) -> None:
    used = {hit.entry for e in evidence for hit in lexicon.hits(e.text)}
    quoted = [m.span() for m in _QUOTED.finditer(claim.text)]
    for hit in lexicon.hits(claim.text):
        if any(start <= hit.start and hit.end <= end for start, end in quoted):
            continue  # a quotation's words are its speaker's, not the writer's
        if hit.entry not in used:
            found.add("editorial", (hit.start, hit.end), f"‘{claim.text[hit.start : hit.end]}’")
