"""Opening the database file safely, and short write transactions that wait their turn."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from workbench.models import WorkbenchError
from workbench.store.file_checks import (
    damaged_reason,
    header_problem,
    left_log,
    network_reason,
    quick_check,
    wal_of,
)
from workbench.store.postgres import PgError
from workbench.store.schema import MIGRATION_SET, MIGRATIONS
from workbench.vocabulary import CLAIM_KINDS, LABELS

# How long one attempt to start a write waits for another writer inside SQLite's busy handler,
# and how long we keep trying in all. SQLite's handler is not fair (a writer that just committed
# often takes the lock again at once); between attempts we step back for a random while, so that
# under load every writer gets its turn, and no write waits past WRITE_GIVE_UP_SECONDS.
BUSY_TIMEOUT_SECONDS = 0.2
WRITE_GIVE_UP_SECONDS = 30.0


class Database:
    """An open workbench database file: its sqlite3 connection, and why it is read-only if it is.

    sqlite-utils' Database, which runs the migrations, costs a tenth of a second to import (numpy
    included) and the app's first screen needs none of it; everyday reads and writes go through
    this thin wrapper instead.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        read_only_reason: str | None = None,
        *,
        damaged: str | None = None,
        cleanup: Callable[[], None] | None = None,
        dialect: str = "sqlite",
        location: str | None = None,
    ) -> None:
        self.conn = conn
        self.read_only_reason = read_only_reason
        self.damaged = damaged  # what quick_check found wrong, if it did
        self._cleanup = cleanup
        self.dialect = dialect  # "sqlite", or "postgresql" (store/postgres.py)
        self.location = location  # how messages name it: a PostgreSQL URL without its password

    def execute(self, sql: str, parameters: object = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def table_names(self) -> list[str]:
        if self.dialect == "postgresql":
            from workbench.store.postgres import table_names

            return table_names(self)
        return [row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        if self.dialect == "sqlite" and self.read_only_reason is None:
            _empty_log(self.conn)
        self.conn.close()
        if self._cleanup is not None:
            self._cleanup()
            self._cleanup = None

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


# Rows whose label this workbench does not know (a crafted file, one written with foreign keys off)
# are left out of what is read, and counted where something is exported: never a crash.
KNOWN_LABEL = "label IN (" + ", ".join(f"'{label}'" for label in LABELS) + ")"
# "Is a claim" in SQL, from the vocabulary's passage kinds.
CLAIM_KINDS_SQL = "(" + ", ".join(f"'{kind}'" for kind in CLAIM_KINDS) + ")"


# What SQLite itself raises (a disk I/O error on a read, say), or a PostgreSQL server refuses:
# front ends catch it as the store's, never importing sqlite3 or psycopg themselves.
DatabaseError = (sqlite3.Error, PgError)


class StoreError(WorkbenchError):
    """Something about the database file the user must hear about, in one line."""


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connect(path: str | Path, *, read_only: bool = False) -> Database:
    """Open (creating if needed) the database at `path` in WAL mode; it is not yet migrated.

    The file is recognised before anything is written to it (another program's database, or one
    from a newer workbench, is left exactly as it was). A file we may not write, or on a filesystem
    where SQLite's locks fail, is opened read-only; `read_only_reason(db)` says why. A file on a
    network filesystem, a folder or a special file (a pipe, a device) is refused.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a regular file (a pipe, device or socket); nothing was opened")
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
    problem = header_problem(path)
    if problem:
        raise StoreError(problem)
    log_left = left_log(path)
    # Checked before a connection that may write opens it: closing that connection would copy
    # the log into a damaged file, and the next start would find no log to tell it to look.
    damaged, checked = _damage_before_writing(path) if log_left else (None, True)
    reason = "opened read-only on request" if read_only else _unwritable(path)
    if damaged and not reason:
        reason = damaged_reason(damaged)
    cleanup = None
    if reason:
        conn, cleanup, how = _open_read_only(path)
        reason += how
    else:
        conn = _open_read_write(path)
    if conn is None:  # the file is fine but its locks are not: read, never write
        reason = "locking does not work on this filesystem"
        conn, cleanup, how = _open_read_only(path)
        reason += how
    if not checked:  # no reader could open the file to check it first: check on this connection
        damaged = quick_check(conn, path)
        if damaged and not reason:
            conn.close()
            reason = damaged_reason(damaged)
            conn, cleanup, how = _open_read_only(path)
            reason += how
    return Database(conn, reason, damaged=damaged, cleanup=cleanup)


def _damage_before_writing(path: Path) -> tuple[str | None, bool]:
    """What quick_check finds wrong with `path`, on a read-only connection (which never copies
    the log into the file), and whether it could look at all."""
    try:
        conn = _connect_read_only(path, "mode=ro")
    except sqlite3.OperationalError:
        return None, False  # no shared-memory file can be made here: the caller looks
    except sqlite3.DatabaseError as error:
        return str(error), True
    try:
        return quick_check(conn, path), True
    finally:
        conn.close()


def _empty_log(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the file and empty it, if no one is reading from it now, so
    that a reader of another thread or process that closes after this connection does not leave
    a log behind (only the last connection to close deletes it, and a reader may not): the next
    start would take the log for a crash and check the whole file (a second on a large one)."""
    # Busy, or not in WAL mode: the log is left as it is, and SQLite copes with it.
    with suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()


def recognise(conn: sqlite3.Connection) -> set[str]:
    """The workbench migrations applied to this file; StoreError when it is not ours to open.

    Only reads: called before any pragma that would change the file.
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    applied: set[str] = set()
    if "_sqlite_migrations" in tables:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])
        applied = {row[0] for row in rows}
    if tables and not applied and tables - {"_sqlite_migrations"}:
        raise StoreError("this SQLite file is not a workbench database; nothing was changed")
    return refuse_newer(applied)


def refuse_newer(applied: set[str]) -> set[str]:
    """`applied` (a database's migrations), unless a newer workbench wrote it: StoreError then."""
    unknown = applied - set(MIGRATIONS)
    if unknown:
        raise StoreError(
            "this database was written by a newer version of workbench "
            f"(it has migration {sorted(unknown)[-1]}); upgrade workbench to open it; nothing was changed"
        )
    return applied


def data_version(db: Database) -> int:
    """A number that changes when another connection commits (our own commits leave it)."""
    if db.dialect == "postgresql":
        from workbench.store.postgres import data_version as pg_version

        return pg_version(db)
    return int(db.execute("PRAGMA data_version").fetchone()[0])


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
        conn.execute("PRAGMA schema_version").fetchone()  # fails here on a file that is not SQLite
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot open {path}: {_describe(error)}") from error
    try:
        recognise(conn)  # before journal_mode, which would write to another program's file
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # FULL: a commit is on disk before the verdict is shown as saved, power cut included.
        conn.execute("PRAGMA synchronous = FULL")
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        conn.close()
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


def _open_read_only(path: Path) -> tuple[sqlite3.Connection, Callable[[], None] | None, str]:
    """A read-only connection, its clean-up, and a note on how it reads (for the read-only reason).

    A WAL database opened read-only still needs its shared-memory file. Where nobody may create it,
    SQLite can read the main file as immutable, but that ignores the write-ahead log and would show
    a partial database: when a log is there, we read a private copy of the file and its log instead.
    """
    try:
        return _connect_read_only(path, "mode=ro"), None, ""
    except sqlite3.DatabaseError as error:
        first = error
    wal = wal_of(path)
    if not left_log(path):
        try:
            return _connect_read_only(path, "mode=ro&immutable=1"), None, ""
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open {path} even read-only: {_describe(error)}") from error
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="workbench-read-"))
    try:
        copy = folder / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, wal_of(copy))
        conn = _connect_read_only(copy, "mode=ro")
    except (OSError, sqlite3.DatabaseError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        detail = _describe(error) if isinstance(error, sqlite3.Error) else (error.strerror or str(error))
        raise StoreError(
            f"cannot read {path}: its write-ahead log cannot be read here ({_describe(first)}), and a "
            f"private copy failed ({detail}); nothing would be complete"
        ) from error
    return (
        conn,
        lambda: shutil.rmtree(folder, ignore_errors=True),
        " (reading a private copy with its write-ahead log)",
    )


def _quote(path: str) -> str:
    """The path for a file: URI, percent-quoted (urllib.parse.quote, without loading urllib)."""
    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-~/")
    return "".join(chr(b) if chr(b) in safe else f"%{b:02X}" for b in os.fsencode(path))


def _connect_read_only(path: Path, options: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"file:{_quote(str(path))}?{options}",
        uri=True,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        recognise(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _describe(error: sqlite3.Error | PgError) -> str:
    message = str(error)
    if "malformed" in message or "not a database" in message:
        return f"the file is damaged or not a SQLite database ({message})"
    if "disk is full" in message or "disk I/O" in message:
        return f"the disk is full or failing ({message})"
    return message


def storage_error(error: sqlite3.Error | PgError) -> StoreError:
    """A storage failure (disk full, I/O error, damage) as one of our errors, with a plain message."""
    return StoreError(f"the database could not be written: {_describe(error)}; nothing was saved")


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
    except DatabaseError as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise storage_error(error) from error
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        _retry(conn, "COMMIT")
    except BaseException as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(error, DatabaseError):
            raise storage_error(error) from error
        raise


def _retry(conn: sqlite3.Connection, statement: str) -> None:
    """Run BEGIN IMMEDIATE or COMMIT, waiting for other writers: SQLite's busy handler waits up to
    BUSY_TIMEOUT_SECONDS; after that we step back for a random while (longer each time, at most a
    second) and try again, until WRITE_GIVE_UP_SECONDS have passed."""
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            conn.execute(statement)
            return
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise storage_error(error) from error
            waited = time.monotonic() - started
            if waited >= WRITE_GIVE_UP_SECONDS:
                raise StoreError(
                    f"the database stayed busy for {waited:.0f} s (another program holds it); try again"
                ) from error
        attempt += 1
        import random

        time.sleep(random.uniform(0, min(1.0, 0.05 * 2**attempt)))


def writer(db: Database) -> Database:
    """A second connection that may write, to the database `db` has open, for work in another
    thread; close it when the work is done."""
    from workbench.store import open_db

    return open_db(location(db))


def location(db: Database) -> str:
    """Where `db` reads from, for another thread or process to open a connection on (writer,
    open_reader): the file it has open (the private copy, when it reads one), or its server's URL."""
    if db.dialect == "postgresql":
        return str(db.conn.url)
    row = db.conn.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        raise StoreError("this database has no file a second connection could open")
    return str(row[2])


def open_reader(where: str) -> Database:
    """A read-only connection to the database at `where` (from location()), for work in another
    thread or process: it sees what the first has committed and never writes; close it when the
    work is done. Falls back to the immutable view a read-only folder needs, as `connect` does."""
    if where.startswith(("postgresql://", "postgres://")):
        from workbench.store.postgres import connect as pg_connect

        return pg_connect(where, read_only=True)
    path = Path(where)
    try:
        conn = _connect_read_only(path, "mode=ro")
    except sqlite3.OperationalError:
        conn = _connect_read_only(path, "mode=ro&immutable=1")
    conn.execute("PRAGMA query_only = ON")
    return Database(conn, "a background reader")
