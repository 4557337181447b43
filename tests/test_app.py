"""The review app driven with Textual's Pilot: keys in, rows in the real database file out."""

from __future__ import annotations

import asyncio
import csv
import random
import subprocess
import sys
import textwrap

import pytest
from textual import events

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen
from workbench.tui.widgets.panels import DetailsPanel
from workbench.tui.widgets.panes import ArticlePane, ClaimList

from .conftest import SEEDS, article_named, two_paraphrases


@pytest.fixture
def seeded_path(db_path):
    db = store.open_db(db_path)
    import_paths(db, [SEEDS])
    refresh_links(db)
    db.close()
    return db_path


def verdicts(db_path, reviewer="ana") -> dict[str, tuple[str, str]]:
    """What is committed, read on a connection of its own (a file, or a PostgreSQL database)."""
    db = store.open_db(db_path)
    try:
        rows = db.execute(
            "SELECT passage_id, label, note FROM verdicts WHERE reviewer = ?", [reviewer]
        ).fetchall()
    finally:
        db.close()
    return {row[0]: (row[1], row[2]) for row in rows}


def run(db_path, scenario, *, size=(120, 40), reviewer="ana", **kwargs):
    async def main():
        app = WorkbenchApp(db_path, reviewer, **kwargs)
        seen = Seen()
        async with app.run_test(size=size, message_hook=seen.append) as pilot:
            pilot.seen = seen  # what the app's widgets and screens posted, for until()
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


