"""Verdicts in the database: one per reviewer and claim, a full history, and the schema's guards."""

from __future__ import annotations

import sqlite3

import pytest

from workbench import store
from workbench.models import LABELS, InvalidReviewer
from workbench.store import StoreError

from .conftest import ORIGINAL, REWRITE, article_named, passage_starting


@pytest.mark.sqlite_only
def test_a_verdict_is_in_the_file_as_soon_as_it_is_set(seeded, db_path):
    claim = passage_starting(seeded, REWRITE, "The situation is complex")
    store.set_verdict(seeded, claim.id, "ana", "editorialized", note="opinion, not in 002")
    other = sqlite3.connect(db_path)  # another connection sees it: it is committed
    row = other.execute(
        "SELECT label, note FROM verdicts WHERE passage_id = ? AND reviewer = 'ana'", [claim.id]
    ).fetchone()
    assert row == ("editorialized", "opinion, not in 002")


def test_reviewers_keep_their_own_verdicts(seeded):
    claim = passage_starting(seeded, REWRITE, "The MiG-29S")
    store.set_verdict(seeded, claim.id, "ana", "supported")
    store.set_verdict(seeded, claim.id, "ben", "editorialized")
    store.set_verdict(seeded, claim.id, "ana", "contradicted")
    store.clear_verdict(seeded, claim.id, "ben")
    labels = {v.reviewer: v.label for v in store.list_verdicts(seeded, passage=claim.id)}
    assert labels == {"ana": "contradicted"}


def test_history_records_who_changed_what_from_what_to_what(seeded):
    claim = passage_starting(seeded, REWRITE, "This comes as former President Donald Trump")
    evidence = passage_starting(seeded, ORIGINAL, "President Donald Trump meets")
    store.set_verdict(seeded, claim.id, "ana", "supported")
    store.set_verdict(seeded, claim.id, "ana", "contradicted", note="former?", evidence=[evidence.id])
    store.set_verdict(seeded, claim.id, "ana", "contradicted", note="former?")  # no change
    store.clear_verdict(seeded, claim.id, "ana")
    history = store.list_history(seeded, passage=claim.id)
    assert [(h.action, h.old_label, h.new_label) for h in history] == [
        ("set", None, "supported"),
        ("set", "supported", "contradicted"),
        ("clear", "contradicted", None),
    ]
    assert history[1].new_note == "former?" and history[1].new_evidence == (evidence.id,)
    assert history[2].old_evidence == (evidence.id,)
    assert all(h.reviewer == "ana" and h.changed_at.endswith("Z") for h in history)


def test_note_and_evidence_are_kept_when_only_the_label_changes(seeded):
    claim = passage_starting(seeded, REWRITE, "A brave rescuer")
    evidence = passage_starting(seeded, ORIGINAL, "A Ukrainian rescuer")
    store.set_verdict(seeded, claim.id, "ana", "supported", note="n", evidence=[evidence.id])
    verdict = store.set_verdict(seeded, claim.id, "ana", "editorialized")
    assert (verdict.note, verdict.evidence) == ("n", (evidence.id,))


def test_bad_verdicts_are_refused(seeded):
    claim = passage_starting(seeded, REWRITE, "A brave rescuer")
    title = store.list_passages(seeded, article_named(seeded, REWRITE).id)[0]
    with pytest.raises(StoreError, match="unknown label 'true'"):
        store.set_verdict(seeded, claim.id, "ana", "true")
    with pytest.raises(StoreError, match="is a title, not a claim"):
        store.set_verdict(seeded, title.id, "ana", "supported")
    with pytest.raises(StoreError, match="no evidence passage"):
        store.set_verdict(seeded, claim.id, "ana", "supported", evidence=["0" * 16])
    with pytest.raises(InvalidReviewer):
        store.set_verdict(seeded, claim.id, "ana\x1b[31m", "supported")
    assert store.list_verdicts(seeded) == []


def test_passage_ids_can_be_given_by_prefix(seeded):
    claim = passage_starting(seeded, REWRITE, "A brave rescuer")
    assert store.find_passage(seeded, claim.id[:8]).id == claim.id
    with pytest.raises(StoreError, match="no passage"):
        store.find_passage(seeded, "zzzz")


@pytest.mark.sqlite_only
def test_label_table_matches_the_label_set(db):
    assert [row[0] for row in db.execute("SELECT name FROM labels ORDER BY rowid")] == list(LABELS)


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database"):
        store.open_db(path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a workbench database"):
        store.open_db(path)


@pytest.mark.sqlite_only
def test_a_database_from_a_newer_workbench_is_refused(db_path):
    database = store.open_db(db_path)
    with store.writing(database):
        database.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('workbench', 'm999_future', '2030-01-01')"
        )
    database.close()
    with pytest.raises(StoreError, match="newer version of workbench"):
        store.open_db(db_path)


def test_the_database_folder_is_created(tmp_path):
    database = store.open_db(tmp_path / "new" / "folder" / "w.db")
    assert (tmp_path / "new" / "folder" / "w.db").exists()
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_schema_list_names_every_migration_in_order():
    from workbench.store import MIGRATIONS
    from workbench.store.migrations import KNOWN

    assert tuple(KNOWN) == MIGRATIONS


@pytest.mark.parametrize("few", [500, 0], ids=["claim by claim", "every claim at once"])
def test_one_reviewers_stale_verdicts_on_an_article_are_those_the_whole_file_finds(
    tmp_path, db, monkeypatch, few
):
    from workbench.store import verdicts

    from .conftest import import_story

    monkeypatch.setattr(verdicts, "FEW_VERDICTS", few)
    folder = tmp_path / "story"
    articles = import_story(
        db,
        folder,
        {
            "a.txt": "The mayor resigned on Monday after two years. Roads closed. Schools stay open.",
            "b.txt": "On Monday the mayor resigned, after two years in office. Roads were closed.",
        },
    )
    a = articles["a.txt"].id
    claims = store.list_passages(db, a, claims_only=True)
    for claim in claims:
        store.set_verdict(db, claim.id, "ana", "supported")
    store.set_verdict(db, claims[0].id, "ben", "contradicted")
    # The alignment moves under two of ana's verdicts and ben's, and leaves the third.
    import_story(db, folder, {"b.txt": "On Tuesday the mayor resigned, after three years. Roads closed."})
    everywhere = store.stale_verdicts(db)
    assert ("ben", claims[0].id) in {(r, p) for p, r in everywhere}
    for reviewer in ("ana", "ben"):
        found = store.stale_verdicts(db, (a, a), reviewer)
        assert found == {(p, r) for p, r in everywhere if r == reviewer}
    assert 0 < len(store.stale_verdicts(db, (a, a), "ana")) < len(claims)
