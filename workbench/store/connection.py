"""Opening the database file safely, and short write transactions that wait their turn."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from workbench.models import WorkbenchError

# How long one attempt to start a write waits for another writer, and how often we try.
BUSY_TIMEOUT_SECONDS = 5.0
WRITE_ATTEMPTS = 6
_SQLITE_HEADER = b"SQLite format 3\x00"


class Database:
    """An open workbench database file: its sqlite3 connection, and why it is read-only if it is.

    sqlite-utils' Database, which runs the migrations, costs a tenth of a second to import (numpy
    included) and the app's first screen needs none of it; everyday reads and writes go through
    this thin wrapper instead.
    """

    def __init__(self, conn: sqlite3.Connection, read_only_reason: str | None = None) -> None:
        self.conn = conn
        self.read_only_reason = read_only_reason

    def execute(self, sql: str, parameters: object = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def table_names(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def savepoint(self) -> Iterator[Database]:
        """A nested transaction inside the one that is open."""
        name = f"workbench_{id(self)}_{time.monotonic_ns()}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")


class StoreError(WorkbenchError):
    """Something about the database file the user must hear about, in one line."""


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# Filesystems that put the file on another machine. SQLite's WAL mode keeps its lock state in shared
# memory, which only works when every process is on one host: over these it can corrupt the file.
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs", "lustre",
    "gpfs", "beegfs", "orangefs", "ocfs2", "gfs2", "9p", "davfs", "fuse.sshfs", "fuse.davfs",
    "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse", "fuse.goofys", "fuse.juicefs", "fuse.glusterfs",
    "fuse.ceph", "fuse.cephfs", "fuse.smbnetfs", "fuse.curlftpfs",
}  # fmt: skip


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the filesystem `path` is on, from /proc/self/mountinfo (None where unknown)."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text("utf-8", "replace")
        except OSError:
            return None
    target = str(path)
    best, kind = "", None
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, rest = left.split(), right.split()
        if len(fields) < 5 or not rest:
            continue
        point = fields[4].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, rest[0]
    return kind


def network_reason(path: Path, mountinfo: str | None = None) -> str | None:
    """Why `path` must not hold a shared database, or None when it is on a local disk."""
    if str(path).startswith(("\\\\", "//")):
        return "it is on a network share"
    kind = filesystem_type(path, mountinfo)
    if kind in NETWORK_FILESYSTEMS:
        return f"it is on a network filesystem ({kind})"
    return None


def connect(path: str | Path, *, read_only: bool = False) -> Database:
    """Open (creating if needed) the database at `path` in WAL mode; it is not yet migrated.

    A file we may not write, or on a filesystem where SQLite's locks fail, is opened read-only;
    `read_only_reason(db)` says why. A file on a network filesystem is refused.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    network = network_reason(path.resolve())
    if network:
        raise StoreError(
            f"will not use {path}: {network}. SQLite needs every reviewer's process on the machine that "
            "holds the file, or it can corrupt it; keep it on a local disk and let remote reviewers "
            "use `workbench serve`"
        )
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {path.parent}: {error.strerror}") from error
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"cannot create {path}: its folder is read-only")
    _check_header(path)
    reason = "opened read-only on request" if read_only else _unwritable(path)
    conn = _open_read_only(path) if reason else _open_read_write(path)
    if conn is None:  # the file is fine but its locks are not: read, never write
        reason = "locking does not work on this filesystem"
        conn = _open_read_only(path)
    return Database(conn, reason)


def read_only_reason(db: Database) -> str | None:
    """Why this database was opened read-only, or None if it can be written."""
    return db.read_only_reason


def _unwritable(path: Path) -> str | None:
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} is read-only (SQLite needs to write files beside it)"
    return None


def _open_read_write(path: Path) -> sqlite3.Connection | None:
    try:
        # isolation_level=None: no hidden transactions; every write goes through writing().
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
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
    try:  # can we take the write lock at all? Busy is fine: somebody else holds it.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if not is_busy(error):
            conn.close()
            return None
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    # A WAL database opened read-only still needs its shared-memory file; where nobody can create
    # it, fall back to reading the file as immutable (we never write, so nothing can be damaged).
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(
                f"file:{quote(str(path))}?{options}",
                uri=True,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as error:
            last = error
    raise StoreError(f"cannot open {path} even read-only: {_describe(last)}") from last


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
    reason = read_only_reason(db)
    if reason:
        raise StoreError(f"this database is open read-only ({reason}); nothing can be saved")
    if conn.in_transaction:
        with db.savepoint():
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
