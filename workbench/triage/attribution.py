"""Who is named, in what role, saying what, and how surely: names, roles, speakers and hedges.

All found by pattern over the sentence, with spans, for triage to compare a claim with its evidence.
People are keyed by the normal form of their last name, so `Ukrainian President Volodymyr
Zelenskyy` and `Zelensky` are one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workbench.text.tokens import STOPWORDS, normal_form

# Titles and offices, in government, law, the forces, business, faith and royalty (English). The
# words of _ROLE_QUALIFIERS say of what (state, foreign ...), and are not a role on their own.
_ROLE_WORDS = (
    "president", "vice", "prime", "minister", "secretary", "chancellor", "senator", "governor",
    "general", "ambassador", "spokesman", "spokeswoman", "spokesperson", "chief", "leader", "king",
    "queen", "mayor", "director", "chairman", "chairwoman", "chair", "commander", "envoy", "premier",
    "speaker", "congressman", "congresswoman", "judge", "pope", "attorney", "deputy",
    "representative", "assemblyman", "assemblywoman", "assemblymember", "councillor", "councilor",
    "councilman", "councilwoman", "alderman", "lawmaker", "legislator", "delegate", "mp", "mep",
    "justice", "magistrate", "prosecutor", "sheriff", "commissioner", "superintendent", "inspector",
    "constable", "detective", "marshal", "admiral", "colonel", "lieutenant", "captain", "major",
    "sergeant", "brigadier", "consul", "undersecretary", "treasurer", "comptroller", "auditor",
    "ceo", "cfo", "coo", "founder", "chairperson", "executive", "president-elect", "dean", "provost",
    "rector", "principal", "professor", "bishop", "archbishop", "cardinal", "imam", "rabbi",
    "reverend", "pastor", "prince", "princess", "duke", "duchess", "emperor", "empress", "sultan",
    "emir", "sheikh", "coach", "manager", "editor", "whip",
)  # fmt: skip
_ROLE_QUALIFIERS = (
    "foreign", "defence", "defense", "treasury", "home", "state", "health", "finance", "interior",
    "city", "county", "district", "federal", "national", "regional", "provincial", "supreme",
    "high", "crown", "police", "army", "navy", "air", "force", "fire", "first", "assistant",
    "associate", "senior", "junior", "managing", "labour", "labor",
    "education", "justice", "trade", "energy", "transport", "culture", "economy", "environment",
)  # fmt: skip
_ROLE_CORE = frozenset(_ROLE_WORDS) - set(_ROLE_QUALIFIERS)
_ROLE_WORDS = tuple(dict.fromkeys(_ROLE_WORDS + _ROLE_QUALIFIERS))
_MODIFIERS = ("former", "ex", "acting", "deputy", "outgoing", "incoming", "interim", "then", "late")
_NAME_WORD = r"(?:[A-Z][\w’'.-]*[\w]|[A-Z])"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*"
_ROLE = (
    rf"(?P<modifier>(?:{'|'.join(_MODIFIERS)})[\s-]+)?"
    rf"(?:(?-i:[A-Z][\w’'.]*)\s+){{0,2}}"  # a nationality or owner: Ukrainian, United States', Trump's
    rf"(?P<role>(?:(?:{'|'.join(_ROLE_WORDS)})\s+){{0,2}}(?:{'|'.join(_ROLE_WORDS)}))"
)
_CASED_NAME = rf"(?-i:{_NAME})"  # names stay capitalised inside patterns that ignore case
_ROLE_BEFORE_NAME = re.compile(rf"\b{_ROLE}\s+(?P<name>{_CASED_NAME})", re.IGNORECASE)
_NAME_THEN_ROLE = re.compile(rf"(?P<name>{_CASED_NAME}),\s+(?:the\s+|a\s+)?{_ROLE}\b", re.IGNORECASE)
_SPEECH_VERBS = (
    "said", "says", "told", "tells", "proposed", "proposes", "suggested", "suggests", "floated",
    "announced", "claimed", "claims", "stated", "argued", "warned", "insisted", "revealed", "noted",
    "vowed", "declared", "urged", "promised", "admitted", "confirmed", "denied", "expressed",
)  # fmt: skip
_VERB = "|".join(_SPEECH_VERBS)
_BETWEEN = r"(?:(?:has|have|had|also|then|later|earlier|reportedly|originally)\s+){0,2}"
_SPEAKER_BEFORE = re.compile(rf"(?P<name>{_NAME})(?:,[^,]{{1,80}},)?\s+{_BETWEEN}(?P<verb>{_VERB})\b")
_SPEAKER_AFTER = re.compile(
    rf"\b(?P<verb>{_VERB}|according\s+to)\s+(?:by\s+)?(?:{_ROLE}\s+)?(?P<name>{_NAME})"
)
_HEDGES = re.compile(
    r"\b(?:could|may|might|reportedly|allegedly|possibly|potentially|perhaps|likely|unlikely|appears?"
    r"|appeared|seems?|seemed|believed?|believes|rumou?red|expected\s+to|not\s+ruled\s+out"
    r"|is\s+said\s+to|are\s+said\s+to|understood\s+to|thought\s+to)\b",
    re.IGNORECASE,
)
# Capitalised words that start sentences or name no one.
_NOT_NAMES = (
    frozenset(
        """additionally meanwhile however although though while as with this these those that there
    their they then thus also still yet since despite amid after before during when where what
    which who how why if but and or so the a an in on at of for from by to it its his her our we
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr sir file photo""".split()
    )
    | STOPWORDS
)
# Names of one place or people written differently: each group is one key.
_ALIASES = [
    {"us", "u.s.", "united states", "america", "american", "americans", "washington", "usa"},
    {"uk", "u.k.", "britain", "british", "united kingdom", "great britain", "london"},
    {"france", "french", "paris"},
    {"russia", "russian", "russians", "moscow", "kremlin"},
    {"ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"},
    {"germany", "german", "berlin"},
    {"china", "chinese", "beijing"},
    {"europe", "european", "europeans", "eu"},
    {"israel", "israeli"},
]
_ALIAS_KEY = {name: min(group) for group in _ALIASES for name in group}
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NameMention(Span):
    keys: frozenset[str]  # normal forms of its words, with aliases resolved


@dataclass(frozen=True)
class RoleMention(Span):
    person: str  # key of the person's last name
    role: frozenset[str]  # role words, normal forms, with any modifier (former, acting)


@dataclass(frozen=True)
class SpeakerMention(Span):
    person: str


def name_key(word: str) -> str:
    lowered = word.lower().rstrip(".").replace("’s", "").replace("'s", "")
    if lowered in _ALIAS_KEY:
        return _ALIAS_KEY[lowered]
    form = normal_form(lowered)
    return _ALIAS_KEY.get(form, form)


def person_key(name: str) -> str:
    words = [w for w in re.split(r"\s+", name.strip()) if w.lower().rstrip(".") not in _HONORIFICS]
    return name_key(words[-1]) if words else ""


@lru_cache(maxsize=4096)
def names(text: str) -> tuple[NameMention, ...]:
    """Capitalised word runs that name someone or something; a lone first word of the sentence is skipped.
    Cached per text, as tokenize()."""
    found = []
    for match in re.finditer(_NAME, text):
        words = match.group(0).split()
        start = match.start()
        while words and words[0].lower().rstrip(".’'s") in _NOT_NAMES | _ROLE_CORE | set(_MODIFIERS):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else match.end()
            words = words[1:]
        words = [w for w in words if w.lower().rstrip(".") not in _NOT_NAMES]
        if not words:
            continue
        at_sentence_start = not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?:;‘'\"“"
        if at_sentence_start and len(words) == 1:
            continue
        end = start + len(" ".join(words)) if text[start:].startswith(" ".join(words)) else match.end()
        keys = frozenset(name_key(w) for w in words) | _phrase_keys(" ".join(words))
        found.append(NameMention(start, end, text[start:end], keys))
    return tuple(found)


def _phrase_keys(phrase: str) -> frozenset[str]:
    lowered = phrase.lower()
    return frozenset({_ALIAS_KEY[lowered]}) if lowered in _ALIAS_KEY else frozenset()


@lru_cache(maxsize=20_000)
def word_keys(text: str) -> frozenset[str]:
    """Keys of every word of a text, as names are keyed: for telling whether a name appears in it."""
    keys = {name_key(w) for w in re.findall(r"[\w’'.-]+", text)}
    lowered = text.lower()
    keys |= {key for alias, key in _ALIAS_KEY.items() if " " in alias and alias in lowered}
    return frozenset(keys)


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _role_letters() -> frozenset[str]:
    """The runs of letters of every role word that can make a role (its normal form is a core
    role's), case-folded: a text with none of them names nobody with a role."""
    core = {normal_form(w) for w in _ROLE_CORE}
    words = [w for w in _ROLE_WORDS if normal_form(w) in core]
    return frozenset(run for w in words for run in _LETTERS.findall(w.casefold()))


@lru_cache(maxsize=20_000)
def roles(text: str) -> tuple[RoleMention, ...]:
    """People named with a role: `former President Donald Trump`, `Pete Hegseth, the defence secretary`."""
    if _role_letters().isdisjoint(_LETTERS.findall(text.casefold())):
        return ()  # the patterns below are long alternations, tried at every word: most text has no role
    found = []
    for pattern in (_ROLE_BEFORE_NAME, _NAME_THEN_ROLE):
        for match in pattern.finditer(text):
            name = match.group("name")
            person = person_key(name)
            if not person or name.split()[0].lower() in _NOT_NAMES:
                continue
            role_words = {normal_form(w) for w in match.group("role").lower().split()}
            if not role_words & {normal_form(w) for w in _ROLE_CORE}:
                continue
            modifier = (match.group("modifier") or "").strip(" -").lower()
            if modifier:
                role_words.add(normal_form(modifier))
            span = (match.start(), match.end(), match.group(0))
            found.append(RoleMention(*span, person, frozenset(role_words)))
    return tuple(found)


def speakers(text: str) -> list[SpeakerMention]:
    """People a statement or proposal is attributed to: `Trump has suggested`, `floated by Zelenskyy`."""
    found = []
    for pattern in (_SPEAKER_BEFORE, _SPEAKER_AFTER):
        for match in pattern.finditer(text):
            name = match.group("name")
            words = [w for w in name.split() if w.lower().rstrip(".") not in _NOT_NAMES]
            if not words or words[-1].lower() in _ROLE_CORE:
                continue
            span = (match.start(), match.end(), match.group(0))
            found.append(SpeakerMention(*span, person_key(" ".join(words))))
    return found


_ATTRIBUTED = re.compile(
    rf"\b(?:{_VERB}|suggesting|discussed|according\s+to|sources?\s+(?:say|said|believe))\b", re.IGNORECASE
)


def attributed(text: str) -> bool:
    """Whether the sentence reports what someone said rather than stating it in its own voice."""
    return _ATTRIBUTED.search(text) is not None


def hedges(text: str) -> list[Span]:
    """Words that make a statement less than certain: could, may, reportedly, believed."""
    return [Span(m.start(), m.end(), m.group(0)) for m in _HEDGES.finditer(text)]
