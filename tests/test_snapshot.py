"""A snapshot of the main screen on the seeds: layout, colours and marks as a user sees them."""

from __future__ import annotations

import asyncio

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.review import ReviewScreen

from .conftest import SEEDS


def test_main_screen_on_the_seeds(snap_compare, db_path):
    db = store.open_db(db_path)
    import_paths(db, [SEEDS])
    refresh_links(db)
    db.close()

    class Watched(WorkbenchApp):
        """The app, with an event set when the review screen says its hints are drawn."""

        def on_review_screen_hints_ready(self, _: ReviewScreen.HintsReady) -> None:
            self.hints_drawn.set()

    app = Watched(db_path, "ana")
    app.hints_drawn = asyncio.Event()

    async def settle_then_move(pilot) -> None:
        # the triage hints arrive a beat after the first paint: wait for the screen to say so
        await asyncio.wait_for(pilot.app.hints_drawn.wait(), timeout=60)
        await pilot.pause()
        # j j: the third claim, which has a counterpart in the original, with word marks on both sides
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=settle_then_move)
