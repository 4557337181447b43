"""A team on one corpus: stats and agreement, adjudication, merging files, stale verdicts, exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from workbench import store
from workbench.cli import main
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.store import merge, stale_verdicts

from .conftest import ORIGINAL, REWRITE, SEEDS, import_story, passage_starting


def cli(db_path, *args, reviewer="ana"):
    return CliRunner().invoke(main, ["--db", str(db_path), "--reviewer", reviewer, *args])


@pytest.fixture
def reviewed(seeded):
    """Three reviewers: they agree on one claim and disagree on another."""
    mig = passage_starting(seeded, REWRITE, "The MiG-29S").id
    tank = passage_starting(seeded, REWRITE, "Ukrainians ride a tank").id
    store.set_verdict(seeded, mig, "ana", "editorialized", note="title case, opinion")
    store.set_verdict(seeded, mig, "ben", "supported")
    store.set_verdict(seeded, mig, "cy", "editorialized")
    source = passage_starting(seeded, ORIGINAL, "Ukrainians ride a tank").id
    for reviewer in ("ana", "ben"):
        store.set_verdict(seeded, tank, reviewer, "supported", evidence=[source])
    return seeded, mig, tank


def test_stats_reports_reviewers_agreement_and_disputes(reviewed, db_path):
    _, mig, _ = reviewed
    result = cli(db_path, "stats", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {r["name"]: r["reviewed"] for r in figures["reviewers"]} == {"ana": 2, "ben": 2, "cy": 1}
    pair = next(p for p in figures["agreement"]["pairs"] if p["reviewers"] == ["ana", "ben"])
    assert pair["shared"] == 2 and pair["observed"] == 0.5
    assert figures["agreement"]["claims_with_several_verdicts"] == 2
    assert figures["agreement"]["krippendorff_alpha"] is not None
    assert [d["passage"] for d in figures["disputes"]] == [mig]
    assert figures["disputes"][0]["verdicts"] == {
        "ana": "editorialized",
        "ben": "supported",
        "cy": "editorialized",
    }
    table = cli(db_path, "stats")
    assert "Krippendorff's alpha" in table.stdout and "Disputed claims (1)" in table.stdout


def test_only_an_adjudicator_sets_the_final_verdict_and_it_is_kept_apart(reviewed, db_path):
    _, mig, _ = reviewed
    refused = cli(db_path, "adjudicate", mig, "editorialized", reviewer="dee")
    assert refused.exit_code == 1 and "not an adjudicator" in refused.stderr
    assert cli(db_path, "role", "dee", "adjudicator").exit_code == 0
    done = cli(db_path, "adjudicate", mig, "editorialized", "--note", "opinion added", reviewer="dee")
    assert done.exit_code == 0, done.output
    db = store.open_db(db_path)
    final = store.get_final(db, mig)
    assert (final.label, final.adjudicator, final.note) == ("editorialized", "dee", "opinion added")
    assert store.get_verdict(db, mig, "ben").label == "supported"  # the reviewers' own are untouched
    assert [d.final.label for d in store.disputes(db)] == ["editorialized"]
    assert cli(db_path, "adjudicate", mig, "none", reviewer="dee").exit_code == 0
    assert store.get_final(db, mig) is None
    history = db.execute("SELECT old_label, new_label FROM final_history ORDER BY id").fetchall()
    assert history == [(None, "editorialized"), ("editorialized", None)]


def test_settings_blind_review(db_path, seeded):
    assert cli(db_path, "config").stdout.strip() == "blind_review = off"
    assert cli(db_path, "config", "blind_review", "on").stdout.strip() == "blind_review = on"
    assert store.blind_review(store.open_db(db_path))
    bad = cli(db_path, "config", "blind_review", "maybe")
    assert bad.exit_code == 1 and "must be one of off, on" in bad.stderr


def test_merge_folds_in_a_laptop_file_idempotently_and_keeps_both_histories(reviewed, db_path, tmp_path):
    db, mig, tank = reviewed
    laptop_seeds = tmp_path / "laptop" / "offline-copy"
    shutil.copytree(SEEDS, laptop_seeds)  # the same articles, imported from another folder
    laptop = store.open_db(tmp_path / "laptop.db")
    import_paths(laptop, [laptop_seeds])
    refresh_links(laptop)
    their_mig = passage_starting(laptop, REWRITE, "The MiG-29S").id
    their_tank = passage_starting(laptop, REWRITE, "Ukrainians ride a tank").id
    assert their_mig != mig  # ids differ across machines: passages are matched by content
    store.set_verdict(laptop, their_mig, "eve", "contradicted", note="offline")
    store.set_verdict(laptop, their_tank, "ben", "contradicted")  # ben changed his mind later
    laptop.close()

    first = merge(db, tmp_path / "laptop.db")
    assert (first.verdicts_added, first.verdicts_updated, first.unmatched) == (1, 1, 0)
    assert first.conflicts and "ben" in first.conflicts[0] and "kept theirs (newer)" in first.conflicts[0]
    assert store.get_verdict(db, mig, "eve").note == "offline"
    assert store.get_verdict(db, tank, "ben").label == "contradicted"
    history = [(h.reviewer, h.new_label) for h in store.list_history(db, passage=tank) if h.reviewer == "ben"]
    assert history == [("ben", "supported"), ("ben", "contradicted")]

    second = merge(db, tmp_path / "laptop.db")
    assert not second.changed and second.verdicts_same == 2


def test_merge_refuses_a_file_of_another_corpus(db_path, seeded, tmp_path):
    other_seeds = tmp_path / "other"
    other_seeds.mkdir()
    (other_seeds / "story.txt").write_text("A storm hit the coast. Roads closed.", "utf-8")
    other = store.open_db(tmp_path / "other.db")
    import_paths(other, [other_seeds])
    store.set_verdict(other, store.list_passages(other, claims_only=True)[0].id, "eve", "supported")
    other.close()
    before = seeded.execute("SELECT count(*) FROM verdict_history").fetchone()[0]
    result = cli(db_path, "merge", str(tmp_path / "other.db"))
    assert result.exit_code == 1 and "another corpus" in result.stderr
    assert seeded.execute("SELECT count(*) FROM verdict_history").fetchone()[0] == before


def test_a_verdict_goes_stale_when_its_evidence_changes_until_it_is_confirmed(tmp_path, db):
    folder = tmp_path / "story"
    a, b = (
        "The mayor resigned on Monday after two years.",
        "On Monday the mayor resigned, after two years in office.",
    )
    import_story(db, folder, {"a.txt": a, "b.txt": b})

    def claim_of(name):
        article = next(a for a in store.list_articles(db) if a.name == name)
        return store.list_passages(db, article.id, claims_only=True)[0]

    claim, evidence = claim_of("a.txt"), claim_of("b.txt")
    store.set_verdict(db, claim.id, "ana", "supported", evidence=[evidence.id])
    assert stale_verdicts(db) == set()
    import_story(db, folder, {"b.txt": "On Tuesday the mayor resigned, after three years in office."})
    assert stale_verdicts(db) == {(claim.id, "ana")}
    assert store.is_stale(db, claim.id, "ana")  # one claim's check says what the whole scan says
    assert not store.is_stale(db, claim.id, "nobody")
    store.set_verdict(db, claim.id, "ana", "supported")  # the same verdict again changes nothing
    assert stale_verdicts(db) == {(claim.id, "ana")}
    store.set_verdict(db, claim.id, "ana", "contradicted", evidence=[claim_of("b.txt").id])
    assert stale_verdicts(db) == set()
    assert not store.is_stale(db, claim.id, "ana")


def test_confirm_command_clears_staleness(db_path, seeded):
    link = store.list_links(seeded)[0]
    store.set_verdict(seeded, link.a, "ana", "supported", evidence=[link.b])
    with store.writing(seeded):
        seeded.execute("UPDATE links SET score = score + 5 WHERE a = ? AND b = ?", [link.a, link.b])
    assert stale_verdicts(seeded) == {(link.a, "ana")}
    assert cli(db_path, "confirm", link.a).exit_code == 0
    assert stale_verdicts(seeded) == set()


def test_a_verdict_stores_a_short_digest_of_its_links_and_older_verdicts_are_still_judged(seeded):
    from workbench.store.basis import BASIS_OF_ONE

    link = store.list_links(seeded)[0]
    store.set_verdict(seeded, link.a, "ana", "supported", evidence=[link.b])
    stored = seeded.execute("SELECT basis FROM verdicts WHERE passage_id = ?", [link.a]).fetchone()[0]
    links_now = seeded.execute(BASIS_OF_ONE, {"claim": link.a}).fetchone()[0]
    assert len(stored) < 30 < len(links_now)  # whatever the number of links
    # A verdict stored before digests holds the links themselves: it is judged on them.
    with store.writing(seeded):
        seeded.execute("UPDATE verdicts SET basis = ? WHERE passage_id = ?", [links_now, link.a])
    assert stale_verdicts(seeded) == set() and not store.is_stale(seeded, link.a, "ana")
    with store.writing(seeded):
        seeded.execute("UPDATE links SET score = score + 5 WHERE a = ? AND b = ?", [link.a, link.b])
    assert stale_verdicts(seeded) == {(link.a, "ana")} and store.is_stale(seeded, link.a, "ana")
    assert stale_verdicts(seeded, reviewer="ana") == {(link.a, "ana")}
    assert stale_verdicts(seeded, reviewer="ben") == set()


def test_every_export_format_on_a_reviewed_corpus(reviewed, db_path, tmp_path):
    _, mig, tank = reviewed
    cli(db_path, "role", "dee", "adjudicator")
    cli(db_path, "adjudicate", mig, "editorialized", "--note", "opinion added", reviewer="dee")

    rows = list(csv.DictReader(io.StringIO(cli(db_path, "export").stdout)))
    assert {(r["passage_id"], r["reviewer"], r["consensus"], r["final"]) for r in rows} == {
        (mig, "ana", "disputed", "editorialized"),
        (mig, "ben", "disputed", "editorialized"),
        (mig, "cy", "disputed", "editorialized"),
        (tank, "ana", "supported", ""),
        (tank, "ben", "supported", ""),
    }

    lines = [json.loads(line) for line in cli(db_path, "export", "--format", "jsonl").stdout.splitlines()]
    assert len(lines) == 5 and lines[0]["reviewer"] and "evidence" in lines[0] and "stale" in lines[0]

    fever = {
        item["id"]: item
        for item in map(json.loads, cli(db_path, "export", "--format", "fever").stdout.splitlines())
    }
    assert fever[mig]["label"] == "NOT ENOUGH INFO" and fever[mig]["editorialized"] is True
    assert fever[mig]["adjudicated"] is True
    assert fever[tank]["label"] == "SUPPORTS" and fever[tank]["evidence"]
    assert all(isinstance(e, str) for e in fever[tank]["evidence"][0])

    out = tmp_path / "reviews.jsonld"
    result = cli(
        db_path,
        "export",
        "--format",
        "claimreview",
        "-o",
        str(out),
        "--base-url",
        "https://fc.example/ukraine",
        "--author",
        "Desk",
    )
    assert result.exit_code == 0, result.output
    reviews = {r["claimReviewed"][:20]: r for r in json.loads(out.read_text("utf-8"))}
    review = reviews["The MiG-29S: A Symbo"]
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["reviewRating"]["alternateName"] == "Editorialized"
    assert review["reviewRating"]["ratingExplanation"] == "opinion added"
    assert review["url"] == f"https://fc.example/ukraine#claim-{mig}"
    assert review["author"] == {"@type": "Organization", "name": "Desk"}
    assert review["itemReviewed"]["appearance"]["headline"].startswith("US May Provide Air Cover")
    assert len(review["datePublished"]) == 10


def test_disputed_claims_without_a_final_verdict_are_left_out_and_said_so(reviewed, db_path):
    result = cli(db_path, "export", "--format", "fever")
    assert len(result.stdout.splitlines()) == 1  # the tank claim; the MiG claim is disputed
    assert "Left out 1 disputed claims" in result.stderr


@pytest.mark.sqlite_only
def test_history_rows_carry_unique_change_ids(reviewed, db_path):
    conn = sqlite3.connect(db_path)
    ids = [row[0] for row in conn.execute("SELECT change_id FROM verdict_history")]
    assert len(ids) == 5 and len(set(ids)) == 5 and all(len(i) == 32 for i in ids)
