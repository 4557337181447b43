"""Bytes to safe text: decoding, and stripping what a terminal would obey (escapes, control characters)."""

from __future__ import annotations

import codecs
import re
import unicodedata


class UnreadableText(ValueError):
    """The bytes are not text we can read; the message says why in a few words."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode UTF-8 (or UTF-16/32 with a byte-order mark, or what detect_encoding finds)."""
    return decode_text(data)[0]


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text of `data`, and the encoding it was read as when that was not UTF-8 (else None).

    UTF-8, or UTF-16/32 with a byte-order mark; other bytes (Windows-1252 and Latin-1 are common
    in scraped and legacy text) are decoded with the encoding charset-normalizer finds, when it
    finds one that reads as text. Binary and undecodable bytes are refused."""
    if not data.strip():
        raise UnreadableText("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as error:
                raise UnreadableText(f"not valid {encoding.upper()} text") from error
    if b"\x00" in data[:65536]:
        raise UnreadableText("binary file (it contains NUL bytes)")
    used = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        found = detect_encoding(data)
        if found is None:
            raise UnreadableText(
                f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}), "
                "and no other encoding reads it as text"
            ) from error
        text, used = found
    if _control_share(text) > 0.10:
        raise UnreadableText("binary file (mostly control characters)")
    return text, used


def detect_encoding(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) for bytes that are not UTF-8, or None when nothing reads them as text.

    Windows-1252 first, when it reads as Western text (a few accented letters among plain ones):
    it is the usual legacy encoding of scraped news, and charset-normalizer, measured on short
    French and English snippets, ranks Windows-1250 or even Urdu code pages level with it. Else
    charset-normalizer's best guess (Cyrillic, Greek, CJK ...), if its chaos is low.
    """
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _reads_as_western(western):
        return western, "Windows-1252"
    from charset_normalizer import from_bytes  # loaded only for files that are not UTF-8

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    return str(best), best.encoding


def _reads_as_western(text: str) -> bool:
    if _UNUSUAL.search(text):  # a character Windows-1252 text would not hold: not Western
        return False
    letters = sum(map(str.isalpha, text))
    accented = sum(map(str.isalpha, _NON_ASCII.findall(text)))
    return bool(letters) and accented / letters < 0.3


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_UNUSUAL = re.compile("[^\x00-\x7f\u00a0-\u00ff\u2010-\u20ac]")


def _control_share(text: str) -> float:
    """The share of control characters, not counting terminal escape sequences (stripped later)."""
    sample = _ESCAPES.sub("", text[:65536])
    controls = len(_CONTROLS.findall(sample))
    return controls / max(1, len(sample))


# Unicode's category Cc (C0 and C1 controls, DEL) but for line breaks and tabs.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Escape sequences are removed whole, so that no "[31m" residue is left in the text.
_ESCAPES = re.compile(
    r"""
    \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC: window titles, hyperlinks, clipboard writes
    | \x1b[P^_X][^\x1b]*(?:\x1b\\)?      # DCS, PM, APC, SOS strings
    | \x1b\[[0-?]*[ -/]*[@-~]            # CSI: colours, cursor moves, clear screen
    | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    | \x1b[ -/]*[0-~]                    # other two-byte escapes
    """,
    re.VERBOSE,
)
# C0 and C1 controls except newline and tab, DEL, bidirectional overrides and invisible marks.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")  # lone halves (from JSON escapes): not text, not storable
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING_SPACE = re.compile(r"[ ]+$", re.MULTILINE)


def clean(text: str) -> str:
    """Normalise newlines and spaces, strip escape sequences and control characters, compose to NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    text = _ESCAPES.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = _ODD_SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    return _TRAILING_SPACE.sub("", text)


def single_line(text: str, limit: int = 200) -> str:
    """Clean text for a one-line message or label: no newlines, at most `limit` characters."""
    line = " ".join(clean(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# What a terminal obeys or that reorders what it shows: C0 controls but tab and newline, DEL, C1
# controls (0x9b is an 8-bit CSI), and the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛ for ESC, ␇ for BEL, one cell wide
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def _one_cell(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else ("␡" if code == 0x7F else "\ufffd")


def visible(text: str, *, one_line: bool = False, keep_offsets: bool = False) -> str:
    """Text from data made safe to show on a terminal: every control character and bidi override
    drawn as a visible mark (ESC as ␛, U+202E as <U+202E>), so nothing in it is obeyed or hidden.

    Every string that reaches a terminal from stored data (notes, names, file names, titles, paths,
    error messages) goes through here, in the command line, the app and the text exports.
    `keep_offsets` marks each character with one character (C1 and bidi marks as U+FFFD), for
    text that spans point into.
    """
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_one_cell if keep_offsets else _picture, text)


def json_safe(encoded: str) -> str:
    """JSON text with the characters `visible` marks written as \\u escapes: the same data, lossless,
    but nothing a terminal obeys when the file is printed (json.dumps leaves C1 and bidi raw)."""
    if _UNSAFE.search(encoded) is None:
        return encoded
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)


def clean_note(note: str) -> str:
    """A reviewer's note as stored: cleaned like article text (escapes and controls removed), lines kept."""
    return clean(note).strip()
