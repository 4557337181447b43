"""Import: every supported format, bad files, stable ids, re-import of changed text."""

from __future__ import annotations

import json
import os
from pathlib import Path

from workbench import store
from workbench.models import Document, Kind
from workbench.services.importing import import_paths
from workbench.text.reading import MAX_FILE_BYTES, Skipped, read_paths

from .conftest import SEEDS


def documents(*paths: Path) -> list[Document]:
    return [item for item in read_paths(paths) if isinstance(item, Document)]


def skipped(*paths: Path) -> list[Skipped]:
    return [item for item in read_paths(paths) if isinstance(item, Skipped)]


def test_plain_text_and_markdown(tmp_path):
    (tmp_path / "a.txt").write_text("Title Line Here\n\nThe mayor said no. Then he left.\n", "utf-8")
    (tmp_path / "b.md").write_text(
        "# Storm Hits Coast\n\nThe **storm** hit [the coast](http://x.org) on *Monday*.\n", "utf-8"
    )
    text_doc, md_doc = documents(tmp_path / "a.txt", tmp_path / "b.md")
    assert text_doc.text.startswith("Title Line Here")
    assert md_doc.text == "Storm Hits Coast\n\nThe storm hit the coast on Monday.\n"


def test_html_drops_scripts_styles_and_chrome_and_keeps_metadata(tmp_path):
    (tmp_path / "page.html").write_text(
        """<html><head><title>Site | Floods</title>
        <meta property="article:published_time" content="2025-03-04T08:00:00Z">
        <style>p { color: red }</style><script>alert("x")</script></head>
        <body><nav>Home News Sport</nav><article><h1>Floods close roads</h1>
        <p>Floods closed 40 roads on Tuesday.</p><figure><img src="a.jpg">
        <figcaption>A flooded road in the north</figcaption></figure>
        <p>Officials said &amp; repeated it.</p></article><footer>© Site</footer></body></html>""",
        "utf-8",
    )
    (doc,) = documents(tmp_path / "page.html")
    assert doc.title == "Floods close roads"
    assert doc.published == "2025-03-04T08:00:00+00:00"
    assert "alert" not in doc.text and "color" not in doc.text and "Home News" not in doc.text
    assert doc.text.split("\n\n") == [
        "Floods close roads",
        "Floods closed 40 roads on Tuesday.",
        "A flooded road in the north",
        "Officials said & repeated it.",
    ]


def test_json_and_jsonl_records_with_metadata(tmp_path):
    record = {
        "text": "Rain fell all week. Rivers rose.",
        "title": "Wet week",
        "url": "https://example.org/rain",
        "published": "5 February 2025",
        "source": "Example News",
    }
    (tmp_path / "one.json").write_text(json.dumps(record), "utf-8")
    (tmp_path / "many.jsonl").write_text(
        json.dumps({"text": "First story text."}) + "\n\nnot json\n" + json.dumps({"title": "x"}) + "\n",
        "utf-8",
    )
    (one,) = documents(tmp_path / "one.json")
    assert (one.title, one.url, one.published, one.source) == (
        "Wet week", "https://example.org/rain", "2025-02-05", "Example News",
    )  # fmt: skip
    assert one.source_key == "https://example.org/rain"
    many = documents(tmp_path / "many.jsonl")
    assert [d.text for d in many] == ["First story text."]
    problems = skipped(tmp_path / "many.jsonl")
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["3", "4"]
    assert "not valid JSON" in problems[0].reason and "no text" in problems[1].reason


