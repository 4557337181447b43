"""Folding another database of the same corpus into this one (a file or a PostgreSQL database, into
either): verdicts and their histories. (Not `merge.py`: the store's `merge` function has that name.)

Passages are matched by content, not by id: the other file may come from a laptop where the articles
were imported from another folder. An article matches when its text is the same (or, failing that,
its file name is), and a passage when its article matches and its text and place among repeats do.
Merging is idempotent: changes carry ids, and a second merge finds nothing new.

The other file is untrusted (merge_source reads and checks it before our write lock is taken);
roles and final verdicts are never taken from it, only reported: who may adjudicate, and what is
final, is decided in this database.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from workbench.models import MergeReport  # noqa: F401  (re-exported for the store's callers)
from workbench.store.connection import Database, StoreError, writing
from workbench.store.merge_source import Snapshot, read_other
from workbench.store.verdicts import ensure_reviewer, put_history, put_verdict


def merge(db: Database, other_path: Path | str) -> MergeReport:
    """Fold the verdicts and histories of the database at `other_path` (a file, or a PostgreSQL
    URL) into `db` (either kind too): all of it, or nothing."""
    from workbench.store.merge_source import read_other_postgres
    from workbench.store.postgres import is_url

    on_server = db.dialect == "postgresql"
    here = db.conn.url if on_server else db.execute("PRAGMA database_list").fetchone()[2]
    if is_url(other_path):  # checked, before any lock of ours is taken
        theirs = read_other_postgres(str(other_path), here)
    else:
        theirs = read_other(Path(other_path), here if db.dialect == "sqlite" else None)
    mapping = _passage_mapping(db, theirs)
    report = MergeReport(future_dated=theirs.future_dated, finals_not_taken=theirs.finals_not_taken)
    with writing(db):
        roles = dict(db.execute("SELECT name, role FROM reviewers").fetchall())
        report.roles_not_taken = [n for n in theirs.roles_not_taken if roles.get(n) != "adjudicator"]
        _merge_verdicts(db, theirs, mapping, report)
        _merge_history(db, theirs, mapping, report)
    return report


def _passage_mapping(db: Database, theirs: Snapshot) -> dict[str, str]:
    """Their passage id -> ours, for every passage of theirs this database also has."""
    ours_by_hash: dict[str, str] = {}
    ours_by_name: dict[str, list[str]] = {}
    for identifier, name, content in db.execute("SELECT id, name, content_hash FROM articles"):
        ours_by_hash[content] = identifier
        ours_by_name.setdefault(name, []).append(identifier)
    article_map: dict[str, str] = {}
    for identifier, name, content in theirs.articles:
        if content in ours_by_hash:
            article_map[identifier] = ours_by_hash[content]
        elif len(ours_by_name.get(name, [])) == 1:
            article_map[identifier] = ours_by_name[name][0]
    if theirs.articles and not article_map and theirs.verdicts:
        raise StoreError(
            f"the other file holds another corpus: none of its {len(theirs.articles)} articles is in "
            "this database (import the same articles first); nothing was merged"
        )
    rows = db.execute(
        "SELECT id, article_id, text FROM passages ORDER BY article_id, retired_at IS NOT NULL, position"
    )
    ours = _passage_keys(rows, set(article_map.values()))
    mapping: dict[str, str] = {}
    for (article, text, occurrence), their_id in _passage_keys(theirs.passages, set(article_map)).items():
        mine = ours.get((article_map[article], text, occurrence))
        if mine:
            mapping[their_id] = mine
    return mapping


def _passage_keys(rows, articles: set[str]) -> dict[tuple[str, str, int], str]:
    keys: dict[tuple[str, str, int], str] = {}
    seen: dict[tuple[str, str], int] = {}
    for identifier, article, text in rows:
        if article not in articles:
            continue
        occurrence = seen.get((article, text), 0)
        seen[(article, text)] = occurrence + 1
        keys[(article, text, occurrence)] = identifier
    return keys


def _evidence(db: Database, passage: str, reviewer: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT evidence_id FROM verdict_evidence WHERE passage_id = ? AND reviewer = ? "
            "ORDER BY position",
            [passage, reviewer],
        )
    ]


def _merge_verdicts(db: Database, theirs: Snapshot, mapping: dict[str, str], report: MergeReport) -> None:
    created = dict(theirs.reviewers)
    for verdict in theirs.verdicts:
        mine = mapping.get(verdict.passage)
        if mine is None:
            report.unmatched += 1
            continue
        evidence = [mapping[e] for e in verdict.evidence if e in mapping]
        report.evidence_dropped += len(verdict.evidence) - len(evidence)
        ours = db.execute(
            "SELECT label, note, updated_at FROM verdicts WHERE passage_id = ? AND reviewer = ?",
            [mine, verdict.reviewer],
        ).fetchone()
        if ours and (ours[0], ours[1], _evidence(db, mine, verdict.reviewer)) == (
            verdict.label, verdict.note, evidence,
        ):  # fmt: skip
            report.verdicts_same += 1
            continue
        who = f"{mine} {verdict.reviewer}: ours {ours[0] if ours else ''}, theirs {verdict.label}"
        if ours and ours[2] >= verdict.updated:
            report.verdicts_kept += 1
            report.conflicts.append(f"{who}; kept ours (newer)")
            continue
        if ours:
            report.verdicts_updated += 1
            report.conflicts.append(f"{who}; kept theirs (newer)")
        else:
            report.verdicts_added += 1
        report.reviewers_added += ensure_reviewer(db, verdict.reviewer, created.get(verdict.reviewer))
        put_verdict(
            db, mine, verdict.reviewer, verdict.label, verdict.note, verdict.created, verdict.updated,
            verdict.basis, evidence,
        )  # fmt: skip


def _merge_history(db: Database, theirs: Snapshot, mapping: dict[str, str], report: MergeReport) -> None:
    created = dict(theirs.reviewers)
    for change in theirs.history:
        mine = mapping.get(change.passage)
        if mine is None:
            continue
        change_id = change.change_id or _derived_change_id(change)
        report.reviewers_added += ensure_reviewer(db, change.reviewer, created.get(change.reviewer))

        def ours(items: list[str] | None) -> list[str] | None:
            return None if items is None else [mapping.get(item, item) for item in items]

        added = put_history(
            db, change_id, mine, change.reviewer, change.action,
            (change.old_label, change.old_note, ours(change.old_evidence)),
            (change.new_label, change.new_note, ours(change.new_evidence)),
            change.changed_at,
        )  # fmt: skip
        report.history_added += added


def _derived_change_id(change) -> str:
    """A history entry from before change ids: an id from its content, the same on every merge."""
    fields = [
        change.passage, change.reviewer, change.action, change.old_label, change.new_label,
        change.old_note, change.new_note, change.old_evidence, change.new_evidence, change.changed_at,
    ]  # fmt: skip
    return hashlib.sha1(json.dumps(fields).encode()).hexdigest()[:32]
