"""A snapshot of the main screen on the seeds: layout, colours and marks as a user sees them."""

from __future__ import annotations

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.tui.app import WorkbenchApp

from .conftest import SEEDS


def test_main_screen_on_the_seeds(snap_compare, db_path):
    db = store.open_db(db_path)
    import_paths(db, [SEEDS])
    refresh_links(db)
    db.close()
    app = WorkbenchApp(db_path, "ana")

    async def settle_then_move(pilot) -> None:
        for _ in range(3000):  # the triage hints arrive a beat after the first paint: wait for them
            if pilot.app.screen.session.triage_loaded:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        # j j: the third claim, which has a counterpart in the original, with word marks on both sides
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=settle_then_move)
