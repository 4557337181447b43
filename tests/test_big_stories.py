"""A story too big to align every pair: each article with a few partners, links bounded, nothing lost."""

from __future__ import annotations

import asyncio
import contextlib
import random

from workbench import store
from workbench.align import get_aligner
from workbench.align.partners import EXTRA, HUBS
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links

STORY = [
    "The Hartley bridge over the Severn closed on Monday after inspectors found cracks in two piers.",
    "Engineers from the county council said repairs would take at least eight months.",
    "Drivers face a detour of twelve miles through Upton, the council said.",
    "The bridge carried about 14,000 vehicles a day before it was shut.",
    "Local traders fear the closure will cost them customers over the winter.",
    "A temporary ferry for cyclists and walkers will run from next week.",
    "The bridge was built in 1928 and last repaired in 1994.",
    "Councillor Mary Okafor called the state of the piers a scandal.",
    "The Department for Transport has been asked for emergency funding.",
    "Bus companies said their routes would change from Wednesday.",
]
# Said by two versions only, never by the first ones: found through the claims no hub backs.
ASIDES = [
    "A petition to reopen the crossing for pedestrians gathered 3,200 signatures in a day.",
    "Fishermen downstream reported chunks of masonry in the water at Tewkesbury lock.",
    "The ferry operator Severn Crossings said tickets would cost two pounds.",
]
VERSIONS = 30
FULL = 10  # a story of more articles than this is aligned sparsely in these tests


def write_versions(folder, count: int = VERSIONS, extra: list[str] | None = None):
    rng = random.Random(4)
    folder.mkdir(exist_ok=True)
    for n in range(count):
        kept = [s for s in STORY if rng.random() > 0.25]
        for k, aside in enumerate(ASIDES):
            if n in (12 + 5 * k, 21 + 3 * k):
                kept.insert(rng.randrange(len(kept) + 1), aside)
        (folder / f"v{n:02d}.txt").write_text(" ".join(kept + (extra or [])), "utf-8")
    return folder


def linked_claims(db) -> set[tuple[str, str]]:
    """(article name, claim text) of every claim linked to some other version."""
    rows = db.execute(
        """
        SELECT a.name, p.text FROM passages p JOIN articles a ON a.id = p.article_id
        WHERE p.retired_at IS NULL AND p.kind IN ('claim', 'caption')
          AND (EXISTS (SELECT 1 FROM links WHERE links.a = p.id)
               OR EXISTS (SELECT 1 FROM links WHERE links.b = p.id))
        """
    ).fetchall()
    return set(rows)


def pairs(db) -> int:
    return db.execute("SELECT count(*) FROM aligned_pairs").fetchone()[0]


def test_a_big_story_keeps_every_linked_claim_with_a_fraction_of_the_pairs(tmp_path):
    folder = write_versions(tmp_path / "in")
    full = store.open_db(tmp_path / "full.db")
    import_paths(full, [folder])
    refresh_links(full, full_story=VERSIONS)
    sparse = store.open_db(tmp_path / "sparse.db")
    import_paths(sparse, [folder])
    report = refresh_links(sparse, full_story=FULL)

    assert report.sparse == 1
    assert pairs(full) == VERSIONS * (VERSIONS - 1) // 2
    assert pairs(sparse) <= VERSIONS * (HUBS + 1 + EXTRA) // 2 + VERSIONS
    assert pairs(sparse) < pairs(full) / 2
    # every claim that some version says is still linked to one, the asides too
    assert linked_claims(sparse) == linked_claims(full)
    assert any(aside in text for _, text in linked_claims(sparse) for aside in ASIDES)
    # and every article is compared with the story's reference, which triage and review use
    story = store.sole_story(sparse)
    reference = store.reference(sparse, story)
    assert reference is not None
    aligner = store.pair_aligner
    others = [a for a in store.story_articles(sparse, story) if a != reference]
    assert all(aligner(sparse, reference, other) for other in others)


def test_a_big_story_aligned_again_does_nothing_and_a_new_version_meets_its_partners(tmp_path, db):
    folder = write_versions(tmp_path / "in")
    import_paths(db, [folder])
    refresh_links(db, full_story=FULL)
    before = pairs(db)
    assert refresh_links(db, full_story=FULL).pairs == 0
    assert pairs(db) == before

    newcomer = tmp_path / "late"
    newcomer.mkdir()
    (newcomer / "late.txt").write_text(" ".join(STORY[:6] + [ASIDES[0]]), "utf-8")
    import_paths(db, [newcomer])
    report = refresh_links(db, full_story=FULL)
    late = next(a.id for a in store.list_articles(db) if a.name == "late.txt")
    assert store.story_of(db, late) == store.sole_story(db)
    assert 1 <= report.pairs <= HUBS + 1 + EXTRA
    aside_versions = {a.id for a in store.list_articles(db) if ASIDES[0] in a.text and a.id != late}
    mine = store.aligned_with(db, late, get_aligner().version)
    assert mine & aside_versions, "the aside it shares with two versions is linked to one of them"


