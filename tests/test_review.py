"""The review model behind the app: default pair, counterparts, progress, undo, live changes."""

from __future__ import annotations

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.services.review import ReviewSession, default_pair

from .conftest import ORIGINAL, REWRITE, article_named, import_story, passage_starting


def session(db, reviewer="ana") -> ReviewSession:
    left, right = article_named(db, REWRITE), article_named(db, ORIGINAL)
    return ReviewSession.open(db, reviewer, left.id, right.id)


def test_the_default_pair_is_a_rewrite_against_the_most_aligned_article(seeded):
    left, right = default_pair(seeded)
    assert (left.name, right.name) == (REWRITE, ORIGINAL)


def test_counterparts_and_other_articles_that_back_a_claim(seeded):
    review = session(seeded)
    claim = passage_starting(seeded, REWRITE, "A senior UK government source")
    counterparts = [c.passage.text[:32] for c in review.counterparts(claim.id)]
    assert "‘That’s their security guarantee" in counterparts
    vance = passage_starting(seeded, REWRITE, "However, Vice President JD Vance")
    assert review.counterparts(vance.id) == []
    assert [b.article for b in review.backing(vance.id)] == ["001_a86f8a9ebc3cc322.txt"]


def test_a_reopened_session_has_the_reviewers_evidence_and_everyones_verdicts(seeded):
    claim = passage_starting(seeded, REWRITE, "A senior UK government source")
    mine = passage_starting(seeded, ORIGINAL, "‘That’s their security guarantee")
    theirs = passage_starting(seeded, ORIGINAL, "The United States could provide")
    store.set_verdict(seeded, claim.id, "ana", "supported", note="said", evidence=[mine.id])
    store.set_verdict(seeded, claim.id, "ben", "contradicted", note="not so", evidence=[theirs.id])
    review = session(seeded)  # read from the file, as the app opens it
    assert review.my_verdict(claim.id).evidence == (mine.id,)
    assert [(v.reviewer, v.label.value, v.note) for v in review.other_verdicts(claim.id)] == [
        ("ben", "contradicted", "not so")
    ]
    assert session(seeded, "ben").my_verdict(claim.id).evidence == (theirs.id,)


def test_progress_next_unreviewed_and_undo(seeded):
    review = session(seeded)
    claims = review.claim_indexes()
    first, second = (review.passages[i] for i in claims[:2])
    assert review.next_unreviewed(-1) == claims[0]
    review.mark(first.id, "supported")
    review.mark(second.id, "editorialized")
    review.mark(first.id, "contradicted")
    progress = review.progress()
    assert (progress.reviewed, progress.total) == (2, 31)
    assert progress.by_label["contradicted"] == 1 and progress.by_label["editorialized"] == 1
    assert review.next_unreviewed(-1) == claims[2]
    assert review.undo() == first.id
    assert review.my_verdict(first.id).label == "supported"
    assert review.undo() == second.id and review.my_verdict(second.id) is None
    assert review.undo() == first.id and review.my_verdict(first.id) is None
    assert review.undo() is None


def test_the_progress_follows_every_way_a_verdict_comes_or_goes(seeded, db_path):
    """Marks, relabels, clears, undos and verdicts written by another connection of the same
    reviewer: after each, the progress is what the file holds for this reviewer's claims."""
    import random

    review = session(seeded)
    claims = [review.passages[i] for i in review.claim_indexes()]
    elsewhere = store.open_db(db_path)  # the same reviewer in another window
    rng = random.Random(7)
    try:
        for _ in range(60):
            claim, label = rng.choice(claims), rng.choice(["supported", "contradicted", "unsupported"])
            step = rng.choice(["mark", "mark", "clear", "undo", "elsewhere"])
            if step == "mark":
                review.mark(claim.id, label)
            elif step == "clear":
                review.clear(claim.id)
            elif step == "undo":
                review.undo()
            else:
                store.set_verdict(elsewhere, claim.id, "ana", label)
                review.others_changed()
            held = store.list_verdicts(seeded, reviewer="ana", article=review.left.id)
            labels = [v.label.value for v in held if v.passage_id in {c.id for c in claims}]
            progress = review.progress()
            assert progress.reviewed == len(labels) and progress.total == len(claims)
            assert progress.by_label == {label: labels.count(label) for label in progress.by_label}
    finally:
        elsewhere.close()


