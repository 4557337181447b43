"""Strings from other people's files (notes, reviewer names, file names, titles) never reach a
terminal as escapes: every command and every screen shows them as visible marks."""

from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen

from .conftest import SEEDS
from .test_app import Seen, until

# ESC and 8-bit CSI start every escape sequence (CSI, OSC, DCS); BEL ends OSC; the rest reorder text.
RAW = re.compile("[\x07\x1b\x9b\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil"
HOSTILE_FILE = "\x1b[2Jnews\u202etxt.md"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The seeds plus an article with a hostile file name; hostile notes, names and a title,
    written straight into the file as a damaged or crafted database would hold them."""
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / HOSTILE_FILE).write_text(
        "Hostile Title\n\nThe United States may provide air cover to a peacekeeping force in Ukraine.\n",
        encoding="utf-8",
    )
    path = folder / "hostile.db"
    db = store.open_db(path)
    import_paths(db, [corpus])
    refresh_links(db)
    claims = [p for p in store.list_passages(db) if p.claim][:3]
    store.set_verdict(db, claims[0].id, "ana", "supported")
    store.set_verdict(db, claims[1].id, "ana", "contradicted")
    store.set_verdict(db, claims[0].id, "bo", "contradicted")
    db.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE verdicts SET note = ?", [HOSTILE])
        conn.execute(
            "INSERT INTO reviewers (name, role, created_at) VALUES (?, 'reviewer', '2025-01-01T00:00:00Z')",
            [HOSTILE],
        )
        conn.execute(
            "INSERT INTO verdicts (passage_id, reviewer, label, note, created_at, updated_at, basis) "
            "VALUES (?, ?, 'unsupported', ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '')",
            [claims[0].id, HOSTILE, HOSTILE],
        )
        conn.execute("UPDATE articles SET title = ? WHERE name LIKE '%news%'", [HOSTILE])
    conn.close()
    return path


COMMANDS = [
    ["status"],
    ["show", "000"],
    ["show", "\x1b[2Jnews"],
    ["show", HOSTILE],
    ["align"],
    ["align", "--json"],
    ["export"],
    ["export", "--format", "jsonl"],
    ["export", "--format", "fever"],
    ["export", "--format", "claimreview"],
    ["stats"],
    ["stats", "--json"],
    ["triage", "--all"],
    ["triage", "--json", "--all"],
    ["provenance"],
    ["provenance", "--json"],
    ["reference"],
    ["mark", HOSTILE, "supported"],
    ["import", f"/nowhere/{HOSTILE}"],
    ["role", HOSTILE, "adjudicator"],
    ["unmark", HOSTILE],
    ["confirm", HOSTILE],
    ["adjudicate", HOSTILE, "supported"],
    ["config"],
    ["merge", f"/nowhere/{HOSTILE}.db"],
    ["--help"],
]


@pytest.mark.parametrize(
    "args", COMMANDS, ids=lambda args: " ".join(a.encode("unicode_escape").decode() for a in args)
)
def test_no_command_prints_a_raw_escape_from_stored_data(hostile_db, args):
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(hostile_db), "--reviewer", "ana", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert not RAW.search(result.stdout), RAW.findall(result.stdout)
    assert not RAW.search(result.stderr), RAW.findall(result.stderr)


def test_the_hostile_strings_are_shown_as_marks_not_hidden(hostile_db):
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(hostile_db), "stats"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "␛]0;pwned" in result.stdout  # the reviewer name, drawn so a checker can see it is odd


def test_no_screen_of_the_app_draws_a_raw_escape(hostile_db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(hostile_db, copy)
    drawn: list[str] = []

    def capture(app) -> None:
        for strip in app.screen._compositor.render_strips():
            drawn.append(strip.text)

    async def main():
        app = WorkbenchApp(copy, "ana")
        seen = Seen()
        async with app.run_test(size=(120, 40), notifications=True, message_hook=seen.append) as pilot:
            pilot.seen = seen
            await until(pilot, ReviewScreen.OthersLoaded)  # the hostile reviewer's note is drawn too
            await pilot.pause()
            capture(app)
            for key in ("A", "escape", "m", "escape", "p", "escape", "question_mark", "escape"):
                await pilot.press(key)
                capture(app)
            await pilot.press("ctrl+p")
            await pilot.press(*"Review")
            capture(app)
            await pilot.press("escape")
            app.notify(f"a message naming {HOSTILE}")
            await pilot.pause()
            capture(app)

    asyncio.run(main())
    screen = "\n".join(drawn)
    assert "Reviewing" in screen and "Reviewers" in screen
    assert not RAW.search(screen), RAW.findall(screen)


def test_a_note_is_stored_without_the_escapes_it_was_typed_with(seeded):
    claim = next(p for p in store.list_passages(seeded) if p.claim)
    verdict = store.set_verdict(seeded, claim.id, "ana", "supported", note=f"see {HOSTILE}\nline two")
    assert verdict.note == "see evil\nline two"  # escape sequences removed whole, bidi override dropped
