"""Stories: a crawl is grouped into stories, and each story is aligned, triaged and referenced alone."""

from __future__ import annotations

import asyncio
import json
import random

from click.testing import CliRunner

from workbench import store
from workbench.align.stories import assign, term_counts, vectors
from workbench.cli import main
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links

BRIDGE = [
    "The old Hartley bridge over the Severn closed on Monday after inspectors found cracks in two piers.",
    "Engineers from the county council said repairs would take at least eight months.",
    "Drivers face a detour of twelve miles through Upton, the council said.",
    "The bridge carried about 14,000 vehicles a day.",
]
STORM = [
    "A winter storm brought heavy snow to the Cairngorm villages and cut power to 9,000 homes.",
    "Crews from the grid operator worked through the night to restore supplies.",
    "Schools in Aviemore and Kingussie stayed shut on Tuesday.",
    "Forecasters warned of more snow and ice for the rest of the week.",
]


def versions(story: list[str], count: int) -> list[str]:
    """`count` versions of a story: the original, then rewrites that drop or reword a sentence."""
    found = [" ".join(story)]
    for n in range(1, count):
        kept = [s for k, s in enumerate(story) if k != n % len(story)]
        kept[0] = kept[0].replace("on Monday", "on Monday morning").replace("heavy", "very heavy")
        found.append(" ".join(kept))
    return found


def write_crawl(folder, bridge: int = 3, storm: int = 3):
    folder.mkdir(exist_ok=True)
    for n, text in enumerate(versions(BRIDGE, bridge)):
        (folder / f"bridge-{n}.txt").write_text(text, "utf-8")
    for n, text in enumerate(versions(STORM, storm)):
        (folder / f"storm-{n}.txt").write_text(text, "utf-8")
    return folder


def cli(db_path, *args):
    return CliRunner().invoke(main, ["--db", str(db_path), *args])


def story_named(db, prefix: str) -> str:
    stories = {store.story_of(db, a.id) for a in store.list_articles(db) if a.name.startswith(prefix)}
    assert len(stories) == 1, f"{prefix} articles are in {len(stories)} stories"
    return stories.pop()


def test_grouping_keeps_placed_articles_and_places_new_ones():
    texts = [" ".join(BRIDGE), " ".join(BRIDGE[:3]), " ".join(STORM), " ".join(STORM[1:])]
    vecs = vectors([term_counts(text.split(". ")) for text in texts])
    found = assign(vecs, {0: "bridge"})
    assert found[1] == "bridge"  # a version of a placed article joins its story
    assert found[2] == found[3] != "bridge"  # two versions of another story: a new story of their own
    assert 0 not in found  # a placed article is never moved


def test_import_groups_a_crawl_into_stories_and_aligns_only_within_them(tmp_path, db_path):
    crawl = write_crawl(tmp_path / "crawl")
    result = cli(db_path, "import", str(crawl))
    assert result.exit_code == 0, result.output
    assert "6 article pairs in 2 stories" in result.output  # 3 + 3, not the 15 of all pairs
    listed = cli(db_path, "stories")
    assert "2 stories, 6 articles." in listed.output
    data = json.loads(cli(db_path, "stories", "--json").stdout)
    assert sorted(len(s["articles"]) for s in data) == [3, 3]
    db = store.open_db(db_path)
    bridge, storm = story_named(db, "bridge"), story_named(db, "storm")
    across = [
        link
        for link in store.list_links(db)
        if store.story_of(db, store.get_passage(db, link.a).article_id)
        != store.story_of(db, store.get_passage(db, link.b).article_id)
    ]
    assert bridge != storm and store.list_links(db) and not across
    db.close()


