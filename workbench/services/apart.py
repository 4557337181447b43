"""Work that holds the interpreter for seconds, done in a process of its own.

The review app works out a long article's triage hints and word diffs while the reviewer goes on:
in a thread, that work and the keys would share one interpreter lock, and every key would wait
for it in turns (keys took up to a quarter of a second while hints loaded on a 2,000-claim
article). In a process of its own it runs on another core.

The process is a fresh interpreter (`python -m workbench.services.apart`) started with plain
pipes: it carries no open database, no Textual and no threads over, it has the caller's
environment (so it reads the same configuration, a user's lexicon), and it needs nothing of
multiprocessing, whose helper processes cannot start while Textual holds the terminal's streams.
The call and its result cross the pipes pickled: both ends are this program, nothing else
writes to them.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

from workbench.models import WorkbenchError

T = TypeVar("T")


def run_apart(function: Callable[..., T], *args: object) -> T:
    """`function(*args)` in a new process (`function` importable by name), its result or its
    exception back here; in this thread when no process can be started (a sandbox forbids it)."""
    import os
    import subprocess

    call = pickle.dumps((function.__module__, function.__qualname__, args))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "workbench.services.apart"],
            input=call,
            capture_output=True,
            env=os.environ.copy(),
            check=False,
        )
    except OSError:
        return function(*args)
    try:
        ok, value = pickle.loads(done.stdout)
    except Exception:  # noqa: BLE001 - it died before answering: say how, in one line
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {done.returncode}"])[
            -1
        ]
        raise WorkbenchError(f"the process working it out stopped: {last}") from None
    if not ok:
        raise value
    return value


def _serve() -> None:
    """The child's side: read one call, answer it."""
    import importlib

    module, name, args = pickle.loads(sys.stdin.buffer.read())
    function = importlib.import_module(module)
    for part in name.split("."):
        function = getattr(function, part)
    try:
        answer = (True, function(*args))
    except Exception as error:  # noqa: BLE001 - handed back to the caller, who raises it
        answer = (False, error)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _serve()
