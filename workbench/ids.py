"""Stable identifiers: an article's from where it came from, a passage's from its article and its text."""

from __future__ import annotations


def _digest(*parts: str) -> str:
    import hashlib  # here: loading OpenSSL costs commands that never hash a few ms

    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def article_id(source_key: str) -> str:
    """Twelve hex digits that name an article for as long as its file (or record) keeps its place."""
    return _digest("article", source_key)[:12]


def passage_id(article: str, text: str, occurrence: int) -> str:
    """Sixteen hex digits from the article, the passage text and which repeat of that text it is.

    Importing the same text again gives the same ids; editing one sentence changes only its id.
    """
    return _digest("passage", article, text, str(occurrence))[:16]


def content_hash(*parts: str) -> str:
    return _digest(*parts)