def test_each_story_is_triaged_against_its_own_reference(tmp_path, db_path):
    crawl = write_crawl(tmp_path / "crawl")
    assert cli(db_path, "import", str(crawl)).exit_code == 0
    db = store.open_db(db_path)
    references = {store.reference(db, s.id) for s in store.list_stories(db)}
    assert len(references) == 2
    assert {store.story_of(db, r) for r in references} == {s.id for s in store.list_stories(db)}
    reference_passages = {p.id for r in references for p in store.list_passages(db, r)}
    articles_triaged = {a.id for a in store.list_articles(db)} - references
    db.close()
    result = cli(db_path, "triage", "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    db = store.open_db(db_path)
    triaged = {store.get_passage(db, e["passage"]).article_id for e in entries}
    db.close()
    assert triaged == articles_triaged  # both stories, and neither reference
    assert not {e["passage"] for e in entries} & reference_passages
    text = cli(db_path, "triage").output
    assert text.count("Against the reference") == 2


def test_provenance_asks_which_story_when_there_are_several(tmp_path, db_path):
    assert cli(db_path, "import", str(write_crawl(tmp_path / "crawl"))).exit_code == 0
    result = cli(db_path, "provenance")
    assert result.exit_code == 2 and "give --story" in result.output
    db = store.open_db(db_path)
    storm = story_named(db, "storm")
    db.close()
    data = json.loads(cli(db_path, "provenance", "--json", "--story", storm).stdout)
    assert sorted(a["name"] for a in data["articles"]) == ["storm-0.txt", "storm-1.txt", "storm-2.txt"]


def test_marking_a_reference_changes_only_its_story(tmp_path, db_path):
    assert cli(db_path, "import", str(write_crawl(tmp_path / "crawl"))).exit_code == 0
    db = store.open_db(db_path)
    bridge, storm = story_named(db, "bridge"), story_named(db, "storm")
    storm_before = store.reference(db, storm)
    db.close()
    assert cli(db_path, "reference", "bridge-2.txt").exit_code == 0
    db = store.open_db(db_path)
    assert store.get_article(db, store.reference(db, bridge)).name == "bridge-2.txt"
    assert store.reference(db, storm) == storm_before
    db.close()
    shown = cli(db_path, "reference").output
    assert "bridge-2.txt" in shown and "marked by a user" in shown and shown.count("Reference of story") == 2


def test_a_moved_article_stays_in_its_story_and_is_aligned_there(tmp_path, db_path):
    crawl = write_crawl(tmp_path / "crawl")
    assert cli(db_path, "import", str(crawl)).exit_code == 0
    db = store.open_db(db_path)
    storm = story_named(db, "storm")
    moved = store.find_article(db, "bridge-1.txt").id
    db.close()
    result = cli(db_path, "stories", "move", "bridge-1.txt", storm)
    assert result.exit_code == 0, result.output
    (crawl / "bridge-9.txt").write_text(" ".join(BRIDGE), "utf-8")  # a new version comes in
    assert cli(db_path, "import", str(crawl)).exit_code == 0
    db = store.open_db(db_path)
    assert store.story_of(db, moved) == storm  # grouping again never moves it back
    assert store.story_of(db, store.find_article(db, "bridge-9.txt").id) == story_named(db, "bridge-0")
    assert not store.list_links(db, moved)  # its links to the bridge story are gone, and storms share nothing
    for other in store.story_articles(db, storm):
        if other != moved:  # but it was aligned with every article of its new story
            assert store.pair_aligner(db, moved, other) is not None
    db.close()
    assert cli(db_path, "stories", "move", "bridge-1.txt", "nosuchstory").exit_code == 1
    assert cli(db_path, "stories", "move", "bridge-1.txt").exit_code == 2  # neither a story nor --new


def test_a_new_story_of_its_own(tmp_path, db_path):
    assert cli(db_path, "import", str(write_crawl(tmp_path / "crawl"))).exit_code == 0
    result = cli(db_path, "stories", "move", "storm-2.txt", "--new", "Storm, day two")
    assert result.exit_code == 0, result.output
    assert "3 stories, 6 articles." in cli(db_path, "stories").output
    assert "Storm, day two" in cli(db_path, "stories").output


def test_a_database_from_before_stories_keeps_its_marked_reference(seeded):
    marked = store.find_article(seeded, "001_a86f8a9ebc3cc322.txt").id
    # as a database made before stories: no story rows, the mark in the settings
    seeded.execute("DELETE FROM story_articles")
    seeded.execute("DELETE FROM stories")
    seeded.execute("INSERT INTO settings (key, value) VALUES ('reference', ?)", [marked])
    seeded.conn.commit()
    assert store.reference(seeded) == marked
    refresh_links(seeded)  # groups the articles
    assert len(store.list_stories(seeded)) == 1
    assert store.reference(seeded) == marked
    assert store.marked_reference(seeded) == marked


def test_the_picker_groups_articles_by_story(tmp_path, db_path):
    from workbench.tui.app import WorkbenchApp

    db = store.open_db(db_path)
    import_paths(db, [write_crawl(tmp_path / "crawl")])
    refresh_links(db)
    headings = {f"{s.id} · " for s in store.list_stories(db)}
    db.close()

    async def main_():
        app = WorkbenchApp(db_path, "ana")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            assert all(heading in shown for heading in headings)
            left = app.screen.query_one("#picker").get_option_at_index(0)
            assert left.disabled  # a story's heading is not an article to pick

    asyncio.run(main_())


def test_a_version_that_is_mostly_its_headline_joins_its_story(tmp_path, db_path):
    folder = write_crawl(tmp_path / "crawl")
    (folder / "bridge-alert.txt").write_text(
        "Hartley bridge over the Severn closed: cracks found in two piers\n\nMore details will follow.\n",
        "utf-8",
    )
    db = store.open_db(db_path)
    import_paths(db, [folder])
    refresh_links(db)
    assert story_named(db, "bridge") != story_named(db, "storm")


def made_up(n: int) -> str:
    """A made-up word for each number, with no stem to share with another."""
    return "q" + "".join("bcdfghjklmnpqrstvwxz"[int(d)] + "a" for d in str(n)) + "x"


def test_two_long_pages_of_a_big_crawl_that_share_its_common_words_stay_apart():
    rng = random.Random(7)
    common = [made_up(n) for n in range(2000)]
    texts = [" ".join(rng.sample(common, 60)) for _ in range(300)]  # the crawl's other articles
    own = [[made_up(5000 + 100 * k + n) for n in range(20)] for k in range(2)]  # each page's story
    # two long pages hold most of the crawl's common words: each holds much of the other by chance alone
    pages = [" ".join(common[:1200] + own[0]), " ".join(common[300:1500] + own[1])]
    claims = [" ".join(own[0][:6] + common[1600:1604]), " ".join(own[1][:6] + common[1700:1704])]
    vecs = vectors([term_counts([text]) for text in texts + pages + claims])
    found = assign(vecs, {})
    page_1, page_2, claim_1, claim_2 = range(300, 304)
    assert found[claim_1] == found[page_1] != found[page_2] == found[claim_2]


def test_one_tie_between_a_page_and_another_storys_claim_does_not_merge_two_stories():
    rng = random.Random(3)
    common = [made_up(n) for n in range(3000)]
    texts = [rng.sample(common, 40) for _ in range(300)]  # the crawl's other articles
    words = [[made_up(10000 * k + n) for n in range(100)] for k in (1, 2, 3)]
    first, second, claimed = words
    for word in first[7:] + second:  # each page's words are in a few other articles too
        for k in rng.sample(range(300), 3):
            texts[k].append(word)
    page_1 = first + claimed[:8]  # most of the second story's claim is on the first page too
    claim_1 = first[:7] + common[:3]
    page_2 = second + claimed[:10]
    claim_2 = claimed[:10]
    vecs = vectors([term_counts([" ".join(text)]) for text in texts + [page_1, claim_1, page_2, claim_2]])
    found = assign(vecs, {})
    # the first page is closest to the second story's claim, but the pages share little else
    assert found[300] == found[301] != found[302] == found[303]
