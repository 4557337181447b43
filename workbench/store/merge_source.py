"""Reading another database file for a merge, as untrusted input: a validated snapshot, or a refusal.

The other file may come from anyone. It is opened read-only through a quoted `file:` URI, with
`trusted_schema` off; only the tables and columns we know are read, and only when they are plain
tables (never a view, a virtual table or a generated column, whose code would run as we read);
reading stops after a time bound; every row is checked (names, labels, times, ids, sizes) before
anything is written. Nothing in it can grant a role or set a final verdict: those are reported.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbench.models import InvalidReviewer, check_reviewer_name
from workbench.store.connection import StoreError
from workbench.store.schema import MIGRATIONS
from workbench.text.sanitize import clean_note, visible
from workbench.vocabulary import LABELS

READ_SECONDS = 60.0  # reading the other file stops after this long
MAX_ROWS = 2_000_000  # rows read from the other file, all tables together
MAX_TEXT = 100_000  # characters in a note; a basis or an evidence list
CLOCK_SKEW = timedelta(minutes=5)  # a laptop's clock a little ahead is normal; more is refused

REQUIRED = {
    "articles": ("id", "name", "content_hash"),
    "passages": ("id", "article_id", "text", "position", "retired_at"),
    "reviewers": ("name", "created_at"),
    "verdicts": ("passage_id", "reviewer", "label", "note", "created_at", "updated_at"),
    "verdict_evidence": ("passage_id", "reviewer", "evidence_id", "position"),
    "verdict_history": (
        "passage_id", "reviewer", "action", "old_label", "new_label", "old_note", "new_note",
        "old_evidence", "new_evidence", "changed_at",
    ),
    "_sqlite_migrations": ("name",),
}  # fmt: skip
OPTIONAL = {
    "reviewers": ("role",),
    "verdicts": ("basis",),
    "verdict_history": ("change_id",),
}
REPORTED_ONLY = {  # read to be reported, never merged
    "final_verdicts": ("passage_id", "adjudicator"),
}


@dataclass(frozen=True)
class TheirVerdict:
    passage: str
    reviewer: str
    label: str
    note: str
    created: str
    updated: str
    basis: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class TheirChange:
    change_id: str | None
    passage: str
    reviewer: str
    action: str
    old_label: str | None
    new_label: str | None
    old_note: str | None
    new_note: str | None
    old_evidence: list[str] | None
    new_evidence: list[str] | None
    changed_at: str


@dataclass
class Snapshot:
    """What the other file holds, checked; plus what it held that a merge never takes."""

    articles: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, content hash
    passages: list[tuple[str, str, str]] = field(default_factory=list)  # id, article, text (in order)
    reviewers: list[tuple[str, str]] = field(default_factory=list)  # name, created_at
    verdicts: list[TheirVerdict] = field(default_factory=list)
    history: list[TheirChange] = field(default_factory=list)
    roles_not_taken: list[str] = field(default_factory=list)  # adjudicators there
    finals_not_taken: int = 0
    future_dated: int = 0  # rows dated later than now (past a little clock skew): not merged


def read_other(path: Path, here: str | None, *, seconds: float = READ_SECONDS) -> Snapshot:
    """The checked contents of the workbench database at `path`; StoreError says why not."""
    conn = _open(path, here)
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1_000)
    try:
        return _read(conn, path)
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise StoreError(
                f"reading {_shown(path)} took longer than {seconds:.0f} s; nothing was merged"
            ) from error
        raise StoreError(f"cannot read {_shown(path)}: {error}; nothing was merged") from error
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot read {_shown(path)}: {error}; nothing was merged") from error
    finally:
        conn.close()


def _shown(path: Path | str) -> str:
    return visible(str(path), one_line=True)


def _open(path: Path, here: str | None) -> sqlite3.Connection:
    try:
        if not path.is_file():
            raise StoreError(f"{_shown(path)} is not a file")
        if here and Path(here).resolve() == path.resolve():
            raise StoreError("that is this database; nothing to merge")
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{_shown(path)} is not a SQLite database")
    except OSError as error:
        raise StoreError(f"cannot read {_shown(path)}: {error.strerror or error}") from error
    # as_uri() percent-quotes the path: "decoy.db?mode=rw&x=" names that file, not URI parameters.
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot read {_shown(path)}: {error}") from error
    return conn


def _plain_tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Plain tables of the file and their ordinary columns (no virtual tables, no generated columns)."""
    tables: dict[str, set[str]] = {}
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        if not isinstance(name, str) or (sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
            continue
        columns = conn.execute("SELECT name, hidden FROM pragma_table_xinfo(?)", [name]).fetchall()
        if any(hidden for _, hidden in columns):
            continue  # a generated column computes on read: the table is not one of ours
        tables[name] = {column for column, _ in columns}
    return tables


def read_other_postgres(url: str, here: str | None) -> Snapshot:
    """The checked contents of the workbench database on a PostgreSQL server at `url`."""
    from workbench.store.postgres import MIGRATIONS_TABLE, connect, redacted

    if here == url:
        raise StoreError("that is this database; nothing to merge")
    db = connect(url, read_only=True)
    try:
        conn = db.conn
        tables: dict[str, set[str]] = {}
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_generated = 'NEVER'"
        ):
            tables.setdefault(table, set()).add(column)
        if MIGRATIONS_TABLE not in tables:
            raise StoreError(f"{redacted(url)} is not a workbench database; nothing was merged")
        applied = {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
        return _read(conn, redacted(url), tables, applied)
    finally:
        db.close()


def _read(
    conn: sqlite3.Connection,
    path: Path | str,
    tables: dict[str, set[str]] | None = None,
    applied: set[str] | None = None,
) -> Snapshot:
    """The checked rows of another workbench database (an SQLite file's connection, or a
    PostgreSQL one's with its `tables` and `applied` migrations)."""
    if tables is None:
        tables = _plain_tables(conn)
    for table, columns in REQUIRED.items():
        if table == "_sqlite_migrations" and applied is not None:
            continue  # a PostgreSQL database records its migrations in a table of its own
        if table not in tables or not set(columns) <= tables[table]:
            raise StoreError(f"{_shown(path)} is not a workbench database; nothing was merged")
    if applied is None:
        applied = {row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")}
    if applied - set(MIGRATIONS):
        raise StoreError(f"{_shown(path)} was written by a newer workbench; upgrade to merge it")
    total = sum(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in REQUIRED  # noqa: S608
        if table in tables
    )
    if total > MAX_ROWS:
        raise StoreError(f"{_shown(path)} holds {total:,} rows, more than a merge takes ({MAX_ROWS:,})")
    check = _Checker(path)
    snapshot = Snapshot()
    for row in conn.execute("SELECT id, name, content_hash FROM articles"):
        snapshot.articles.append((check.ident(row[0]), check.text(row[1]), check.ident(row[2])))
    for row in conn.execute(
        "SELECT id, article_id, text FROM passages ORDER BY article_id, retired_at IS NOT NULL, position"
    ):
        snapshot.passages.append((check.ident(row[0]), check.ident(row[1]), check.text(row[2])))
    role = "role" if "role" in tables["reviewers"] else "'reviewer'"
    for name, created, their_role in conn.execute(f"SELECT name, created_at, {role} FROM reviewers"):
        name = check.reviewer(name)
        snapshot.reviewers.append((name, check.past(created) or check.now))
        if their_role == "adjudicator":
            snapshot.roles_not_taken.append(name)
    evidence: dict[tuple[str, str], list[str]] = {}
    for passage, reviewer, item in conn.execute(
        "SELECT passage_id, reviewer, evidence_id FROM verdict_evidence "
        "ORDER BY passage_id, reviewer, position"
    ):
        evidence.setdefault((check.ident(passage), check.reviewer(reviewer)), []).append(check.ident(item))
    basis = "basis" if "basis" in tables["verdicts"] else "NULL"
    for passage, reviewer, label, note, created, updated, their_basis in conn.execute(
        f"SELECT passage_id, reviewer, label, note, created_at, updated_at, {basis} FROM verdicts"
    ):
        passage, reviewer = check.ident(passage), check.reviewer(reviewer)
        created_at, updated_at = check.past(created), check.past(updated)
        if created_at is None or updated_at is None:
            snapshot.future_dated += 1
            continue
        snapshot.verdicts.append(
            TheirVerdict(
                passage, reviewer, check.label(label), check.note(note), created_at, updated_at,
                None if their_basis is None else check.text(their_basis),
                tuple(evidence.get((passage, reviewer), ())),
            )
        )  # fmt: skip
    change = "change_id" if "change_id" in tables["verdict_history"] else "NULL"
    fields = ", ".join(REQUIRED["verdict_history"])
    for row in conn.execute(f"SELECT {change}, {fields} FROM verdict_history ORDER BY id"):
        change_id, passage, reviewer, action, old_label, new_label, old_note, new_note = row[:8]
        old_evidence, new_evidence, changed = row[8:]
        changed_at = check.past(changed)
        if changed_at is None:
            snapshot.future_dated += 1
            continue
        if action not in ("set", "clear"):
            check.refuse(f"a history entry with action {action!r}")
        snapshot.history.append(
            TheirChange(
                None if change_id is None else check.ident(change_id), check.ident(passage),
                check.reviewer(reviewer), action, check.label(old_label, optional=True),
                check.label(new_label, optional=True), check.note(old_note, optional=True),
                check.note(new_note, optional=True), check.ids(old_evidence), check.ids(new_evidence),
                changed_at,
            )
        )  # fmt: skip
    if "final_verdicts" in tables:
        snapshot.finals_not_taken = conn.execute("SELECT count(*) FROM final_verdicts").fetchone()[0]
    return snapshot


class _Checker:
    """Checks of single values from the other file; the first bad one refuses the whole merge."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self._latest = datetime.now(UTC) + CLOCK_SKEW

    def refuse(self, what: str) -> None:
        raise StoreError(f"{_shown(self.path)} holds {visible(what, one_line=True)}; nothing was merged")

    def ident(self, value: object) -> str:
        if not isinstance(value, str) or not 0 < len(value) <= 128:
            self.refuse(f"an id that is not one ({str(value)[:40]!r})")
        return value  # type: ignore[return-value]

    def text(self, value: object) -> str:
        if not isinstance(value, str) or len(value) > 10_000_000:
            self.refuse("a text field that is not text")
        return value  # type: ignore[return-value]

    def reviewer(self, value: object) -> str:
        try:
            name = check_reviewer_name(value)  # type: ignore[arg-type]
        except InvalidReviewer:
            name = None
        if name is None or name != value:
            self.refuse(f"an invalid reviewer name {str(value)[:80]!r}")
        return name  # type: ignore[return-value]

    def label(self, value: object, *, optional: bool = False) -> str:
        if value is None and optional:
            return None  # type: ignore[return-value]
        if value not in LABELS:
            self.refuse(f"a verdict label this workbench does not know ({str(value)[:40]!r})")
        return value  # type: ignore[return-value]

    def note(self, value: object, *, optional: bool = False) -> str:
        if value is None and optional:
            return None  # type: ignore[return-value]
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            self.refuse("a note that is not text, or longer than a note can be")
        return clean_note(value)  # type: ignore[arg-type]

    def ids(self, value: object) -> list[str] | None:
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            self.refuse("an evidence list that is not one")
        try:
            items = json.loads(value)  # type: ignore[arg-type]
        except ValueError:
            items = None
        if not isinstance(items, list):
            self.refuse("an evidence list that is not one")
        return [self.ident(item) for item in items]  # type: ignore[union-attr]

    def past(self, value: object) -> str | None:
        """The time in our stored form; None when it lies in the future (past a little clock skew)."""
        try:
            when = datetime.fromisoformat(value) if isinstance(value, str) else None  # type: ignore[arg-type]
        except ValueError:
            when = None
        if when is None:
            self.refuse(f"a time that is not one ({str(value)[:40]!r})")
        assert when is not None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if when > self._latest:
            return None
        stamp = min(when.astimezone(UTC), datetime.now(UTC))
        return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
