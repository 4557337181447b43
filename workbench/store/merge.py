"""Folding another database file of the same corpus into this one: verdicts, histories, final verdicts.

Passages are matched by content, not by id: the other file may come from a laptop where the articles
were imported from another folder. An article matches when its text is the same (or, failing that,
its file name is), and a passage when its article matches and its text and place among repeats do.
Merging is idempotent: changes carry ids, and a second merge finds nothing new.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from workbench.store.connection import Database, StoreError, writing
from workbench.store.schema import MIGRATIONS


@dataclass
class MergeReport:
    verdicts_added: int = 0
    verdicts_updated: int = 0  # theirs was newer; ours is in the history
    verdicts_kept: int = 0  # ours was newer; theirs is in the history
    verdicts_same: int = 0
    history_added: int = 0
    finals_added: int = 0
    finals_updated: int = 0
    reviewers_added: int = 0
    unmatched: int = 0  # their verdicts on passages this database does not have
    evidence_dropped: int = 0  # evidence passages this database does not have
    conflicts: list[str] = field(default_factory=list)  # "passage reviewer: ours x, theirs y, kept z"

    @property
    def changed(self) -> bool:
        return any(
            (self.verdicts_added, self.verdicts_updated, self.history_added, self.finals_added,
             self.finals_updated, self.reviewers_added)
        )  # fmt: skip


def merge(db: Database, other_path: Path) -> MergeReport:
    other = _open_other(db, other_path)
    try:
        mapping = _passage_mapping(db, other)
        report = MergeReport()
        with writing(db):
            _merge_reviewers(db, other, report)
            _merge_verdicts(db, other, mapping, report)
            _merge_history(db, other, mapping, report)
            _merge_finals(db, other, mapping, report)
        return report
    finally:
        other.close()


def _open_other(db: Database, path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    here = db.execute("PRAGMA database_list").fetchone()[2]
    if here and Path(here).resolve() == path.resolve():
        raise StoreError("that is this database; nothing to merge")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{path} is not a SQLite database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot read {path}: {error}") from error
    if not {"articles", "passages", "verdicts", "_sqlite_migrations"} <= tables:
        conn.close()
        raise StoreError(f"{path} is not a workbench database; nothing was merged")
    applied = {row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")}
    if applied - set(MIGRATIONS):
        conn.close()
        raise StoreError(f"{path} was written by a newer workbench; upgrade to merge it")
    return conn


def _passage_mapping(db: Database, other: sqlite3.Connection) -> dict[str, str]:
    """Their passage id -> ours, for every passage of theirs this database also has."""
    ours_by_hash: dict[str, str] = {}
    ours_by_name: dict[str, list[str]] = {}
    for identifier, name, content in db.execute("SELECT id, name, content_hash FROM articles"):
        ours_by_hash[content] = identifier
        ours_by_name.setdefault(name, []).append(identifier)
    article_map: dict[str, str] = {}
    theirs = other.execute("SELECT id, name, content_hash FROM articles").fetchall()
    for identifier, name, content in theirs:
        if content in ours_by_hash:
            article_map[identifier] = ours_by_hash[content]
        elif len(ours_by_name.get(name, [])) == 1:
            article_map[identifier] = ours_by_name[name][0]
    reviewed = other.execute("SELECT count(*) FROM verdicts").fetchone()[0]
    if theirs and not article_map and reviewed:
        raise StoreError(
            f"the other file holds another corpus: none of its {len(theirs)} articles is in this "
            "database (import the same articles first); nothing was merged"
        )
    ours = _passage_keys(db.conn, set(article_map.values()))
    mapping: dict[str, str] = {}
    for key, their_id in _passage_keys(other, set(article_map)).items():
        article, text, occurrence = key
        mine = ours.get((article_map[article], text, occurrence))
        if mine:
            mapping[their_id] = mine
    return mapping


def _passage_keys(conn: sqlite3.Connection, articles: set[str]) -> dict[tuple[str, str, int], str]:
    keys: dict[tuple[str, str, int], str] = {}
    seen: dict[tuple[str, str], int] = {}
    rows = conn.execute(
        "SELECT id, article_id, text FROM passages ORDER BY article_id, retired_at IS NOT NULL, position"
    )
    for identifier, article, text in rows:
        if article not in articles:
            continue
        occurrence = seen.get((article, text), 0)
        seen[(article, text)] = occurrence + 1
        keys[(article, text, occurrence)] = identifier
    return keys


def _merge_reviewers(db: Database, other: sqlite3.Connection, report: MergeReport) -> None:
    columns = {row[1] for row in other.execute("PRAGMA table_info(reviewers)")}
    role = "role" if "role" in columns else "'reviewer'"
    for name, created, their_role in other.execute(f"SELECT name, created_at, {role} FROM reviewers"):
        cursor = db.execute(
            "INSERT INTO reviewers (name, created_at, role) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
            [name, created, their_role],
        )
        report.reviewers_added += cursor.rowcount


def _merge_verdicts(
    db: Database, other: sqlite3.Connection, mapping: dict[str, str], report: MergeReport
) -> None:
    columns = {row[1] for row in other.execute("PRAGMA table_info(verdicts)")}
    basis = "basis" if "basis" in columns else "NULL"
    rows = other.execute(
        f"SELECT passage_id, reviewer, label, note, created_at, updated_at, {basis} FROM verdicts"
    ).fetchall()
    for passage, reviewer, label, note, created, updated, their_basis in rows:
        mine = mapping.get(passage)
        if mine is None:
            report.unmatched += 1
            continue
        their_evidence = [
            row[0]
            for row in other.execute(
                "SELECT evidence_id FROM verdict_evidence WHERE passage_id = ? AND reviewer = ? "
                "ORDER BY position",
                [passage, reviewer],
            )
        ]
        evidence = [mapping[e] for e in their_evidence if e in mapping]
        report.evidence_dropped += len(their_evidence) - len(evidence)
        ours = db.execute(
            "SELECT label, note, updated_at FROM verdicts WHERE passage_id = ? AND reviewer = ?",
            [mine, reviewer],
        ).fetchone()
        our_evidence = [
            row[0]
            for row in db.execute(
                "SELECT evidence_id FROM verdict_evidence WHERE passage_id = ? AND reviewer = ? "
                "ORDER BY position",
                [mine, reviewer],
            )
        ]
        if ours and (ours[0], ours[1], our_evidence) == (label, note, evidence):
            report.verdicts_same += 1
            continue
        if ours and ours[2] >= updated:
            report.verdicts_kept += 1
            report.conflicts.append(f"{mine} {reviewer}: ours {ours[0]}, theirs {label}; kept ours (newer)")
            continue
        if ours:
            report.verdicts_updated += 1
            report.conflicts.append(f"{mine} {reviewer}: ours {ours[0]}, theirs {label}; kept theirs (newer)")
        else:
            report.verdicts_added += 1
        db.execute(
            """
            INSERT INTO verdicts (passage_id, reviewer, label, note, created_at, updated_at, basis)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(passage_id, reviewer) DO UPDATE SET label = excluded.label,
                note = excluded.note, updated_at = excluded.updated_at, basis = excluded.basis
            """,
            [mine, reviewer, label, note, created, updated, their_basis],
        )
        db.execute("DELETE FROM verdict_evidence WHERE passage_id = ? AND reviewer = ?", [mine, reviewer])
        db.conn.executemany(
            "INSERT INTO verdict_evidence (passage_id, reviewer, evidence_id, position) VALUES (?, ?, ?, ?)",
            [(mine, reviewer, item, position) for position, item in enumerate(evidence)],
        )


def _merge_history(
    db: Database, other: sqlite3.Connection, mapping: dict[str, str], report: MergeReport
) -> None:
    columns = [row[1] for row in other.execute("PRAGMA table_info(verdict_history)")]
    fields = (
        "passage_id", "reviewer", "action", "old_label", "new_label", "old_note", "new_note",
        "old_evidence", "new_evidence", "changed_at",
    )  # fmt: skip
    change = "change_id" if "change_id" in columns else "NULL"
    for row in other.execute(f"SELECT {change}, {', '.join(fields)} FROM verdict_history ORDER BY id"):
        values = dict(zip(fields, row[1:], strict=True))
        change_id = row[0] or hashlib.sha1(json.dumps(row[1:]).encode()).hexdigest()[:32]
        mine = mapping.get(values["passage_id"])
        if mine is None:
            continue
        values["passage_id"] = mine
        for side in ("old_evidence", "new_evidence"):
            if values[side]:
                values[side] = json.dumps([mapping.get(item, item) for item in json.loads(values[side])])
        cursor = db.execute(
            f"INSERT INTO verdict_history (change_id, {', '.join(fields)}) "
            f"VALUES (?, {', '.join('?' for _ in fields)}) ON CONFLICT(change_id) DO NOTHING",
            [change_id, *values.values()],
        )
        report.history_added += cursor.rowcount


def _merge_finals(
    db: Database, other: sqlite3.Connection, mapping: dict[str, str], report: MergeReport
) -> None:
    tables = {row[0] for row in other.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "final_verdicts" not in tables:
        return
    for passage, label, note, adjudicator, decided in other.execute(
        "SELECT passage_id, label, note, adjudicator, decided_at FROM final_verdicts"
    ).fetchall():
        mine = mapping.get(passage)
        if mine is None:
            continue
        ours = db.execute(
            "SELECT label, note, decided_at FROM final_verdicts WHERE passage_id = ?", [mine]
        ).fetchone()
        if ours and ((ours[0], ours[1]) == (label, note) or ours[2] >= decided):
            continue
        if ours:
            report.finals_updated += 1
        else:
            report.finals_added += 1
        db.execute(
            """
            INSERT INTO final_verdicts (passage_id, label, note, adjudicator, decided_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(passage_id) DO UPDATE SET label = excluded.label, note = excluded.note,
                adjudicator = excluded.adjudicator, decided_at = excluded.decided_at
            """,
            [mine, label, note, adjudicator, decided],
        )
    for row in other.execute(
        "SELECT change_id, passage_id, adjudicator, old_label, new_label, note, changed_at FROM final_history"
    ).fetchall():
        mine = mapping.get(row[1])
        if mine is not None:
            db.execute(
                "INSERT INTO final_history (change_id, passage_id, adjudicator, old_label, new_label, "
                "note, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(change_id) DO NOTHING",
                [row[0], mine, *row[2:]],
            )
