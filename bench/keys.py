"""The review app's cost per key, beside a bare OptionList app with the same rows, and how fast it
answers keys while its hints are still being worked out.

Both apps run under Textual's Pilot in this process, alternately; cost figures are CPU time (this
process, all threads) as medians. The baseline is what any Textual list of these claims pays: an
App holding one OptionList of the claims' texts, moved with the down key. Ours: the review screen
on the same article, against its counterpart article, moved with `j` (a claim down) once the
hints and word diffs are in (so no worker runs during the keys), and a verdict key `s`.
A key is sent as a terminal sends it (a Key event, no wait for idle), and timed until the frame
that answers it is painted and SETTLE seconds after (whatever the key left to do runs then, and
is counted). Pilot's press and pause are not used for the timed keys: each posts a callback to
every widget of the screen and waits for it, work a user at a terminal never causes, which grows
with the number of widgets (30 on the review screen, 19 of them footer keys; 2 in the baseline).
While hints load: `j` sent every 50 ms from the first paint until the hints arrive (at most
LOADING_KEYS of them), each timed from the key event until the screen's current claim has moved
(wall time: that is what a user waits); the figure is the slowest of them. (First paint: bench/startup.py.)
Run on its own: python bench/keys.py [DB ...]   (default: the seeds, imported afresh)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpora import seeds_database
from timing import Figure

from workbench import store

KEYS = 15
LOADING_KEYS = 40
SETTLE = 0.05  # seconds after the answering frame, for work the key left to run


class Painting:
    """An App mixin that says when it has handed the terminal a frame (App._display, overridden:
    Textual has no public event for it)."""

    painted: asyncio.Event | None = None

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        super()._display(screen, renderable)  # type: ignore[misc]
        if renderable is not None and self.painted is not None:
            self.painted.set()


async def timed_key(app, key: str, character: str | None) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds from `key`, sent as a terminal sends it, to its answer painted (and SETTLE)."""
    from textual import events

    if app.painted is None:
        app.painted = asyncio.Event()
    app.painted.clear()
    before = time.process_time()
    app.post_message(events.Key(key, character))
    try:
        await asyncio.wait_for(app.painted.wait(), 10)
    except TimeoutError:
        raise RuntimeError(f"the key {key!r} was never answered with a frame") from None
    await asyncio.sleep(SETTLE)
    return time.process_time() - before


def _claims(db_path: Path) -> tuple[list[str], str]:
    from workbench.services.review import default_pair

    db = store.open_db(db_path)
    pair = default_pair(db)
    assert pair is not None
    texts = [p.text for p in store.list_passages(db, pair[0].id)]
    db.close()
    return texts, pair[0].name


async def _baseline(texts: list[str]) -> tuple[float, list[float]]:
    from rich.text import Text
    from textual.app import App
    from textual.widgets import OptionList

    class Bare(Painting, App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield OptionList(*(Text(text) for text in texts))

    start = time.process_time()
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        paint = time.process_time() - start
        app.query_one(OptionList).focus()
        costs = []
        await pilot.pause()
        for _ in range(KEYS):
            costs.append(await timed_key(app, "down", None))
    return paint, costs


async def _ours(db_path: Path) -> tuple[list[float], list[float], list[float]]:
    from textual import events

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen

    class Timed(Painting, WorkbenchApp):
        pass

    seen: list = []
    app = Timed(db_path, "bench")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:

        def arrived(kind: type) -> bool:
            return any(isinstance(message, kind) for message in seen)

        loading = []
        screen = app.screen
        while not arrived(ReviewScreen.HintsReady) and len(loading) < LOADING_KEYS:
            was = screen.current
            before = time.perf_counter()
            app.post_message(events.Key("j", "j"))  # as a terminal sends it: no wait for idle
            while screen.current == was and time.perf_counter() - before < 30:
                await asyncio.sleep(0.001)
            loading.append(time.perf_counter() - before)
            await asyncio.sleep(0.05)  # a typist's pace
        for _ in range(20_000):
            if arrived(ReviewScreen.DiffsComputed):
                break
            await pilot.pause(0.01)
        await pilot.pause()
        moves = [await timed_key(app, "j", "j") for _ in range(KEYS)]
        marks = [await timed_key(app, "s", "s") for _ in range(KEYS)]
    return loading, moves, marks


def figures(databases: dict[str, Path]) -> list[Figure]:
    found = []
    for label, db_path in databases.items():
        texts, _name = _claims(db_path)
        loading, moves, marks = asyncio.run(_ours(db_path))
        _bare_paint, bare_moves = asyncio.run(_baseline(texts))
        move, bare_move = statistics.median(moves), statistics.median(bare_moves)
        mark = statistics.median(marks)
        rows = f"{len(texts):,} passages"
        found += [
            Figure(
                f"a key that moves a claim, {label} ({rows})",
                f"{move * 1000:.1f} ms",
                f"OptionList app, same rows, down key {bare_move * 1000:.1f} ms",
                f"{move / bare_move:.1f}×",
                "≤ 1.5×",
                move / bare_move <= 1.5,
                f"CPU medians of {KEYS} keys",
            ),
            Figure(
                f"a verdict key, {label} ({rows})",
                f"{mark * 1000:.1f} ms",
                f"OptionList app, same rows, down key {bare_move * 1000:.1f} ms",
                f"{mark / bare_move:.1f}×",
                "≤ 1.5×",
                mark / bare_move <= 1.5,
                f"CPU medians of {KEYS} keys; the verdict is committed to disk",
            ),
        ]
        if loading:
            slowest = max(loading)
            found.append(
                Figure(
                    f"a key while the hints load, {label} ({rows})",
                    f"slowest {slowest * 1000:.0f} ms of {len(loading)}",
                    "none",
                    "",
                    "≤ 100 ms",
                    slowest <= 0.1,
                    f"wall time from press to answer, {len(loading)} keys before the hints arrived",
                )
            )
    return found


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        chosen = {Path(p).name: Path(p) for p in sys.argv[1:]} or {"the seeds": seeds_database(Path(scratch))}
        for figure in figures(chosen):
            print(figure)
