"""Text cleaning: what a terminal would obey is removed, what a reader sees is kept."""

from __future__ import annotations

import pytest

from workbench.text.sanitize import UnreadableText, clean, decode


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
        (bytes(range(128, 256)) * 3, "not UTF-8 text"),
        (bytes(range(1, 32)) * 4, "binary file"),
    ],
)
def test_unreadable_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(UnreadableText, match=reason):
        decode(data)


def test_visible_draws_every_control_and_bidi_override_as_a_mark():
    from workbench.text.sanitize import visible

    shown = visible("a\x1b]0;pwned\x07b\x9b2Jc\u202ed\x7fe\r")
    assert shown == "a␛]0;pwned␇b<U+009B>2Jc<U+202E>d␡e␍"
    assert visible("two\nlines\tand tab") == "two\nlines\tand tab"
    assert visible("two\nlines\tand tab", one_line=True) == "two lines and tab"


def test_json_safe_escapes_what_json_dumps_leaves_raw():
    import json

    from workbench.text.sanitize import json_safe

    value = {"note": "x\x9b31m\u202eevil\x7f"}
    encoded = json_safe(json.dumps(value, ensure_ascii=False))
    assert "\x9b" not in encoded and "\u202e" not in encoded and "\x7f" not in encoded
    assert json.loads(encoded) == value
