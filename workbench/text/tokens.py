"""Words of a passage with their offsets, and the normal form the aligner compares (spelling, stems)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Words, numbers (with thousands separators and decimals) and the percent sign, as separate tokens.
# Hyphens and slashes split words, so "think-tanks" and "think tanks" compare alike.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|%")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each either else even ever every few for from further had
    hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
    himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself
    just let's may me might more most must mustn't my myself neither no nor not now of off on
    once only or other ought our ours ourselves out over own per quite rather same shall shan't
    she she'd she'll she's should shouldn't so some such than that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've this those though
    through thus to too under until up upon us very via was wasn't we we'd we'll we're we've
    were weren't what what's when when's where where's whether which while who who's whom whose
    why why's will with within without won't would wouldn't yet you you'd you'll you're you've
    your yours yourself yourselves also additionally furthermore moreover meanwhile therefore
    """.split()
)

# British spellings mapped to American ones, so defence and defense compare alike.
_SPELLINGS = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "centre": "center", "centres": "centers",
    "centred": "centered", "theatre": "theater", "metre": "meter", "metres": "meters",
    "litre": "liter", "litres": "liters", "fibre": "fiber", "calibre": "caliber",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "sceptical": "skeptical",
    "sceptic": "skeptic", "grey": "gray", "tyre": "tire", "tyres": "tires",
    "aluminium": "aluminum", "judgement": "judgment", "ageing": "aging", "catalogue": "catalog",
    "analogue": "analog", "cheque": "check", "cheques": "checks", "plough": "plow",
    "whilst": "while", "amongst": "among", "towards": "toward", "afterwards": "afterward",
    "learnt": "learned", "spelt": "spelled", "burnt": "burned", "dreamt": "dreamed",
    "travelled": "traveled", "travelling": "traveling", "traveller": "traveler",
    "cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled",
    "labelling": "labeling", "modelling": "modeling", "modelled": "modeled",
    "fuelled": "fueled", "fuelling": "fueling", "levelled": "leveled", "signalled": "signaled",
    "jewellery": "jewelry", "enrol": "enroll", "fulfil": "fulfill", "instil": "instill",
    "pyjamas": "pajamas", "draught": "draft", "kerb": "curb", "storey": "story",
    "trn": "trillion", "tn": "trillion", "bn": "billion", "mn": "million", "m": "million",
    "percent": "%", "pc": "%",
}  # fmt: skip
_OUR_STEMS = (
    "armour", "behaviour", "candour", "clamour", "colour", "endeavour", "favour", "flavour",
    "harbour", "honour", "humour", "labour", "neighbour", "odour", "parlour", "rigour", "rumour",
    "saviour", "savour", "splendour", "valour", "vapour", "vigour",
)  # fmt: skip
_ISE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|er|ers|ation|ations|ational)$")
_ISE_WORDS = {
    "advertise", "advise", "apprise", "arise", "chastise", "circumcise", "comprise", "compromise",
    "concise", "cruise", "demise", "despise", "devise", "disguise", "enterprise", "excise",
    "exercise", "expertise", "franchise", "improvise", "incise", "likewise", "merchandise",
    "noise", "otherwise", "paradise", "poise", "praise", "precise", "premise", "promise",
    "raise", "revise", "rise", "supervise", "surmise", "surprise", "televise", "treatise",
    "wise", "clockwise", "bruise", "chemise", "reprise", "sunrise", "upraise", "appraise",
}  # fmt: skip
_YSE = re.compile(r"^(\w+)ys(e|es|ed|ing)$")
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
    "million": "million", "billion": "billion", "trillion": "trillion",
}  # fmt: skip

# Country names written as capitals or dotted acronyms ("US", "U.S.") would otherwise read as "us".
_ACRONYMS = {"US": "usa", "USA": "usa", "UK": "uk", "UN": "un", "EU": "eu"}
# Two-word names that stand for one of the acronyms above, and "per cent".
_PHRASES = {
    ("unit", "state"): "usa",
    ("unit", "kingdom"): "uk",
    ("unit", "nation"): "un",
    ("european", "union"): "eu",
    ("per", "cent"): "%",
}

_STEMMER = None  # the Snowball English stemmer (PyStemmer, in C), made on first use
_SKELETON_LENGTH = 6
_SKELETON_REPEATS = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Token:
    start: int  # offsets into the passage text
    end: int
    text: str
    norm: str  # spelling-normalised, stemmed, lower-case form
    content: bool  # False for function words


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """Every word and number of `text`, with offsets and normal forms; "United States" is one token.

    Cached per text, a tuple of frozen tokens: triage reads a claim, and a reference passage, several
    times over (for each signal, and for each claim it is evidence of)."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        norm = _ACRONYMS.get(word.replace(".", "")) or normal_form(word)
        if tokens and (tokens[-1].norm, norm) in _PHRASES:
            previous = tokens.pop()
            norm = _PHRASES[(previous.norm, norm)]
            tokens.append(Token(previous.start, match.end(), text[previous.start : match.end()], norm, True))
            continue
        tokens.append(Token(match.start(), match.end(), word, norm, norm not in STOPWORDS))
    return tuple(tokens)


@lru_cache(maxsize=100_000)
def terms(text: str) -> dict[str, str]:
    """Content terms of `text`: normal form -> the lower-case word it first came from, in order.

    The same normal forms as tokenize() gives, without building tokens: the aligner calls this for
    every passage of every article pair. Cached per text; callers must not change the result.
    """
    found: dict[str, str] = {}
    previous = previous_word = ""
    previous_added = False  # whether the previous word put its term into `found`
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        norm = _ACRONYMS.get(word.replace(".", "")) or normal_form(word)
        phrase = _PHRASES.get((previous, norm))
        if phrase:  # "United States": the two words are one term
            if previous_added:
                del found[previous]
            previous_added = phrase not in found
            found.setdefault(phrase, f"{previous_word} {word}".lower())
            previous, previous_word = phrase, word
            continue
        previous_added = norm not in STOPWORDS and norm not in found
        if previous_added:
            found[norm] = word.lower()
        previous, previous_word = norm, word
    return found


@lru_cache(maxsize=200_000)
def normal_form(word: str) -> str:
    """Lower-case, American spelling, possessive dropped, number words as digits, stemmed.

    Long words are also reduced to a skeleton (doubled letters once, y as i), so the common
    transliterations of a name meet: Zelenskyy, Zelensky and Zelenskiy; Kyrovohrad and Kirovohrad.
    """
    word = word.translate(_APOSTROPHES).lower()
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    if word[:1].isdigit():
        return word.replace(",", "")
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    word = american_spelling(word)
    if word in STOPWORDS or word == "%":
        return word
    stem = _stemmer().stemWord(word)
    if len(stem) >= _SKELETON_LENGTH and stem.isalpha():
        return _SKELETON_REPEATS.sub(r"\1", stem.replace("y", "i"))
    return stem


def _stemmer():  # type: ignore[no-untyped-def]
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("english")
    return _STEMMER


def american_spelling(word: str) -> str:
    """The American spelling of a lower-case British word; other words unchanged."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    for stem in _OUR_STEMS:
        if word.startswith(stem):
            return stem[:-2] + "r" + word[len(stem) :]
    match = _ISE.match(word)
    if match and (match.group(1) + "ise") not in _ISE_WORDS and not match.group(1).endswith("w"):
        return f"{match.group(1)}iz{match.group(2)}"
    match = _YSE.match(word)
    if match and match.group(1) in {"anal", "paral", "catal", "dial"}:
        return f"{match.group(1)}yz{match.group(2)}"
    return word