class Seen(list):
    """The messages the app dispatched (a run_test message_hook), with an event set at each."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = asyncio.Event()

    def append(self, message) -> None:  # type: ignore[no-untyped-def]
        super().append(message)
        self.arrived.set()


async def until(pilot, message_type, *, seconds: float = 60) -> None:
    """Let the app work until one of its widgets or screens has posted `message_type`.

    Waits on the app's own messages (each one wakes it to look), not on a guess of how long the
    work takes; a message that never comes fails the test after `seconds`, never hangs it.
    """
    seen = pilot.seen
    await until_true(
        pilot,
        lambda: any(isinstance(message, message_type) for message in seen),
        f"posted {message_type.__name__}",
        seconds=seconds,
    )


async def until_true(pilot, condition, what: str, *, seconds: float = 60) -> None:
    """Let the app work until `condition()` holds, looking again at each message it dispatches."""
    seen = pilot.seen

    async def arrival() -> None:
        while not condition():
            seen.arrived.clear()
            await seen.arrived.wait()

    try:
        await asyncio.wait_for(arrival(), timeout=seconds)
    except TimeoutError:
        raise AssertionError(f"the app never {what}") from None
    await pilot.pause()


def screen_text(app) -> str:
    """The screen as a user sees it, one line of characters per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def review_screen(app) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def test_the_app_opens_a_rewrite_against_the_original(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        assert screen.session.left.name == "000_c80d087d49900f07.txt"
        assert screen.session.right.name == "002_4360f873e8873a82.txt"
        shown = screen_text(app)
        assert "Reviewing  000_c80d087d49900f07.txt" in shown
        assert "Against    002_4360f873e8873a82.txt" in shown
        current = screen.current_passage
        assert current.claim and current.text.startswith("The ruins of Azovstal")

    run(seeded_path, scenario)


def test_one_key_marks_saves_and_moves_to_the_next_unreviewed_claim(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        first = screen.current_passage
        await pilot.press("c")
        assert verdicts(seeded_path) == {first.id: ("contradicted", "")}
        second = screen.current_passage
        assert second.id != first.id and second.claim
        await pilot.press("e")
        assert verdicts(seeded_path)[second.id] == ("editorialized", "")

    run(seeded_path, scenario)


def test_a_whole_rewrite_can_be_reviewed_by_keyboard_alone(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        total = screen.session.progress().total
        keys = "sceu"
        for step in range(total):
            await pilot.press(keys[step % 4])
        progress = screen.session.progress()
        assert (progress.reviewed, progress.total) == (total, total)
        assert len(verdicts(seeded_path)) == total

    run(seeded_path, scenario)


def test_moving_claim_by_claim_keeps_the_claim_in_view_and_the_list_still_between_jumps(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        claims = screen.claims
        room = claims.scrollable_content_region.height
        scrolls = moves = 0
        for _ in range(24):
            before, shown = screen.current, round(claims.scroll_y)
            await pilot.press("j")
            if screen.current == before:
                break  # the last claim
            moves += 1
            row = claims.option_of(screen.current)
            top, height = claims._index_to_line[row], claims._heights[row]
            assert round(claims.scroll_y) <= top and top + height <= round(claims.scroll_y) + room
            scrolls += round(claims.scroll_y) != shown
        # The list turns a page when the claim would leave the view: the next claims follow in
        # view (scrolling at every move repainted the whole pane at each key).
        assert moves >= 12 and 0 < scrolls <= moves // 2

    run(seeded_path, scenario, size=(120, 30))


async def burst(app, pilot, keys: str) -> None:
    """Keys that arrive in one read, as from fast typing, a paste or `tmux send-keys s c e u`."""
    for key in keys:
        app.post_message(events.Key(key, key))
    await pilot.pause()  # waits until the app has handled every queued message


def claim_rows(screen) -> list:
    return [screen.session.passages[i] for i in screen.claims.rows if screen.session.passages[i].claim]


def test_verdict_keys_that_arrive_together_mark_one_claim_each(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        first_four = claim_rows(screen)[:4]
        await burst(app, pilot, "sceu")
        got = verdicts(seeded_path)
        assert [got[c.id][0] for c in first_four] == [
            "supported",
            "contradicted",
            "editorialized",
            "unsupported",
        ]
        assert len(got) == 4
        assert screen.current_passage.id == claim_rows(screen)[4].id

    run(seeded_path, scenario)


def test_moves_and_verdicts_in_one_burst_land_where_the_cursor_was(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        rows = claim_rows(screen)
        await burst(app, pilot, "jjs")
        assert verdicts(seeded_path) == {rows[2].id: ("supported", "")}

    run(seeded_path, scenario)


def test_every_verdict_has_its_counterparts_as_evidence_unless_unsupported(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await pilot.press("n")  # skip ahead to an aligned claim
        while not screen.session.counterparts(screen.current_passage.id):
            await pilot.press("j")
        claim = screen.current_passage
        await pilot.press("s")
        verdict = store.get_verdict(screen.session.db, claim.id, "ana")
        assert set(verdict.evidence) == {c.passage.id for c in screen.session.counterparts(claim.id)}

    run(seeded_path, scenario)


def test_undo_and_clear_change_the_database_and_the_history(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        first = screen.current_passage
        await pilot.press("s")
        await pilot.press("z")
        assert verdicts(seeded_path) == {}
        assert screen.current_passage.id == first.id
        await pilot.press("u")
        await pilot.press("k")
        while screen.current_passage.id != first.id:
            await pilot.press("k")
        await pilot.press("x")
        assert verdicts(seeded_path) == {}
        history = store.list_history(screen.session.db, passage=first.id)
        assert [h.action for h in history] == ["set", "clear", "set", "clear"]

    run(seeded_path, scenario)


def test_a_note_is_written_with_the_verdict(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        first = screen.current_passage
        await pilot.press("a")  # no verdict yet: refused with a notification
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("e")
        await pilot.press("k")
        while screen.current_passage.id != first.id:
            await pilot.press("k")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"invented [bold]scene[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert verdicts(seeded_path)[first.id] == ("editorialized", "invented [bold]scene[/]")
        assert "invented [bold]scene[/]" in screen.query_one(DetailsPanel).shown.plain

    run(seeded_path, scenario)


def test_evidence_is_chosen_in_the_compared_article(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        claim = screen.current_passage
        await pilot.press("u")  # unsupported: no evidence
        await pilot.press("k")
        while screen.current_passage.id != claim.id:
            await pilot.press("k")
        await pilot.press("v")
        await pilot.press("enter")  # the first passage of the compared article
        await pilot.press("v")
        chosen = screen.session.right_passages[0]
        verdict = store.get_verdict(screen.session.db, claim.id, "ana")
        assert verdict.evidence == (chosen.id,)
        assert screen.query_one(ClaimList).has_focus

    run(seeded_path, scenario)


def test_search_jumps_to_the_matching_claim(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await pilot.press("slash", *"kharkiv", "enter")
        assert "Kharkiv" in screen.current_passage.text
        await pilot.press("escape")
        assert screen.query_one(ClaimList).has_focus

    run(seeded_path, scenario)


def test_articles_can_be_switched_from_the_picker(seeded_path):
    async def scenario(app, pilot):
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("down", "enter")  # the article after 000: 001
        await pilot.pause()
        screen = review_screen(app)
        assert screen.session.left.name == "001_a86f8a9ebc3cc322.txt"
        assert screen.session.right.name == "002_4360f873e8873a82.txt"
        await pilot.press("w")
        await pilot.pause()
        assert review_screen(app).session.left.name == "002_4360f873e8873a82.txt"

    run(seeded_path, scenario)


@pytest.mark.sqlite_only
def test_export_from_the_app_writes_a_csv_beside_the_database(seeded_path):
    async def scenario(app, pilot):
        await pilot.press("s", "c")
        await pilot.press("E")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (exported,) = seeded_path.parent.glob("verdicts-*.csv")
        rows = list(csv.DictReader(exported.open(encoding="utf-8-sig")))
        assert sorted(r["label"] for r in rows) == ["contradicted", "supported"]

    run(seeded_path, scenario)


def test_help_lists_every_binding(seeded_path):
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(app)
        for description in ("Supported", "Contradicted", "Editorialized", "Unsupported", "Undo", "Search"):
            assert description in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)

    run(seeded_path, scenario)


def test_another_reviewers_verdict_appears_without_a_restart(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await until(pilot, ReviewScreen.OthersLoaded)  # what was there before is in: now a new write
        claim = screen.current_passage
        writer = textwrap.dedent(
            f"""
            from workbench import store
            db = store.open_db({str(seeded_path)!r})
            store.set_verdict(db, {claim.id!r}, "ben", "contradicted", note="wrong place")
            """
        )
        pilot.seen.clear()
        subprocess.run([sys.executable, "-c", writer], check=True)
        await until(pilot, ReviewScreen.OthersChanged)  # the app looks every second
        details = screen.query_one(DetailsPanel).shown.plain
        assert "ben" in details and "wrong place" in details

    run(seeded_path, scenario)


def test_article_text_is_never_read_as_markup_or_escape_sequences(tmp_path, db_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    hostile = (
        "Hostile Markup Story\n\nHe said [bold red]nothing[/] and [link=https://x.org]more[/link] "
        "[@click=app.quit]here[/]. A stray [/] closes nothing.\x1b[2J\x1b]0;owned\x07\n"
    )
    (folder / "a.txt").write_text(hostile, "utf-8")
    (folder / "b.txt").write_text(hostile.replace("Hostile", "Other"), "utf-8")
    db = store.open_db(db_path)
    import_paths(db, [folder])
    refresh_links(db)
    db.close()

    async def scenario(app, pilot):
        screen = review_screen(app)
        shown = screen_text(app)
        assert "[bold red]nothing[/]" in shown
        assert "[@click=app.quit]here[/]" in shown
        await pilot.click(ClaimList)
        await pilot.press("s")
        assert app.is_running
        assert screen.session.progress().reviewed == 1

    run(db_path, scenario)


def test_the_app_starts_on_the_pair_it_is_given(seeded, db_path):
    left = article_named(seeded, "003_70d6ea2e469fa2ba.txt").id
    right = article_named(seeded, "004_5d5b97a911e2af75.txt").id

    async def scenario(app, pilot):
        screen = review_screen(app)
        assert (screen.session.left.id, screen.session.right.id) == (left, right)

    run(db_path, scenario, left=left, right=right)


def test_it_is_usable_at_80_by_24(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        claims = screen.query_one(ClaimList)
        assert claims.size.height >= 8 and claims.size.width >= 30
        await pilot.press("s")
        assert screen.session.progress().reviewed == 1

    run(seeded_path, scenario, size=(80, 24))


def test_blind_review_hides_others_until_you_have_judged(seeded_path):
    db = store.open_db(seeded_path)

    store.set_setting(db, "blind_review", "on")
    first = [p for p in store.list_passages(db, article_named(db, "000_c80d087d49900f07.txt").id) if p.claim][
        0
    ]
    store.set_verdict(db, first.id, "ben", "contradicted", note="secret")
    db.close()

    async def scenario(app, pilot):
        screen = review_screen(app)
        await until(pilot, ReviewScreen.OthersLoaded)
        assert screen.current_passage.id == first.id
        details = screen.query_one(DetailsPanel).shown.plain
        assert "1 other verdicts are hidden" in details and "secret" not in details
        await pilot.press("s")
        await pilot.press("k")
        while screen.current_passage.id != first.id:
            await pilot.press("k")
        details = screen.query_one(DetailsPanel).shown.plain
        assert "ben" in details and "secret" in details

    run(seeded_path, scenario)


def test_disputed_filter_and_adjudication_in_the_app(seeded_path):
    db = store.open_db(seeded_path)

    claims = [p for p in store.list_passages(db, article_named(db, "000_c80d087d49900f07.txt").id) if p.claim]
    store.set_verdict(db, claims[3].id, "ben", "contradicted")
    store.set_verdict(db, claims[3].id, "cy", "supported")
    store.set_role(db, "ana", "adjudicator")
    db.close()

    async def scenario(app, pilot):
        screen = review_screen(app)
        await until(pilot, ReviewScreen.OthersLoaded)
        await pilot.press("d")
        assert screen.claims.rows == [screen.session.passages.index(claims[3])]
        assert screen.current_passage.id == claims[3].id
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second label: contradicted
        await pilot.pause()
        final = store.get_final(screen.session.db, claims[3].id)
        assert (final.label, final.adjudicator) == ("contradicted", "ana")
        await pilot.press("d")
        assert len(screen.claims.rows) == len(screen.session.passages)
        await pilot.press("A")
        await pilot.pause()
        shown = screen_text(app)
        assert "Krippendorff's alpha" in shown and "Disputed claims (1)" in shown
        await pilot.press("escape")

    run(seeded_path, scenario)


def test_a_stale_verdict_is_marked_and_can_be_kept(seeded_path):
    db = store.open_db(seeded_path)
    rewrite = article_named(db, "000_c80d087d49900f07.txt").id
    original = article_named(db, "002_4360f873e8873a82.txt").id
    link = store.list_links(db, rewrite, original)[0]
    claim, evidence = (
        (link.a, link.b) if store.get_passage(db, link.a).article_id == rewrite else (link.b, link.a)
    )
    store.set_verdict(db, claim, "ana", "supported", evidence=[evidence])
    with store.writing(db):
        db.execute("UPDATE links SET score = score + 3 WHERE a = ? AND b = ?", [link.a, link.b])
    db.close()

    async def scenario(app, pilot):
        screen = review_screen(app)
        index = next(i for i, p in enumerate(screen.session.passages) if p.id == claim)
        screen.claims.go_to(index)
        await pilot.pause()
        assert screen.session.is_stale(claim)
        assert "changed since your verdict" in screen.query_one(DetailsPanel).shown.plain
        await pilot.press("y")
        assert not screen.session.is_stale(claim)
        assert store.get_verdict(screen.session.db, claim, "ana").label == "supported"

    run(seeded_path, scenario)


def test_a_read_only_database_opens_and_refuses_verdicts(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await pilot.press("s")
        await pilot.pause()
        assert screen.session.progress().reviewed == 0
        assert "READ-ONLY" in screen_text(app)

    run(seeded_path, scenario, read_only=True)


def test_triage_hints_are_shown_and_f_jumps_from_one_flagged_claim_to_the_next(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await until(pilot, ReviewScreen.HintsReady)
        assert screen.session.triage_loaded
        text = screen_text(app)
        assert " e The ruins of Azovstal" in text  # the hint beside an invented, loaded caption
        await pilot.press("f")
        first = screen.current_passage
        assert first is not None and screen.session.triage(first.id).flagged
        details = str(screen.query_one(DetailsPanel).shown)
        assert "Hint:" in details
        await pilot.press("f")
        second = screen.current_passage
        assert second.id != first.id and screen.session.triage(second.id).flagged
        # Hints never become verdicts on their own.
        assert verdicts(seeded_path) == {}

    run(seeded_path, scenario)


def test_o_lists_the_most_suspicious_claims_first(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await until(pilot, ReviewScreen.HintsReady)
        await pilot.press("o")
        session = screen.session
        shown = [session.passages[i] for i in screen.claims.rows]
        weights = [session.triage(p.id).suspicion for p in shown]
        assert weights == sorted(weights, reverse=True) and weights[0] > 0
        assert all(p.claim for p in shown)
        await pilot.press("o")
        assert screen.claims.rows == list(range(len(session.passages)))

    run(seeded_path, scenario)


def test_the_compared_article_can_be_marked_as_reference_and_provenance_shown(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "★ Reference: 002_4360f873e8873a82.txt" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("P")  # compare with the other rewrite, and make it the reference
        await pilot.pause()
        await pilot.press("up", "enter")  # the article before 002: 001
        await pilot.pause()
        screen = review_screen(app)
        assert screen.session.right.name.startswith("001")
        await pilot.press("R")
        await pilot.pause()
        db = store.open_db(seeded_path)
        assert store.get_article(db, store.reference(db)).name.startswith("001")
        db.close()

    run(seeded_path, scenario)


def test_not_equal_compares_others_with_you_and_a_star_marks_their_own_dispute(seeded_path):
    db = store.open_db(seeded_path)
    claims = [p for p in store.list_passages(db, article_named(db, "000_c80d087d49900f07.txt").id) if p.claim]
    store.set_verdict(db, claims[0].id, "ben", "supported")
    store.set_verdict(db, claims[0].id, "cy", "contradicted")  # they disagree; ana has not judged
    store.set_verdict(db, claims[1].id, "ben", "supported")
    store.set_verdict(db, claims[1].id, "ana", "contradicted")  # ben disagrees with ana
    db.close()

    async def scenario(app, pilot):
        screen = review_screen(app)
        await until(pilot, ReviewScreen.OthersLoaded)
        rows = {
            p.id: str(screen.claims.row(screen.session, i).plain)
            for i, p in enumerate(screen.session.passages)
        }
        assert rows[claims[0].id][7] == "*" and "≠" not in rows[claims[0].id][:11]  # the agreement column
        assert rows[claims[1].id][7] == "≠"

    run(seeded_path, scenario)


def test_the_picker_counts_your_verdicts_not_everyones(seeded_path):
    db = store.open_db(seeded_path)
    rewrite = article_named(db, "000_c80d087d49900f07.txt")
    for claim in [p for p in store.list_passages(db, rewrite.id) if p.claim][:5]:
        store.set_verdict(db, claim.id, "ben", "supported")
    db.close()

    async def scenario(app, pilot):
        await pilot.press("p")
        await pilot.pause()
        shown = screen_text(app)
        assert "0/31 claims reviewed by you" in shown

    run(seeded_path, scenario)


def test_keys_are_remapped_from_the_users_keymap_file(seeded_path, tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nmark_supported = "1"\nmark_contradicted = "2,ctrl+t"\n', "utf-8")
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(keymap))

    async def scenario(app, pilot):
        screen = review_screen(app)
        first = screen.current_passage
        await pilot.press("1")
        second = screen.current_passage
        await pilot.press("ctrl+t")
        assert verdicts(seeded_path) == {first.id: ("supported", ""), second.id: ("contradicted", "")}
        third = screen.current_passage
        await pilot.press("s")  # the old key no longer marks
        assert third.id not in verdicts(seeded_path)
        await pilot.press("question_mark")
        shown = screen_text(app)
        line = next(row for row in shown.splitlines() if "Mark the claim supported" in row)
        key = line.split("│")[2].split()[0]
        assert key == "1", line  # the help lists the user's key, not the default

    run(seeded_path, scenario)


def test_a_keymap_that_names_no_binding_is_reported_and_the_rest_applies(seeded_path, tmp_path, monkeypatch):
    from textual.notifications import Notify

    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nmark_supported = "1"\nfly_away = "x"\n', "utf-8")
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(keymap))

    async def scenario(app, pilot):
        notes = [m.notification.message for m in pilot.seen if isinstance(m, Notify)]
        assert any("fly_away" in note for note in notes), notes
        first = review_screen(app).current_passage
        await pilot.press("1")
        assert verdicts(seeded_path) == {first.id: ("supported", "")}

    run(seeded_path, scenario)


def test_a_keymap_that_gives_a_taken_key_is_reported_and_that_remap_does_not_apply(
    seeded_path, tmp_path, monkeypatch
):
    from textual.notifications import Notify

    keymap = tmp_path / "keymap.toml"  # x already clears a verdict; 2 is free
    keymap.write_text('[keys]\nmark_supported = "x"\nmark_contradicted = "2"\n', "utf-8")
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(keymap))

    async def scenario(app, pilot):
        notes = [m.notification.message for m in pilot.seen if isinstance(m, Notify)]
        assert any("x for" in note and "mark_supported" in note for note in notes), notes
        screen = review_screen(app)
        first = screen.current_passage
        await pilot.press("s")  # still the key for supported
        second = screen.current_passage
        await pilot.press("2")  # the remap that clashed with nothing applies
        assert verdicts(seeded_path) == {first.id: ("supported", ""), second.id: ("contradicted", "")}

    run(seeded_path, scenario)


def test_the_command_palette_holds_every_action_of_the_screen(seeded_path):
    from workbench.tui.keys import REVIEW_KEYS

    async def scenario(app, pilot):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for binding in REVIEW_KEYS:
            if binding.action != "app.quit":
                assert any(title.startswith(binding.description) for title in titles), binding.description
        screen = review_screen(app)
        before = screen.current_passage
        await pilot.press("ctrl+p")
        await pilot.press(*"Next unreviewed")
        # the palette searches in the background: wait for its match
        await until_true(pilot, lambda: "Next unreviewed (n)" in screen_text(app), "showed the match")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.current_passage.id != before.id

    run(seeded_path, scenario)


def test_C_copies_the_claims_id_and_text_and_i_shows_every_line_of_its_details(seeded_path):
    async def scenario(app, pilot):
        screen = review_screen(app)
        claim = screen.current_passage
        await pilot.press("C")
        assert app.clipboard == f"{claim.id}\t{claim.text}"
        await pilot.press("i")
        await pilot.pause()
        shown = screen_text(app)
        assert claim.id[:10] in shown and "your verdict" in shown and "No other article" in shown

    run(seeded_path, scenario, size=(80, 24))


def test_the_header_marks_the_original_and_says_when_it_was_a_weak_guess(tmp_path):
    db_path = two_paraphrases(tmp_path)

    async def scenario(app, pilot):
        top = screen_text(app).splitlines()[:3]
        against = next(line for line in top if "Against" in line)
        assert "★ original" in against and "weak guess: two.txt is nearly as likely" in against
        await pilot.press("R")  # mark the article compared as the original: no longer a guess
        await pilot.pause()
        top = screen_text(app).splitlines()[:3]
        assert not any("weak guess" in line for line in top), top

    run(db_path, scenario)


def test_a_claim_with_only_weak_links_shows_a_tilde_not_a_counterpart_mark():
    from workbench.models import Kind, Passage
    from workbench.tui import render

    passage = Passage("p", "a", 0, 0, 20, "Lachaux resigned today.", Kind.CLAIM)
    strong = render.claim_row(passage, None, counterparts=1, weak_counterparts=1, others=[])
    weak = render.claim_row(passage, None, counterparts=0, weak_counterparts=1, others=[])
    none = render.claim_row(passage, None, counterparts=0, others=[])
    assert "≈" in strong.gutter.plain and "~" in weak.gutter.plain and "∅" in none.gutter.plain
    assert "≈" not in weak.gutter.plain


def test_keys_are_answered_while_the_hints_are_still_being_worked_out(seeded_path, monkeypatch):
    """Hints are worked out in a worker on a connection of its own: until they arrive, every key
    still acts at once (on a long article they take seconds)."""
    import threading

    from workbench.services.review import ReviewSession

    release = threading.Event()
    working = threading.Event()
    compute = ReviewSession.compute_triage

    def slow_triage(self, reader=None):
        working.set()
        assert release.wait(timeout=30), "the test never let the hints finish"
        return compute(self, reader)

    monkeypatch.setattr(ReviewSession, "compute_triage", slow_triage)

    async def scenario(app, pilot):
        screen = review_screen(app)
        # the worker starts after the first paint: wait for it to be working, in another thread
        await asyncio.get_running_loop().run_in_executor(None, working.wait, 30)
        assert working.is_set() and not screen.session.triage_loaded
        first = screen.current_passage
        await pilot.press("s")
        assert verdicts(seeded_path) == {first.id: ("supported", "")}  # saved while hints wait
        assert not any(isinstance(m, ReviewScreen.HintsReady) for m in pilot.seen)
        release.set()
        await until(pilot, ReviewScreen.HintsReady)
        assert screen.session.triage_loaded
        assert screen.current_passage.id != first.id  # the cursor stayed where the key put it

    try:
        run(seeded_path, scenario)
    finally:
        release.set()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
def test_the_footer_shows_whole_keys_only_and_always_the_palette(seeded_path, size):
    from textual.widgets._footer import FooterKey

    from workbench.tui.widgets.footer import _planned_width

    async def scenario(app, pilot):
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        for key in app.screen.query(FooterKey):  # the footer is fitted before the first paint from
            room = key.size  # each key's planned width: it is the width the key takes on screen
            assert _planned_width(key) == key.get_content_width(room, room) + key.styles.gutter.width
        shown = [key for key in app.screen.query(FooterKey) if key.display]
        assert "palette" in bottom
        for key in shown:
            assert f"{key.key_display} {key.description}".strip() in bottom, (key.description, bottom)
        hidden = [key for key in app.screen.query(FooterKey) if not key.display]
        assert hidden or size[0] > 80  # narrow: some keys wait in ctrl+p and ?

    run(seeded_path, scenario, size=size)


@pytest.mark.parametrize("start, then", [((120, 40), (160, 50)), ((160, 50), (80, 24))])
def test_the_details_sit_below_or_beside_the_panes_by_the_terminal_size_from_the_first_paint(
    seeded_path, start, then
):
    """Wide terminals show the details as a column beside the panes, others below them: right
    from the first screen (the size is known before the first layout), and again after a resize."""

    def details_beside(app) -> bool:
        details = review_screen(app).query_one(DetailsPanel).region
        claims = review_screen(app).claims.region
        return details.x > claims.x and details.y <= claims.y

    async def scenario(app, pilot):
        assert details_beside(app) is (start[0] >= 150)
        await pilot.resize_terminal(*then)
        await until_true(
            pilot,
            lambda: app.size == then and details_beside(app) is (then[0] >= 150),
            f"laid the screen out again for {then}",
        )
        assert review_screen(app).query_one(DetailsPanel).region.height >= (4 if then[1] < 32 else 7)

    run(seeded_path, scenario, size=start)


def test_at_80_by_24_the_details_panel_scrolls_to_its_last_line(seeded_path):
    async def scenario(app, pilot):
        panel = review_screen(app).query_one(DetailsPanel)
        await until(pilot, ReviewScreen.HintsReady)  # the hint line too
        assert panel.max_scroll_y > 0  # more lines than the panel has rows: it scrolls, none is lost
        assert "No other article" not in screen_text(app)
        panel.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "No other article" in screen_text(app)
        assert app.focused is review_screen(app).claims  # the keys still go to the claims

    run(seeded_path, scenario, size=(80, 24))


def test_the_change_strip_shows_where_claims_are_marked_and_a_click_jumps_there(seeded_path):
    from workbench.tui import render
    from workbench.tui.widgets.panels import ChangeStrip

    assert render.strip_rows([None, "unsupported", None, "disputed"], 2) == [
        (0, "unsupported"),
        (2, "disputed"),
    ]
    assert render.strip_rows(["editorialized", "contradicted"], 1) == [(0, "contradicted")]

    async def scenario(app, pilot):
        await until(pilot, ReviewScreen.HintsReady)
        screen = review_screen(app)
        strip = screen.query_one(ChangeStrip)
        rows = render.strip_rows(screen.session.change_marks(), strip.content_size.height)
        assert any(worst for _, worst in rows)  # the rewrite invents: the strip says where
        row = max(r for r, (_, worst) in enumerate(rows) if worst)  # the last marked stretch
        first = rows[row][0]
        after = rows[row + 1][0] if row + 1 < len(rows) else len(screen.session.passages)
        await pilot.click(ChangeStrip, offset=(0, row + 1))  # +1: the strip's top padding
        await pilot.pause()
        assert first <= screen.current < max(after, first + 1)  # a claim of that stretch
        assert screen.session.passages[screen.current].claim

    run(seeded_path, scenario)


def test_a_pair_that_was_never_aligned_is_said_not_shown_as_silently_empty(tmp_path):
    from textual.notifications import Notify

    db_path = two_paraphrases(tmp_path, aligned=False)  # an import stopped, or a pair too long

    async def scenario(app, pilot):
        notes = [m.notification.message for m in pilot.seen if isinstance(m, Notify)]
        assert any("are not aligned" in note and "workbench align" in note for note in notes), notes

    run(db_path, scenario)


def test_an_aligned_pair_opens_without_an_alignment_notice(seeded_path):
    from textual.notifications import Notify

    async def scenario(app, pilot):
        notes = [m.notification.message for m in pilot.seen if isinstance(m, Notify)]
        assert not any("aligned" in note for note in notes), notes

    run(seeded_path, scenario)


def test_a_long_article_opens_at_once_and_every_passage_is_reachable(tmp_path, db_path):
    """The lists fill in steps after the first paint; a passage not in yet is brought in when the
    cursor goes there, and once filled every row is there."""
    from workbench.tui.widgets.panes import FIRST_ROWS, PassageList

    count = FIRST_ROWS * 6
    rng = random.Random(1)
    nouns = "council budget river bridge school doctor nurse police mayor market storm harbour museum".split()
    verbs = "approved rejected delayed praised criticised funded closed opened reviewed doubled".split()
    lines = []
    for n in range(count):
        a, b, c, d = rng.sample(nouns, 4)
        lines.append(
            f"The {a} {rng.choice(verbs)} the {b} plan after {n + 3} weeks, while the {c} and {d} waited."
        )
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "original.txt").write_text("\n\n".join(lines), "utf-8")
    (folder / "rewrite.txt").write_text(
        "\n\n".join(line.replace("waited", "looked on") for line in lines), "utf-8"
    )
    db = store.open_db(db_path)
    import_paths(db, [folder])
    refresh_links(db)
    db.close()

    async def main():
        app = WorkbenchApp(db_path, "ana")
        seen = Seen()
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            pilot.seen = seen
            screen = review_screen(app)
            claims = screen.claims
            last = len(screen.session.passages) - 1
            assert len(claims.rows) == count
            screen.go_to(last)  # before the list is filled, or after: the cursor gets there at once
            assert screen.current == last and claims.highlighted == claims.option_of(last)
            await until(pilot, PassageList.Filled)
            pane = screen.query_one(ArticlePane)
            await until_true(pilot, lambda: not (claims.loading or pane.loading), "filled both lists")
            assert claims.option_count == count
            assert pane.option_count == len(screen.session.right_passages)
            await pilot.press("k")
            assert screen.current == last - 1
            await until(pilot, ReviewScreen.DiffsComputed)  # worked out in a process of their own
            assert screen.session.triage_loaded and screen.current == last - 1
            assert f"after {count + 1} weeks" in screen_text(app)

    asyncio.run(main())