def test_bad_files_are_named_with_a_reason_and_the_rest_is_imported(tmp_path, db):
    tmp_path = tmp_path / "articles"
    tmp_path.mkdir()
    (tmp_path / "good.txt").write_text("A good article. It has two sentences.", "utf-8")
    (tmp_path / "empty.txt").write_text("", "utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society".encode("latin-1"))  # read, with a notice
    (tmp_path / "folder.txt").mkdir()  # cannot be read as a file
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    report = import_paths(db, [tmp_path, tmp_path / "missing.txt"])
    assert [o.status for o in report.outcomes] == ["new", "new"]
    reasons = {Path(s.where).name: s.reason for s in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert "latin1.txt" not in reasons
    assert [str(n).rsplit("/", 1)[-1] for n in report.notices] == [
        "latin1.txt: not UTF-8: read as Windows-1252"
    ]
    assert "Café society" in [a.text for a in store.list_articles(db)]
    assert reasons["huge.txt"].startswith("too large")
    assert reasons["missing.txt"] == "no such file or folder"
    assert all("\n" not in str(s) for s in report.skipped)


def test_folder_import_ignores_other_file_types(tmp_path, db):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "story.txt").write_text("One claim here.", "utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    report = import_paths(db, [folder])
    assert len(report.outcomes) == 1 and report.ignored == 1 and not report.skipped


def test_reimporting_unchanged_files_changes_nothing(db):
    first = import_paths(db, [SEEDS])
    ids = {p.id for p in store.list_passages(db)}
    again = import_paths(db, [SEEDS])
    assert [o.status for o in first.outcomes] == ["new"] * 5
    assert [o.status for o in again.outcomes] == ["unchanged"] * 5
    assert {p.id for p in store.list_passages(db)} == ids


def test_same_text_in_another_database_gives_the_same_passage_ids(tmp_path):
    first = store.open_db(tmp_path / "one.db")
    second = store.open_db(tmp_path / "two.db")
    import_paths(first, [SEEDS])
    import_paths(second, [SEEDS])
    assert [p.id for p in store.list_passages(first)] == [p.id for p in store.list_passages(second)]


def test_changed_file_keeps_verdicts_of_unchanged_sentences(tmp_path, db):
    path = tmp_path / "story.txt"
    path.write_text("The mayor resigned on Monday. She served two years. Crowds cheered.", "utf-8")
    import_paths(db, [path])
    kept, changed, _ = store.list_passages(db, claims_only=True)
    store.set_verdict(db, kept.id, "ana", "supported")
    store.set_verdict(db, changed.id, "ana", "contradicted")
    path.write_text("The mayor resigned on Monday. She served three years. Crowds cheered.", "utf-8")
    report = import_paths(db, [path])
    assert [(o.status, o.retired) for o in report.outcomes] == [("updated", 1)]
    current = store.list_passages(db, claims_only=True)
    assert [p.text for p in current] == [
        "The mayor resigned on Monday.", "She served three years.", "Crowds cheered.",
    ]  # fmt: skip
    assert current[0].id == kept.id
    assert store.get_verdict(db, kept.id, "ana").label == "supported"
    # the verdict on the sentence that changed is kept, on its retired passage
    assert store.get_verdict(db, changed.id, "ana").label == "contradicted"
    assert store.get_passage(db, changed.id).text == "She served two years."


def test_titles_and_dates_come_from_the_text_when_records_have_none(db):
    import_paths(db, [SEEDS])
    by_name = {a.name: a for a in store.list_articles(db)}
    assert by_name["000_c80d087d49900f07.txt"].title == (
        "US May Provide Air Cover to Ukraine for Mineral Resources"
    )
    assert by_name["004_5d5b97a911e2af75.txt"].published == "2025-02-05"
    derived = by_name["002_4360f873e8873a82.txt"].title
    assert derived.startswith("The United States could provide") and derived.endswith("…")
    assert len(derived) <= 81


def test_escape_sequences_and_control_characters_are_stripped_on_import(tmp_path, db):
    path = tmp_path / "evil.txt"
    path.write_bytes(
        b"Title\x1b]0;owned\x07 Line\n\nThe \x1b[31mred\x1b[0m claim [bold]stays[/bold].\x08\x7f\n"
    )
    import_paths(db, [path])
    (article,) = store.list_articles(db)
    assert "\x1b" not in article.text and "\x08" not in article.text
    assert "The red claim [bold]stays[/bold]." in article.text
    kinds = [p.kind for p in store.list_passages(db, article.id)]
    assert kinds == [Kind.TITLE, Kind.CLAIM]


def test_unreadable_file_is_reported(tmp_path, db):
    path = tmp_path / "secret.txt"
    path.write_text("Some text.", "utf-8")
    os.chmod(path, 0)
    try:
        report = import_paths(db, [path])
    finally:
        os.chmod(path, 0o644)
    if os.geteuid() == 0:  # root reads it anyway
        assert len(report.outcomes) == 1
    else:
        assert report.skipped[0].reason.startswith("cannot read")


def test_a_corpus_folder_gives_the_same_ids_wherever_it_lies(tmp_path):
    import shutil

    copy = tmp_path / "elsewhere" / "seeds"
    shutil.copytree(SEEDS, copy)
    here, there = store.open_db(tmp_path / "here.db"), store.open_db(tmp_path / "there.db")
    import_paths(here, [SEEDS])
    import_paths(there, [copy / "002_4360f873e8873a82.txt", copy])
    assert [p.id for p in store.list_passages(here)] == [p.id for p in store.list_passages(there)]


def test_two_files_with_the_same_folder_and_name_stay_two_articles(tmp_path, db):
    for side, text in (("a", "The dam held on Monday."), ("b", "The bridge fell on Friday.")):
        folder = tmp_path / side / "story"
        folder.mkdir(parents=True)
        (folder / "report.txt").write_text(text, "utf-8")
    first = import_paths(db, [tmp_path / "a" / "story", tmp_path / "b" / "story"])
    assert [o.status for o in first.outcomes] == ["new", "new"]
    again = import_paths(db, [tmp_path / "b" / "story", tmp_path / "a" / "story"])
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert sorted(a.text for a in store.list_articles(db)) == [
        "The bridge fell on Friday.",
        "The dam held on Monday.",
    ]