def test_a_new_verdict_on_a_stale_one_is_fresh_unless_its_evidence_was_retired(tmp_path, db):
    folder = tmp_path / "story"
    articles = import_story(
        db,
        folder,
        {
            "a.txt": "The mayor resigned on Monday after two years. Roads closed.",
            "b.txt": "On Monday the mayor resigned, after two years in office.",
        },
    )
    claim = store.list_passages(db, articles["a.txt"].id, claims_only=True)[0]
    roads = store.list_passages(db, articles["a.txt"].id, claims_only=True)[1]
    evidence = store.list_passages(db, articles["b.txt"].id, claims_only=True)[0]
    store.set_verdict(db, claim.id, "ana", "supported", evidence=[evidence.id])
    store.set_verdict(db, roads.id, "ana", "unsupported")
    # retires the evidence of the verdict on the claim
    import_story(db, folder, {"b.txt": "On Tuesday the mayor resigned, after three years in office."})
    new_b = store.list_passages(db, articles["b.txt"].id, claims_only=True)[0]
    with store.writing(db):  # the alignment moves under the verdict on roads
        db.execute(
            "INSERT INTO links (a, b, a_article, b_article, score) VALUES (?, ?, ?, ?, 40)",
            [roads.id, new_b.id, articles["a.txt"].id, articles["b.txt"].id],
        )
    review = ReviewSession.open(db, "ana", articles["a.txt"].id, articles["b.txt"].id)
    assert review.is_stale(claim.id) and review.is_stale(roads.id)
    review.mark(roads.id, "unsupported")  # the same verdict again: still given on the old links
    assert review.is_stale(roads.id)
    review.mark(roads.id, "contradicted")  # a new verdict rests on the links as they are
    assert not review.is_stale(roads.id)
    review.mark(claim.id, "contradicted")  # it keeps its evidence, which is retired
    assert review.is_stale(claim.id)
    assert store.is_stale(db, claim.id, "ana") and not store.is_stale(db, roads.id, "ana")


def test_others_verdicts_read_apart_then_merged_lose_nothing_written_meanwhile(seeded, db_path):
    """A session opened with this reviewer's verdicts only (the app's first paint) takes in the
    others' from a read on another connection; what is written after that read, by others or by
    this reviewer, is there after the next look."""
    claims = [p for p in store.list_passages(seeded, article_named(seeded, REWRITE).id) if p.claim]
    store.set_verdict(seeded, claims[0].id, "ben", "contradicted", note="before")
    store.set_verdict(seeded, claims[1].id, "ana", "supported")
    left, right = article_named(seeded, REWRITE), article_named(seeded, ORIGINAL)
    review = ReviewSession.open(seeded, "ana", left.id, right.id, others=False)
    assert not review.others_loaded and review.other_verdicts(claims[0].id) == []
    assert review.my_verdict(claims[1].id).label == "supported" and review.progress().reviewed == 1
    read = review.read_others(review.location())
    elsewhere = store.open_db(db_path)  # cy, at another desk
    try:
        store.set_verdict(elsewhere, claims[2].id, "cy", "unsupported", note="after the read")
    finally:
        elsewhere.close()
    assert review.others_changed()  # the poll may look before the read is merged
    review.mark(claims[3].id, "editorialized")
    assert review.merge_others(read) and review.others_loaded
    assert [v.note for v in review.other_verdicts(claims[0].id)] == ["before"]
    review.others_changed()
    assert [v.note for v in review.other_verdicts(claims[2].id)] == ["after the read"]
    assert review.my_verdict(claims[3].id).label == "editorialized"
    assert review.progress().reviewed == 2
    assert not review.merge_others(read)  # once


def test_search_wraps_around_and_ignores_case(seeded):
    review = session(seeded)
    found = review.search("KHARKIV", after=len(review.passages) - 1)
    assert "Kharkiv" in review.passages[found].text
    assert review.search("no such words here", after=0) is None


def test_changes_by_another_connection_are_noticed(seeded):
    review = session(seeded)
    claim = passage_starting(seeded, REWRITE, "The MiG-29S")
    assert review.others_changed() == set()
    other = store.writer(seeded)  # another connection to the same database (a file, or a server)
    store.set_verdict(other, claim.id, "ben", "editorialized")
    other.close()
    index = next(i for i, p in enumerate(review.passages) if p.id == claim.id)
    assert review.others_changed() == {index}  # only the claim that changed is read and redrawn
    assert [v.reviewer for v in review.other_verdicts(claim.id)] == ["ben"]
    assert review.others_changed() == set()


def test_own_writes_do_not_count_as_changes_by_others(seeded):
    review = session(seeded)
    claim = passage_starting(seeded, REWRITE, "The MiG-29S")
    review.mark(claim.id, "supported")
    assert review.others_changed() == set()
    other = store.writer(seeded)
    assert other.execute("SELECT count(*) FROM verdicts").fetchone()[0] == 1
    other.close()


def test_an_empty_database_gets_the_bundled_demo_corpus_once(db):
    from workbench.services.demo import seed_if_empty

    first = seed_if_empty(db)
    assert first is not None and len(first.outcomes) == 5
    assert store.list_links(db)
    assert seed_if_empty(db) is None


def test_the_counterpart_that_backs_most_of_the_claim_comes_first(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.txt").write_text("The council approved the budget and the mayor resigned.")
    (folder / "b.txt").write_text(
        "The council approved the budget. "
        "After a long meeting on Tuesday night in the old town hall, the council approved the new "
        "budget and the mayor resigned over the parking scandal."
    )
    db = store.open_db(tmp_path / "order.db")
    import_paths(db, [folder])
    refresh_links(db)
    articles = {a.name: a for a in store.list_articles(db)}
    review = ReviewSession.open(db, "ana", articles["a.txt"].id, articles["b.txt"].id)
    claim = review.passages[0]
    found = review.counterparts(claim.id)
    assert len(found) == 2
    assert found[0].passage.text.startswith("After a long meeting")  # backs all of the claim
    assert found[0].score < found[1].score  # though the short, partial one scores higher
