"""The command line, end to end on a real database file: import, align, mark, export, status."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.vocabulary import LABELS

from .conftest import SEEDS


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args: str, reviewer: str = "ana"):
        return runner.invoke(main, ["--db", str(db_path), "--reviewer", reviewer, *args])

    return invoke


@pytest.fixture
def imported(run):
    result = run("import", str(SEEDS))
    assert result.exit_code == 0, result.output
    return run


def aligned(run) -> dict:
    result = run("align", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_reports_what_it_did_and_reimport_changes_nothing(run):
    first = run("import", str(SEEDS))
    assert first.exit_code == 0
    assert "Imported 5 articles (5 new, 0 updated, 0 unchanged)" in first.stdout
    assert "Aligned 10 article pairs" in first.stdout
    again = run("import", str(SEEDS))
    assert "(0 new, 0 updated, 5 unchanged)" in again.stdout
    assert "Alignment is up to date." in again.stdout


def test_import_of_a_bad_file_names_it_and_exits_non_zero(run, tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(bytes(range(128, 256)) * 3)  # no encoding reads this as text
    result = run("import", str(SEEDS), str(bad))
    assert result.exit_code == 1
    assert f"skipped {bad}: not UTF-8 text" in result.stderr
    assert "Imported 5 articles" in result.stdout
    assert "Traceback" not in result.output


def test_a_windows_1252_file_is_read_with_a_one_line_notice(run, tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("The minister’s “reform” was announced in Besançon on Monday.".encode("cp1252"))
    result = run("import", str(legacy))
    assert result.exit_code == 0, result.output
    assert f"note: {legacy}: not UTF-8: read as Windows-1252" in result.stderr
    shown = run("show", "legacy")
    assert "Besançon" in shown.stdout and "“reform”" in shown.stdout


def test_align_json_has_the_documented_shape(imported):
    data = aligned(imported)
    assert set(data) == {"articles", "passages", "links"}
    assert set(data["articles"][0]) == {"id", "path", "title", "published"}
    assert set(data["passages"][0]) == {"id", "article", "index", "start", "end", "text", "claim"}
    assert set(data["links"][0]) == {"a", "b", "score"}
    passages = {p["id"]: p for p in data["passages"]}
    articles = {a["id"]: a for a in data["articles"]}
    for link in data["links"]:
        a, b = passages[link["a"]], passages[link["b"]]
        assert a["article"] != b["article"] and a["claim"] and b["claim"]
        assert 0 <= link["score"] <= 100
    texts = {a["path"].rsplit("/", 1)[-1]: a for a in articles.values()}
    source = (SEEDS / "004_5d5b97a911e2af75.txt").read_text("utf-8")
    for passage in data["passages"]:
        if passage["article"] == texts["004_5d5b97a911e2af75.txt"]["id"]:
            assert source[passage["start"] : passage["end"]] == passage["text"]
    assert not [p for p in data["passages"] if p["text"] == "News.Az"][0]["claim"]


def test_align_prints_tables_of_aligned_passages(imported):
    result = imported("align")
    assert result.exit_code == 0
    assert "000_c80d087d49900f07.txt  ↔  002_4360f873e8873a82.txt" in result.stdout
    assert "links between 10 article pairs" in result.stdout


def test_mark_unmark_and_export_round_trip(imported, tmp_path):
    data = aligned(imported)
    claim = next(p for p in data["passages"] if p["text"].startswith("A brave rescuer"))
    evidence = next(p for p in data["passages"] if p["text"].startswith("A Ukrainian rescuer"))
    marked = imported(
        "mark", claim["id"][:6], "editorialized", "--note", "=HYPERLINK(\"x\") 'brave'",
        "--evidence", evidence["id"],
    )  # fmt: skip
    assert marked.exit_code == 0, marked.output
    assert imported("mark", claim["id"], "supported", reviewer="ben").exit_code == 0
    out = tmp_path / "out" / "verdicts.csv"
    exported = imported("export", "--format", "csv", "-o", str(out))
    assert exported.exit_code == 0 and "Wrote 2 verdicts" in exported.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 mark for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["reviewer"], r["label"]) for r in rows] == [("ana", "editorialized"), ("ben", "supported")]
    ana = rows[0]
    assert ana["claim"] == claim["text"]
    assert ana["note"] == "'=HYPERLINK(\"x\") 'brave'"  # neutralised for spreadsheets
    assert ana["evidence_ids"] == evidence["id"]
    assert ana["evidence_texts"] == evidence["text"]
    assert ana["article_file"] == "000_c80d087d49900f07.txt"
    assert ana["created_at"] and ana["updated_at"]

    assert imported("unmark", claim["id"]).exit_code == 0
    stdout = imported("export").stdout
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert [(r["reviewer"], r["label"]) for r in rows] == [("ben", "supported")]
    again = imported("unmark", claim["id"])
    assert again.exit_code == 1 and "ana has no verdict" in again.stderr


def test_mark_refuses_unknown_labels_and_passages_in_one_line(imported):
    result = imported("mark", "deadbeef", "supported")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no passage with id 'deadbeef'"
    result = imported("mark", "deadbeef", "true")
    assert result.exit_code == 2 and "'true' is not one of" in result.stderr


def test_invalid_reviewer_name_is_refused(run):
    result = run("status", reviewer="\x1b[2J")
    assert result.exit_code == 2 and "invalid reviewer name" in result.stderr


def test_status_counts_articles_claims_and_verdicts(imported):
    data = aligned(imported)
    claim = next(p for p in data["passages"] if p["text"].startswith("A brave rescuer"))
    imported("mark", claim["id"], "editorialized")
    result = imported("status")
    assert result.exit_code == 0
    assert "000_c80d087d" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("│ ana"))
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    expected = ["1" if label == "editorialized" else "0" for label in LABELS]
    assert cells == ["ana", *expected, "1"]  # a column per label of the vocabulary, then the total


def test_a_database_that_is_not_sqlite_gives_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database", "utf-8")
    result = CliRunner().invoke(main, ["--db", str(path), "status"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {path} is not a SQLite database; nothing was changed"
    assert path.read_text("utf-8") == "not a database"


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in main.commands.items():
        assert command.help, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout


@pytest.mark.parametrize("columns", [80, 120])
def test_status_and_show_fit_the_terminal_and_never_cut_an_id(imported, db_path, columns):
    import os
    import subprocess
    import sys

    from workbench import store

    def command(*args: str) -> list[str]:
        environment = {**os.environ, "COLUMNS": str(columns)}
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "--db", str(db_path), *args],
            capture_output=True, text=True, env=environment, check=True,
        )  # fmt: skip
        return done.stdout.splitlines()

    db = store.open_db(db_path)
    articles = store.list_articles(db)
    passages = store.list_passages(db, articles[0].id)
    db.close()
    status = command("status")
    assert max(len(line) for line in status) <= columns
    assert all(any(a.id[:8] in line for line in status) for a in articles)
    shown = command("show", articles[0].name)
    assert max(len(line) for line in shown) <= columns
    assert all(any(p.id in line for line in shown) for p in passages)


@pytest.mark.parametrize("args", [("align", "--json"), ("triage", "--json"), ("export",)])
def test_a_reader_that_stops_early_ends_the_command_quietly(seeded, db_path, args):
    """`workbench align --json | head -1`: the command stops without an error message."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout.read(10)
    process.stdout.close()  # as head does once it has its line
    _, errors = process.communicate(timeout=60)
    assert b"Error" not in errors and b"Traceback" not in errors, errors
