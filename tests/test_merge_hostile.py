"""`merge` treats the other file as untrusted: crafted files are refused or contained, ours unchanged."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.store import StoreError, merge
from workbench.store.merge_source import read_other

from .conftest import REWRITE, SEEDS, passage_starting


@pytest.fixture(scope="module")
def laptop_template(tmp_path_factory):
    """A file of the same corpus with one verdict by eve, made as a laptop would make it."""
    folder = tmp_path_factory.mktemp("laptop")
    shutil.copytree(SEEDS, folder / "seeds")
    path = folder / "laptop.db"
    db = store.open_db(path)
    import_paths(db, [folder / "seeds"])
    refresh_links(db)
    claim = passage_starting(db, REWRITE, "The MiG-29S").id
    store.set_verdict(db, claim, "eve", "contradicted", note="offline")
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # one file to copy
    conn.close()
    return path


@pytest.fixture
def laptop(laptop_template, tmp_path):
    path = tmp_path / "laptop.db"
    shutil.copy(laptop_template, path)
    return path


def craft(path, *statements, params=()):
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement, params) if "?" in statement else conn.execute(statement)
    conn.close()


def snapshot(db) -> list:
    return [
        db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in ("verdicts", "verdict_history", "reviewers", "final_verdicts", "final_history")
    ]


def test_a_plain_laptop_file_merges(seeded, laptop):
    report = merge(seeded, laptop)
    assert report.verdicts_added == 1 and report.reviewers_added == 1


def test_a_view_in_place_of_a_table_is_refused_at_once_and_never_run(seeded, laptop):
    craft(
        laptop,
        "DROP TABLE verdict_evidence",
        "CREATE VIEW verdict_evidence (passage_id, reviewer, evidence_id, position) AS "
        "WITH RECURSIVE forever(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM forever) "
        "SELECT 'p', 'eve', 'e', n FROM forever",
    )
    before = snapshot(seeded)
    started = time.monotonic()
    with pytest.raises(StoreError, match="not a workbench database"):
        merge(seeded, laptop)
    assert time.monotonic() - started < 10
    assert snapshot(seeded) == before


def test_views_and_triggers_beside_our_tables_are_never_read(seeded, laptop):
    craft(
        laptop,
        "CREATE VIEW forever AS "
        "WITH RECURSIVE f(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM f) SELECT n FROM f",
        "CREATE TRIGGER boom AFTER INSERT ON verdicts BEGIN SELECT * FROM forever; END",
    )
    assert merge(seeded, laptop).verdicts_added == 1


def test_a_generated_column_is_refused(seeded, laptop):
    craft(
        laptop,
        "ALTER TABLE articles RENAME TO old_articles",
        "CREATE TABLE articles (id TEXT, name TEXT, content_hash TEXT, "
        "slow TEXT GENERATED ALWAYS AS (id || name) VIRTUAL)",
        "INSERT INTO articles (id, name, content_hash) SELECT id, name, content_hash FROM old_articles",
    )
    with pytest.raises(StoreError, match="not a workbench database"):
        merge(seeded, laptop)


def test_roles_are_never_taken_and_are_reported(seeded, laptop):
    craft(laptop, "UPDATE reviewers SET role = 'adjudicator' WHERE name = 'eve'")
    report = merge(seeded, laptop)
    assert report.roles_not_taken == ["eve"]
    assert store.get_role(seeded, "eve") == "reviewer"


def test_final_verdicts_are_never_taken_and_are_reported(seeded, laptop):
    claim = passage_starting(seeded, REWRITE, "The MiG-29S").id
    craft(
        laptop,
        "UPDATE reviewers SET role = 'adjudicator' WHERE name = 'eve'",
        "INSERT INTO final_verdicts (passage_id, label, note, adjudicator, decided_at) "
        "SELECT passage_id, 'supported', '', 'eve', '2025-01-01T00:00:00.000Z' FROM verdicts",
        "INSERT INTO final_history "
        "(change_id, passage_id, adjudicator, old_label, new_label, note, changed_at) "
        "SELECT 'f1', passage_id, 'eve', NULL, 'supported', '', '2025-01-01T00:00:00.000Z' FROM verdicts",
    )
    report = merge(seeded, laptop)
    assert report.finals_not_taken == 1
    assert store.get_final(seeded, claim) is None
    assert seeded.execute("SELECT count(*) FROM final_history").fetchone()[0] == 0


@pytest.mark.parametrize("name", ["\x1b]0;pwned\x07", "a" * 65, " lead", "", "x\u202ey"])
def test_a_reviewer_name_that_fails_our_check_refuses_the_whole_merge(seeded, laptop, name):
    craft(laptop, "PRAGMA foreign_keys = OFF")
    conn = sqlite3.connect(laptop)
    with conn:
        conn.execute("UPDATE verdicts SET reviewer = ?", [name])
        conn.execute("UPDATE verdict_history SET reviewer = ?", [name])
    conn.close()
    before = snapshot(seeded)
    with pytest.raises(StoreError, match="invalid reviewer name"):
        merge(seeded, laptop)
    assert snapshot(seeded) == before


def test_a_verdict_dated_in_the_future_does_not_replace_ours(seeded, laptop):
    claim = passage_starting(seeded, REWRITE, "The MiG-29S").id
    store.set_verdict(seeded, claim, "eve", "supported", note="mine")
    craft(laptop, "UPDATE verdicts SET updated_at = '2999-01-01T00:00:00.000Z'")
    report = merge(seeded, laptop)
    assert report.future_dated == 1
    assert store.get_verdict(seeded, claim, "eve").label == "supported"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE verdict_history SET new_evidence = 'not json ['",
        "UPDATE verdict_history SET new_evidence = '{\"a\": 1}'",
        "UPDATE verdict_history SET changed_at = 'yesterday'",
        "UPDATE verdicts SET label = 'sorta'",
        "UPDATE verdicts SET note = x'00ff'",
        "UPDATE verdicts SET created_at = 12",
    ],
)
def test_crafted_rows_give_one_clear_refusal_and_nothing_is_written(seeded, laptop, statement):
    craft(laptop, "PRAGMA ignore_check_constraints = ON", statement)
    before = snapshot(seeded)
    with pytest.raises(StoreError, match="nothing was merged"):
        merge(seeded, laptop)
    assert snapshot(seeded) == before


def test_a_history_action_we_do_not_know_is_refused(seeded, laptop):
    conn = sqlite3.connect(laptop)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    with conn:
        conn.execute("UPDATE verdict_history SET action = 'grant'")
    conn.close()
    with pytest.raises(StoreError, match="action 'grant'"):
        merge(seeded, laptop)


def test_uri_parameters_in_the_path_name_that_file_and_no_other(seeded, laptop, tmp_path):
    odd = tmp_path / "laptop.db?mode=rw&x="
    sqlite3.connect(odd).close()  # an empty SQLite file under the odd name
    with odd.open("wb") as handle:
        handle.write(b"SQLite format 3\x00" + b"\x00" * 84)
    with pytest.raises(StoreError) as refused:
        merge(seeded, odd)
    assert "laptop.db?mode=rw" in str(refused.value)
    assert store.get_verdict(seeded, passage_starting(seeded, REWRITE, "The MiG-29S").id, "eve") is None


def test_reading_the_other_file_stops_at_its_time_bound(laptop):
    with pytest.raises(StoreError, match="took longer than"):
        read_other(laptop, None, seconds=0)


def test_our_write_lock_is_not_held_while_the_other_file_is_read(seeded, laptop, db_path):
    """The reading happens before the transaction: another reviewer's mark meanwhile succeeds."""
    import threading

    from workbench.store import merge_source

    claim = passage_starting(seeded, REWRITE, "Ukrainians ride a tank").id
    marked = threading.Event()
    original = merge_source._read

    def slow_read(conn, path):
        other = store.open_db(db_path)
        store.set_verdict(other, claim, "zoe", "supported")  # would wait on our lock if we held it
        other.close()
        marked.set()
        return original(conn, path)

    merge_source._read = slow_read
    try:
        merge(seeded, laptop)
    finally:
        merge_source._read = original
    assert marked.is_set()
    assert store.get_verdict(seeded, claim, "zoe").label == "supported"
