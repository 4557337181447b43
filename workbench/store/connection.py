"""Opening the database file safely, and short write transactions that wait their turn."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from workbench.models import WorkbenchError

# How long one attempt to start a write waits for another writer, and how often we try.
BUSY_TIMEOUT_SECONDS = 5.0
WRITE_ATTEMPTS = 6
_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(WorkbenchError):
    """Something about the database file the user must hear about, in one line."""


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connect(path: str | Path) -> Database:
    """Open (creating if needed) the database at `path` in WAL mode; it is not yet migrated."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {path.parent}: {error.strerror}") from error
    _check_header(path)
    try:
        # isolation_level=None: no hidden transactions; every write goes through writing().
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA schema_version").fetchone()  # fails here on a file that is not SQLite
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # FULL: a commit is on disk before the verdict is shown as saved, power cut included.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot open {path}: {_describe(error)}") from error
    if str(mode).lower() != "wal":
        conn.close()
        raise StoreError(f"cannot use {path}: SQLite could not switch it to WAL mode ({mode})")
    return Database(conn)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from error
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database; nothing was changed")


def _describe(error: sqlite3.Error) -> str:
    message = str(error)
    if "malformed" in message or "not a database" in message:
        return f"the file is damaged or not a SQLite database ({message})"
    return message


def is_busy(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A write transaction (BEGIN IMMEDIATE) that waits for other writers instead of failing.

    Taking the write lock first means a transaction never reads, then finds it cannot write:
    the "database is locked" error that plain BEGIN gives with several writers. Nested use
    becomes a savepoint of the outer transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    _retry(conn, "BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        _retry(conn, "COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _retry(conn: sqlite3.Connection, statement: str) -> None:
    for attempt in range(WRITE_ATTEMPTS):
        try:
            conn.execute(statement)
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            if attempt == WRITE_ATTEMPTS - 1:
                waited = BUSY_TIMEOUT_SECONDS * WRITE_ATTEMPTS
                raise StoreError(
                    f"the database stayed busy for {waited:.0f} s (another program holds it); try again"
                ) from error
            time.sleep(0.05 * (attempt + 1))
