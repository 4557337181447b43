"""A child process for the start-up figures: run an app headless, say READY (and the CPU seconds it
has used) once its screen is drawn.

Both apps say READY at their first paint: the first frame Textual hands to the terminal
(App._display, overridden here: Textual has no public event for it) that shows the screen asked
for. Waiting for the screen to settle instead (call_after_refresh) counted, for the review app,
the work it starts once painted (the hints, others' verdicts, the rest of a long list), which
the minimal app has none of.

python bench/probe.py minimal            a bare Textual app: Header, one Static, Footer
python bench/probe.py workbench DB_PATH  the review app on a database

On exit it prints PEAK and its peak resident memory in KiB.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def ready(app) -> None:  # type: ignore[no-untyped-def]
    print(f"READY {time.process_time():.4f}", flush=True)  # CPU seconds of this process so far
    app.exit()


def at_first_paint(app_class, shows):  # type: ignore[no-untyped-def]
    """`app_class`, saying READY once it has painted a screen for which `shows(screen)` holds."""
    if not hasattr(app_class, "_display"):
        raise SystemExit("this Textual has no App._display: the probe cannot see the first paint")

    class Painted(app_class):  # type: ignore[misc, valid-type]
        _told = False

        def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
            super()._display(screen, renderable)
            if not self._told and renderable is not None and shows(screen):
                self._told = True
                ready(self)

    return Painted


def report_memory() -> None:
    from timing import peak_memory_kib

    print(f"PEAK {peak_memory_kib()}", flush=True)


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

    at_first_paint(Minimal, lambda screen: True)().run(headless=True, size=(120, 40))


def workbench(db_path: str) -> None:
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen

    def shows(screen: object) -> bool:
        return isinstance(screen, ReviewScreen) and screen.current is not None

    at_first_paint(WorkbenchApp, shows)(Path(db_path), "bench").run(headless=True, size=(120, 40))


if __name__ == "__main__":
    minimal() if sys.argv[1] == "minimal" else workbench(sys.argv[2])
    report_memory()
