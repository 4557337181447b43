"""Rows of the passage lists are measured without being made: the height must be Content's."""

from __future__ import annotations

import random

from textual.content import Content

from workbench.tui.rows import wrapped_height

from .conftest import SEEDS

TRICKY = [
    "",
    " ",
    "word",
    "a" * 300,
    "two  spaces   between    words and a trailing space ",
    "   leading spaces before the words",
    "東京都の新しい条例は来月から施行される予定であり、市民の反応はさまざまだ。" * 3,
    "Mixed 中文 and English, with emoji 🙂🙂 and a very-long-hyphenated-compound-word-that-goes-on",
    "Zero\u200bwidth and non\u00a0breaking spaces in a sentence that wraps somewhere near the end.",
    "A sentence. " * 40,
    "short then " + "x" * 130 + " then more words after the long one",
    "x" * 57,
    "xxxxx      ",
    "a" + " " * 50 + "b and a run of spaces longer than a line",
    "y" * 60 + "     " + "z" * 60 + " end",
    "  " + "y" * 120,
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 5,
    "The mayor’s office said the “long-overdue” plan — first floated in 2019 – was ‘on track’…" * 2,
    "Cafe\u0301 owners\u2019 union (a combining accent is no cell wide) \u2014 " * 3,
    "“Quotes” around 東京 and a dash — in one sentence that is long enough to wrap twice over.",
]


def texts() -> list[str]:
    found = list(TRICKY)
    for path in sorted(SEEDS.glob("*.txt")):
        found += [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    rng = random.Random(5)
    words = [w for text in found for w in text.split()] or ["x"]
    found += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 80))) for _ in range(200)]
    letters = "abc  -.,'\"xyz’“”—–…"
    found += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 200))) for _ in range(300)]
    return found


def test_a_rows_height_is_what_content_wraps_it_to_at_every_width():
    rules: dict = {}
    checked = 0
    for text in texts():
        for width in (1, 2, 5, 17, 40, 56, 80, 117):
            assert wrapped_height(text, width, rules) == Content(text).get_height(rules, width), (text, width)
            checked += 1
    assert checked > 1000


def test_tabs_line_breaks_and_other_wrapping_rules_are_left_to_content():
    assert wrapped_height("a\tb", 10, {}) is None
    assert wrapped_height("a\nb", 10, {}) is None
    assert wrapped_height("ab", 10, {"text_wrap": "nowrap"}) is None


def test_a_row_is_measured_by_the_text_it_shows(seeded):
    """LazyRow measures a row from render.claim_text / passage_text without making it: they must
    be the text the row shows, for claims and for the passages that are not claims."""
    from workbench import store
    from workbench.tui import render

    passages = store.list_passages(seeded)
    assert any(not p.claim for p in passages) and any(p.claim for p in passages)
    for passage in passages:
        row = render.claim_row(passage, None, counterparts=0, others=[])
        assert row.text_plain == render.claim_text(passage)
        shown = render.passage_row(passage, current=False, aligned=False, evidence=False)
        assert shown.text_plain == render.passage_text(passage)
