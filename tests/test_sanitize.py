"""Text cleaning: what a terminal would obey is removed, what a reader sees is kept."""

from __future__ import annotations

import pytest

from workbench.sanitize import UnreadableText, clean, decode


def test_escape_sequences_are_removed_whole():
    text = "a\x1b[2Jb\x1b]0;title\x07c\x1b]52;c;ZXZpbA==\x1b\\d\x9b31me"
    assert clean(text) == "abcde"


def test_markup_like_text_is_kept_literally():
    text = "He said [the president] would [bold red]go[/] [@click=app.quit]now[/]"
    assert clean(text) == text


def test_newlines_spaces_and_invisible_marks_are_normalised():
    assert clean("one\r\ntwo\rthree\u2028four\u00a0five\u202eright\u200b  \n") == (
        "one\ntwo\nthree\nfour fiveright\n"
    )


def test_utf16_with_a_byte_order_mark_is_read():
    assert decode("Grüße".encode("utf-16")) == "Grüße"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n ", "empty file"),
        (b"PK\x03\x04\x00\x00", "binary file"),
        (b"\xc3\x28 broken", "not UTF-8 text"),
        (bytes(range(1, 32)) * 4, "binary file"),
    ],
)
def test_unreadable_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(UnreadableText, match=reason):
        decode(data)
