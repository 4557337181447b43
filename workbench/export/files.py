"""Writing a file so that nobody ever finds half of it under its name, and nothing is left behind.

The export is written to a hidden temporary file beside the target, named with the writer's
process id, and renamed into place once complete. A writer that was killed leaves its temporary
file; the next export to the same folder removes those whose process is gone. The finished file
gets the permissions the user's umask asks for (mkstemp would make it private, 0600).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

_SUFFIX = ".partial"


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask would, for every thread at once)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_partials(folder: Path) -> int:
    """Delete temporary export files in `folder` left by writers that no longer run; how many."""
    removed = 0
    for leftover in folder.glob(f".*{_SUFFIX}"):
        pid = leftover.name[: -len(_SUFFIX)].rpartition(".")[2]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed += 1
    return removed


@contextmanager
def write_atomically(path: Path, encoding: str) -> Iterator[TextIO]:
    """A text handle whose content appears at `path` only once the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}{_SUFFIX}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666 & ~_umask())
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
