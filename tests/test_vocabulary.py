"""Every label of the vocabulary through every front end: a label cannot be half-supported.

Each label is given by its key in the app, then must show on the screen, in `show`, `status`
and `stats`, in the help screen, and in each export format with the names the vocabulary gives.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json

import pytest
from click.testing import CliRunner

from workbench import store
from workbench.cli import main
from workbench.store import claim_groups
from workbench.tui.app import WorkbenchApp
from workbench.vocabulary import LABEL_INFO, LABELS, Label, short

from .test_app import claim_rows, review_screen, screen_text


@pytest.fixture
def all_labels(seeded, db_path):
    """One claim per label, each given by that label's key in the app; bo agrees with each."""
    seeded.close()
    given: dict[Label, str] = {}

    async def scenario():
        app = WorkbenchApp(db_path, "ana")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = review_screen(app)
            for label in Label:
                claim = screen.current_passage
                await pilot.press(label.info.key)
                given[label] = claim.id
            shown = screen_text(app)
            for label in Label:
                assert label.info.glyph in shown, label
            await pilot.press("question_mark")
            help_text = screen_text(app)
            for label in Label:
                assert label.info.tooltip[:40] in help_text, label
            assert claim_rows(screen)

    asyncio.run(scenario())
    db = store.open_db(db_path)
    for label, claim in given.items():
        assert store.get_verdict(db, claim, "ana").label is label
        store.set_verdict(db, claim, "bo", label)
    db.close()
    return given


def cli(db_path, *args):
    result = CliRunner().invoke(main, ["--db", str(db_path), "--reviewer", "ana", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_labels_table_is_the_vocabulary(db):
    assert sorted(row[0] for row in db.execute("SELECT name FROM labels")) == sorted(LABELS)


def test_every_label_shows_in_the_command_line_tables(all_labels, db_path):
    status = cli(db_path, "status")
    stats = cli(db_path, "stats")
    shown = cli(db_path, "show", "000")
    for label in Label:
        assert short(label) in status and short(label) in stats, label
        assert label.value in shown, label


def test_every_label_goes_out_in_every_export_format_under_its_names(all_labels, db_path):
    rows = list(csv.DictReader(io.StringIO(cli(db_path, "export").lstrip("\ufeff"))))
    assert {row["label"] for row in rows} == set(LABELS)
    jsonl = [json.loads(line) for line in cli(db_path, "export", "--format", "jsonl").splitlines()]
    assert {record["label"] for record in jsonl} == set(LABELS)
    fever = {
        r["workbench_label"]: r
        for r in map(json.loads, cli(db_path, "export", "--format", "fever").splitlines())
    }
    reviews = json.loads(cli(db_path, "export", "--format", "claimreview"))
    by_claim = {review["url"].rsplit("claim-", 1)[1]: review for review in reviews}
    for label, claim in all_labels.items():
        info = LABEL_INFO[label]
        assert fever[label.value]["label"] == info.fever
        assert (fever[label.value]["verifiable"] == "VERIFIABLE") is info.verifiable
        assert by_claim[claim]["reviewRating"]["alternateName"] == info.claimreview


def test_a_first_verdict_takes_evidence_as_the_vocabulary_says(all_labels, db_path):
    db = store.open_db(db_path)
    groups = {group[0].passage_id: group for group in claim_groups(db)}
    for label, claim in all_labels.items():
        counterparts = store.passage_links(db, claim) if hasattr(store, "passage_links") else None
        evidence = groups[claim][0].evidence
        if not label.info.takes_evidence:
            assert evidence == [], label
        elif counterparts:
            assert evidence, label
    db.close()


def test_no_two_keys_of_the_review_screen_are_the_same():
    """A label whose key is taken would silently lose it (or take the other binding's)."""
    from workbench.services.keymap import clashes
    from workbench.tui.keys import REVIEW_KEYS

    defaults = {binding.id: binding.key for binding in REVIEW_KEYS}
    assert len(defaults) == len(REVIEW_KEYS)
    assert clashes(defaults, {}) == {}
    assert {label.info.key for label in Label} <= {k for keys in defaults.values() for k in keys.split(",")}
