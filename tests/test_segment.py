"""Segmentation: sentence boundaries, captions and junk, exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.models import Kind
from workbench.text.sanitize import clean, decode
from workbench.text.segment import MAX_PASSAGE, segment, split_sentences

from .conftest import SEEDS


def sentences(line: str) -> list[str]:
    return [line[a:b] for a, b in split_sentences(line)]


def passages(text: str) -> list[tuple[str, Kind, str | None]]:
    return [(text[s.start : s.end], s.kind, s.reason) for s in segment(text).segments]


def seed(name: str) -> str:
    return clean(decode((SEEDS / name).read_bytes()))


def test_abbreviations_and_initials_do_not_end_sentences():
    line = (
        "The U.S. and the U.K. met on Sept. 27 in Washington, D.C. with Mr. So and J. R. Smith. "
        "Then they left."
    )
    assert sentences(line) == [
        "The U.S. and the U.K. met on Sept. 27 in Washington, D.C. with Mr. So and J. R. Smith.",
        "Then they left.",
    ]


def test_a_dotted_acronym_ends_a_sentence_when_a_new_one_clearly_starts():
    assert sentences("Aid was sent to the U.S. The deal stalled.") == [
        "Aid was sent to the U.S.",
        "The deal stalled.",
    ]
    assert sentences("U.S. President Donald Trump spoke.") == ["U.S. President Donald Trump spoke."]


def test_decimals_and_quotes_stay_inside_one_sentence():
    line = (
        "Troops controlled 98.8 per cent of Luhansk. He said it would invite ‘long-term’ "
        "American support. “It is great. We love it,” he said."
    )
    assert sentences(line) == [
        "Troops controlled 98.8 per cent of Luhansk.",
        "He said it would invite ‘long-term’ American support.",
        "“It is great. We love it,” he said.",
    ]


def test_a_closing_quote_after_the_full_stop_ends_the_sentence():
    line = '"We want rare earths," Trump said. "We will make a deal." This is new.'
    assert sentences(line) == [
        '"We want rare earths," Trump said.',
        '"We will make a deal."',
        "This is new.",
    ]


def test_caption_line_without_final_punctuation_is_one_caption_passage():
    text = "A claim here.\nThe U.S. Army test fires a Patriot missile (File photo)\nAnother claim."
    assert passages(text)[1] == (
        "The U.S. Army test fires a Patriot missile (File photo)",
        Kind.CAPTION,
        None,
    )


def test_every_passage_is_an_exact_slice_of_the_text():
    for path in sorted(SEEDS.glob("*.txt")):
        text = seed(path.name)
        result = segment(text)
        previous_end = 0
        for item in result.segments:
            assert previous_end <= item.start < item.end <= len(text)
            piece = text[item.start : item.end]
            assert piece == piece.strip() and piece
            previous_end = item.end


def test_seed_original_hard_cases():
    found = passages(seed("002_4360f873e8873a82.txt"))
    texts = [text for text, _, _ in found]
    assert (
        "President Donald Trump meets with Ukraine’s President Volodymyr Zelenskyy at Trump Tower, "
        "Sept. 27, 2024, in New York"
    ) in texts
    assert (
        "But treasury secretary Scott Bessent suggested that a mineral deal could be used as a "
        "‘security shield’ for Ukraine after the war, saying that an increased ‘economic commitment’ "
        "to the country would invite ‘long-term’ American support."
    ) in texts
    captions = [text for text, kind, _ in found if kind is Kind.CAPTION]
    assert "A Russian Air Force MiG-29S (File photo)" in captions
    assert len(captions) == 8
    banner = [(text, reason) for text, kind, reason in found if kind is Kind.JUNK]
    assert len(banner) == 1 and banner[0][1] == "cookie banner"
    assert banner[0][0].startswith("To provide the best experiences, we use technologies like cookies")


def test_seed_rewrite_title_and_repeated_title():
    text = seed("000_c80d087d49900f07.txt")
    result = segment(text)
    first, second = result.segments[:2]
    assert result.title == "US May Provide Air Cover to Ukraine for Mineral Resources"
    assert first.kind is Kind.TITLE
    assert (second.kind, second.reason) == (Kind.JUNK, "repeated title")
    claims = [text[s.start : s.end] for s in result.segments if s.kind.is_claim]
    assert claims[0].startswith("The ruins of Azovstal")


def test_seed_interview_widget_site_name_questions_and_date():
    text = seed("004_5d5b97a911e2af75.txt")
    result = segment(text)
    found = [(text[s.start : s.end], s.kind, s.reason) for s in result.segments]
    assert result.published == "2025-02-05"
    assert found[0] == ("date 2025-02-05 + ↺ − 16 px", Kind.JUNK, "page widget")
    assert found[-1] == ("News.Az", Kind.JUNK, "site name")
    questions = [t for t, kind, _ in found if kind is Kind.QUESTION]
    assert "Which deposits in Ukraine are of interest to the U.S.?" in questions
    # the interview dash is not part of the passage
    assert not any(t.startswith("- ") for t, _, _ in found)


def test_seed_image_credit_is_junk():
    text = seed("003_70d6ea2e469fa2ba.txt")
    last = segment(text).segments[-1]
    assert (last.kind, last.reason) == (Kind.JUNK, "image credit")
    assert text[last.start : last.end].startswith("Image is licensed under the Creative Commons")


def test_bylines_copyright_and_page_furniture_are_junk():
    text = (
        "Big News Today\n\nBy Jane Doe and John Roe\n\nThe minister resigned on Monday.\n\n"
        "Advertisement\n\nShe had served two years.\n\n© 2025 Example Media. All rights reserved."
    )
    found = passages(text)
    assert [(kind, reason) for _, kind, reason in found] == [
        (Kind.TITLE, None),
        (Kind.JUNK, "byline"),
        (Kind.CLAIM, None),
        (Kind.JUNK, "page furniture"),
        (Kind.CLAIM, None),
        (Kind.JUNK, "copyright line"),
    ]


def test_a_long_line_without_punctuation_is_cut_into_bounded_passages():
    text = "word " * 5000
    found = segment(text.strip()).segments
    assert len(found) > 1
    assert all(s.end - s.start <= MAX_PASSAGE for s in found)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_gives_ordered_in_bounds_passages(raw):
    text = clean(raw)
    previous_end = 0
    for item in segment(text).segments:
        assert previous_end <= item.start < item.end <= len(text)
        assert text[item.start : item.end].strip()
        previous_end = item.end


def test_a_whole_article_on_one_line_with_a_photo_mark_is_split_into_sentences():
    # Scraped text often comes as one line; a photo mark or an unfinished last sentence once made
    # the whole line a "caption" cut into chunks of a thousand characters.
    body = " ".join(
        f"The council approved plan number {n} on Tuesday after a long debate." for n in range(30)
    )
    text = f"Officials met in the hall (pictured) to vote. {body} The mayor said the work would start in"
    found = passages(text)
    assert all(kind is Kind.CLAIM for _, kind, _ in found)
    assert len(found) == 32
    assert found[0][0] == "Officials met in the hall (pictured) to vote."
    assert found[-1][0] == "The mayor said the work would start in"
    assert max(len(t) for t, _, _ in found) < 100


def test_a_caption_glued_to_the_next_sentence_is_cut_after_its_photo_mark():
    line = "He wears a gold watch in East London (right) While many of his watches are rare, he keeps them."
    assert sentences(line) == [
        "He wears a gold watch in East London (right)",
        "While many of his watches are rare, he keeps them.",
    ]


def test_two_paragraphs_joined_with_no_space_are_two_sentences():
    line = "The club faced debts of about £225,000.They still owe £70,000 in tax.It rose 5%.Analysts agree."
    assert sentences(line) == [
        "The club faced debts of about £225,000.",
        "They still owe £70,000 in tax.",
        "It rose 5%.",
        "Analysts agree.",
    ]
    kept = ("Mr.Smith said so.", "The U.S.Army said so.", "See bbc.co.uk for more.", "Version 2.0 is out.")
    for whole in (*kept, "News.Az interviewed him."):
        assert sentences(whole) == [whole]
    assert len(sentences('He said "it was over.Then we left" and went home.')) == 1


def test_a_closed_quotation_before_a_word_that_opens_sentences_ends_the_sentence():
    line = "He said 'the language we grew up with was waning' The friends use lingo from their youth."
    assert sentences(line) == [
        "He said 'the language we grew up with was waning'",
        "The friends use lingo from their youth.",
    ]
    assert len(sentences("She met Anne O'Neil there. It was late.")) == 2


def test_a_quote_left_open_for_the_next_paragraph_does_not_glue_the_rest_of_the_line():
    line = (
        '"He says football kept their spirits up on the long march. Many of his friends died. '
        '"You could say the football saved our lives," he said. The guards were ordinary men.'
    )
    assert sentences(line) == [
        '"He says football kept their spirits up on the long march.',
        "Many of his friends died.",
        '"You could say the football saved our lives," he said.',
        "The guards were ordinary men.",
    ]


def test_a_dateline_under_the_title_dates_the_article():
    datelines = (
        "By Jane Doe | March 3, 2025",
        "PUBLISHED: 10:32 EST, 3 March 2025 | UPDATED: 11:00 EST, 3 March 2025",
        "Last updated on 2025-03-03",
    )
    for line in datelines:
        result = segment(f"The senate passes the budget bill\n{line}\nThe Senate voted on Tuesday.")
        assert result.published == "2025-03-03", line
        assert [s.kind for s in result.segments] == [Kind.TITLE, Kind.JUNK, Kind.CLAIM]
    later = segment("The senate passes the budget bill\nThe Senate voted.\nA vote on 3 March 2025 follows.")
    assert later.published is None  # a date in the body is not the article's
