"""A child process for the start-up figures: run an app headless, say READY (and the CPU seconds it
has used) once its screen is drawn.

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

        def on_mount(self) -> None:
            self.call_after_refresh(ready, self)

    Minimal().run(headless=True, size=(120, 40))


def workbench(db_path: str) -> None:
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen

    class Probe(WorkbenchApp):
        # Textual calls every on_mount along the class hierarchy: WorkbenchApp's runs as well.
        def on_mount(self) -> None:
            self._told = False
            self.set_interval(0.002, self._check)

        def _check(self) -> None:
            screen = self.screen
            if not self._told and isinstance(screen, ReviewScreen) and screen.current is not None:
                self._told = True
                self.call_after_refresh(ready, self)

    Probe(Path(db_path), "bench").run(headless=True, size=(120, 40))


if __name__ == "__main__":
    minimal() if sys.argv[1] == "minimal" else workbench(sys.argv[2])
    report_memory()