def test_an_interrupted_big_story_goes_on_where_it_stopped(tmp_path):
    folder = write_versions(tmp_path / "in")
    whole = store.open_db(tmp_path / "whole.db")
    import_paths(whole, [folder])
    refresh_links(whole, full_story=FULL)

    cut = store.open_db(tmp_path / "cut.db")
    import_paths(cut, [folder])

    class Stop(Exception):
        pass

    def stop_midway(done: int, total: int) -> None:
        if done >= total // 3:
            raise Stop

    with contextlib.suppress(Stop):
        refresh_links(cut, stop_midway, full_story=FULL)
    assert 0 < pairs(cut) < pairs(whole)
    refresh_links(cut, full_story=FULL)

    def links(db):
        return db.execute("SELECT a, b, score FROM links ORDER BY a, b").fetchall()

    assert links(cut) == links(whole)
    story = store.sole_story(cut)
    assert store.reference(cut, story) == store.reference(whole, story)


def test_the_app_aligns_two_versions_of_a_big_story_when_they_are_opened(tmp_path, db_path):
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen

    from .test_app import Seen, until

    db = store.open_db(db_path)
    import_paths(db, [write_versions(tmp_path / "in")])
    refresh_links(db, full_story=FULL)
    version = get_aligner().version
    ids = store.story_articles(db, store.sole_story(db))
    left, right = next((a, b) for a in ids for b in ids if a < b and store.pair_aligner(db, a, b) != version)
    db.close()

    async def main_():
        app = WorkbenchApp(db_path, "ana", left, right)
        seen = Seen()
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            pilot.seen = seen
            await until(pilot, ReviewScreen.Aligned)
            shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            assert "Nothing in" not in shown.split("Also in")[0]  # the current claim has its counterpart
            assert "not aligned" not in shown

    asyncio.run(main_())
    db = store.open_db(db_path)
    assert store.pair_aligner(db, left, right) == version
    assert store.list_links(db, left, right)


def big_story(tmp_path, db_path) -> tuple[str, str, str]:
    """A story of more versions than FULL_STORY (so sparse as shipped): (story, reference, another
    article the reference is not its hub or partner of... any other article)."""
    from workbench.align.partners import FULL_STORY

    db = store.open_db(db_path)
    import_paths(db, [write_versions(tmp_path / "in", FULL_STORY + 2)])
    assert refresh_links(db).sparse == 1
    story = store.sole_story(db)
    reference = store.reference(db, story)
    version = get_aligner().version
    # an article that is not aligned with every other: marking it must align it with them
    other = next(
        a
        for a in store.story_articles(db, story)
        if a != reference and len(store.aligned_with(db, a, version)) < FULL_STORY + 1
    )
    db.close()
    return story, reference, other


def test_marking_another_reference_in_a_big_story_aligns_it_with_every_version(tmp_path, db_path):
    from click.testing import CliRunner

    from workbench.cli import main

    story, _, other = big_story(tmp_path, db_path)
    result = CliRunner().invoke(main, ["--db", str(db_path), "reference", other])
    assert result.exit_code == 0, result.output
    db = store.open_db(db_path)
    everyone = set(store.story_articles(db, story)) - {other}
    assert store.aligned_with(db, other, get_aligner().version) == everyone


def test_the_app_aligns_a_reference_marked_in_a_big_story_with_every_version(tmp_path, db_path):
    from workbench.tui.app import WorkbenchApp

    story, reference, other = big_story(tmp_path, db_path)
    notes: list[str] = []

    async def main_():
        app = WorkbenchApp(db_path, "ana", reference, other)
        async with app.run_test(size=(120, 40)) as pilot:
            app.screen.notify = lambda message, **_: notes.append(str(message))  # noqa: ARG005
            await pilot.press("R")
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(main_())
    assert any("aligned with" in note for note in notes), notes
    db = store.open_db(db_path)
    everyone = set(store.story_articles(db, story)) - {other}
    assert store.aligned_with(db, other, get_aligner().version) == everyone
    assert store.reference(db, story) == other


def test_a_story_aligned_by_a_run_stopped_before_its_proposal_gets_one_next_time(tmp_path, db):
    from .test_stories import story_named, write_crawl

    import_paths(db, [write_crawl(tmp_path / "crawl", bridge=3, storm=1)])

    class Stop(Exception):
        pass

    def stop_after_the_last_pair(done: int, total: int) -> None:
        if done == total:  # every pair saved; the proposal would come next
            raise Stop

    with contextlib.suppress(Stop):
        refresh_links(db, stop_after_the_last_pair)
    story = story_named(db, "bridge")
    assert store.reference(db, story) is None
    assert refresh_links(db).pairs == 0  # nothing to align
    assert store.reference(db, story) is not None
