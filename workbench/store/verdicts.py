"""Reviewers' verdicts on claims, each change written with its history in one transaction."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

from workbench.models import (
    HistoryEntry,  # noqa: F401  (re-exported for the store's callers)
    Verdict,
    check_reviewer_name,
)
from workbench.rules import basis_digest, stale
from workbench.store.articles import get_passage
from workbench.store.basis import BASIS, BASIS_OF_ARTICLES, BASIS_OF_ONE, BASIS_OF_VERDICT
from workbench.store.connection import KNOWN_LABEL, Database, StoreError, now, writing
from workbench.text.sanitize import clean_note
from workbench.vocabulary import Label


def set_verdict(
    db: Database,
    passage: str,
    reviewer: str,
    label: Label | str,
    *,
    note: str | None = None,
    evidence: Sequence[str] | None = None,
    confirm: bool = False,
) -> Verdict:
    """Record `reviewer`'s verdict on a claim; a note or evidence left as None keeps what was there.

    Only this reviewer's verdict is touched. The claim's current alignment is stored with it; giving
    the same verdict again changes nothing, unless `confirm` asks to re-base a stale verdict on the
    alignment as it is now. Returns the verdict as stored.
    """
    reviewer = check_reviewer_name(reviewer)
    label = _label(label)
    _check_claim(db, passage)
    if evidence is not None:
        evidence = _check_evidence(db, passage, evidence)
    with writing(db):
        ensure_reviewer(db, reviewer)
        old = get_verdict(db, passage, reviewer)
        new_note = clean_note(note) if note is not None else (old.note if old else "")
        new_evidence = tuple(evidence) if evidence is not None else (old.evidence if old else ())
        unchanged = old and (old.label, old.note, old.evidence) == (label, new_note, new_evidence)
        if unchanged and not (confirm and is_stale(db, passage, reviewer)):
            return old
        basis = basis_digest(db.execute(BASIS_OF_ONE, {"claim": passage}).fetchone()[0])
        stamp = now()
        put_verdict(db, passage, reviewer, label.value, new_note, stamp, stamp, basis, new_evidence)
        _record(db, passage, reviewer, "set", old, label.value, new_note, new_evidence, stamp)
    stored = get_verdict(db, passage, reviewer)
    assert stored is not None
    return stored


def clear_verdict(db: Database, passage: str, reviewer: str) -> bool:
    """Remove `reviewer`'s verdict on a passage (the history keeps it). False if there was none."""
    reviewer = check_reviewer_name(reviewer)
    with writing(db):
        old = get_verdict(db, passage, reviewer)
        if old is None:
            return False
        db.execute("DELETE FROM verdicts WHERE passage_id = ? AND reviewer = ?", [passage, reviewer])
        _record(db, passage, reviewer, "clear", old, None, None, (), now())
    return True


def get_verdict(db: Database, passage: str, reviewer: str) -> Verdict | None:
    found = list_verdicts(db, passage=passage, reviewer=reviewer)
    return found[0] if found else None


def list_verdicts(
    db: Database,
    *,
    passage: str | None = None,
    reviewer: str | None = None,
    article: str | None = None,
    evidence_of: str | None = None,
) -> list[Verdict]:
    """Current verdicts, filtered by passage, reviewer or the article of the passage.

    Each carries its evidence, or with `evidence_of` set to a reviewer's name only that reviewer's
    verdicts do (the others' evidence is left empty: reading it is half the cost of a long article
    with many reviewers, and the review screen shows only the reviewer's own).
    """
    where, params = [], []
    if passage is not None:
        where.append("v.passage_id = ?")
        params.append(passage)
    if reviewer is not None:
        where.append("v.reviewer = ?")
        params.append(reviewer)
    if article is not None:
        where.append("v.passage_id IN (SELECT id FROM passages WHERE article_id = ?)")
        params.append(article)
    where.append(f"v.{KNOWN_LABEL}")
    clause = f"WHERE {' AND '.join(where)}"
    rows = db.execute(
        f"""
        SELECT v.passage_id, v.reviewer, v.label, v.note, v.created_at, v.updated_at
        FROM verdicts v {clause}
        ORDER BY v.passage_id, v.reviewer
        """,
        params,
    ).fetchall()
    # Evidence in one pass over the same verdicts, not one subquery per verdict (most have none).
    evidence: dict[tuple[str, str], list[str]] = {}
    evidence_clause, evidence_params = clause, params
    if evidence_of:
        evidence_clause, evidence_params = f"{clause} AND v.reviewer = ?", [*params, evidence_of]
    for passage_id, reviewer_name, item in db.execute(
        f"""
        SELECT e.passage_id, e.reviewer, e.evidence_id
        FROM verdict_evidence e JOIN verdicts v ON v.passage_id = e.passage_id AND v.reviewer = e.reviewer
        {evidence_clause}
        ORDER BY e.passage_id, e.reviewer, e.position
        """,
        evidence_params,
    ):
        evidence.setdefault((passage_id, reviewer_name), []).append(item)
    labels = {label.value: label for label in Label}
    return [
        Verdict(
            passage_id=row[0],
            reviewer=row[1],
            label=labels[row[2]],
            note=row[3],
            evidence=tuple(evidence.get((row[0], row[1]), ())),
            created_at=row[4],
            updated_at=row[5],
        )
        for row in rows
    ]


def list_history(db: Database, *, passage: str | None = None) -> list[HistoryEntry]:
    """Every verdict change, oldest first."""
    clause, params = ("WHERE passage_id = ?", [passage]) if passage else ("", [])
    rows = db.execute(
        f"""
        SELECT id, passage_id, reviewer, action, old_label, new_label, old_note, new_note,
               old_evidence, new_evidence, changed_at
        FROM verdict_history {clause} ORDER BY changed_at, id
        """,
        params,
    ).fetchall()
    return [
        HistoryEntry(
            *row[:8],
            old_evidence=tuple(json.loads(row[8] or "[]")),
            new_evidence=tuple(json.loads(row[9] or "[]")),
            changed_at=row[10],
        )
        for row in rows
    ]


def put_verdict(
    db: Database,
    passage: str,
    reviewer: str,
    label: str,
    note: str,
    created: str,
    updated: str,
    basis: str | None,
    evidence: Sequence[str],
) -> None:
    """Write a verdict row and its evidence as given (inside the caller's transaction).

    The one place a verdict row is written: set_verdict and merging call it.
    """
    db.execute(
        """
        INSERT INTO verdicts (passage_id, reviewer, label, note, created_at, updated_at, basis)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(passage_id, reviewer) DO UPDATE SET
            label = excluded.label, note = excluded.note, updated_at = excluded.updated_at,
            basis = excluded.basis
        """,
        [passage, reviewer, label, note, created, updated, basis],
    )
    db.execute("DELETE FROM verdict_evidence WHERE passage_id = ? AND reviewer = ?", [passage, reviewer])
    db.conn.executemany(
        "INSERT INTO verdict_evidence (passage_id, reviewer, evidence_id, position) VALUES (?, ?, ?, ?)",
        [(passage, reviewer, item, position) for position, item in enumerate(evidence)],
    )


def put_history(
    db: Database,
    change_id: str,
    passage: str,
    reviewer: str,
    action: str,
    old: tuple[str | None, str | None, Sequence[str] | None],
    new: tuple[str | None, str | None, Sequence[str] | None],
    stamp: str,
) -> bool:
    """Write one history entry (label, note, evidence before and after); False if its change id is
    already there. The one place a history row is written."""
    cursor = db.execute(
        """
        INSERT INTO verdict_history (change_id, passage_id, reviewer, action, old_label, new_label,
                                     old_note, new_note, old_evidence, new_evidence, changed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(change_id) DO NOTHING
        """,
        [
            change_id, passage, reviewer, action, old[0], new[0], old[1], new[1],
            None if old[2] is None else json.dumps(list(old[2])),
            None if new[2] is None else json.dumps(list(new[2])),
            stamp,
        ],
    )  # fmt: skip
    return cursor.rowcount > 0


def _record(
    db: Database,
    passage: str,
    reviewer: str,
    action: str,
    old: Verdict | None,
    new_label: str | None,
    new_note: str | None,
    new_evidence: Sequence[str],
    stamp: str,
) -> None:
    before = (old.label.value, old.note, old.evidence) if old else (None, None, None)
    after = (new_label, new_note, new_evidence if action == "set" else None)
    put_history(db, uuid.uuid4().hex, passage, reviewer, action, before, after, stamp)


def ensure_reviewer(db: Database, reviewer: str, created: str | None = None) -> bool:
    """Add a reviewer (always with the plain reviewer role); False if they were there already."""
    cursor = db.execute(
        "INSERT INTO reviewers (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
        [reviewer, created or now()],
    )
    return cursor.rowcount > 0


def _label(label: Label | str) -> Label:
    try:
        return Label(str(label).strip().lower())
    except ValueError:
        choices = ", ".join(item.value for item in Label)
        raise StoreError(f"unknown label {label!r}; choose one of {choices}") from None


def _check_claim(db: Database, passage: str) -> None:
    found = get_passage(db, passage)
    if found is None:
        raise StoreError(f"no passage with id {passage!r}")
    if not found.claim:
        why = f" ({found.reason})" if found.reason else ""
        raise StoreError(f"passage {passage} is a {found.kind.value}{why}, not a claim")


def _check_evidence(db: Database, passage: str, evidence: Sequence[str]) -> list[str]:
    checked: list[str] = []
    for item in evidence:
        if item == passage:
            raise StoreError("a claim cannot be its own evidence")
        if get_passage(db, item) is None:
            raise StoreError(f"no evidence passage with id {item!r}")
        if item not in checked:
            checked.append(item)
    return checked


# The facts rules.stale decides on, for every verdict in scope.
_STALE = """
WITH basis AS ({basis})
SELECT v.passage_id, v.reviewer, v.basis, basis.now, claim.retired_at IS NOT NULL,
       EXISTS (
        SELECT 1 FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
        WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer AND q.retired_at IS NOT NULL
       )
FROM verdicts v
JOIN passages claim ON claim.id = v.passage_id
LEFT JOIN basis ON basis.claim = v.passage_id
WHERE ({scope})
"""


FEW_VERDICTS = 500  # checked one claim at a time (about 40 µs each) rather than all claims at once

# The same facts, each verdict's basis worked out from its own claim's links (for a few verdicts).
_STALE_EACH = """
SELECT v.passage_id, v.reviewer, v.basis, ({basis}), claim.retired_at IS NOT NULL,
       EXISTS (
        SELECT 1 FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
        WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer AND q.retired_at IS NOT NULL
       )
FROM verdicts v
JOIN passages claim ON claim.id = v.passage_id
WHERE ({scope})
"""


def stale_verdicts(
    db: Database, articles: tuple[str, str] | None = None, reviewer: str | None = None
) -> set[tuple[str, str]]:
    """(passage, reviewer) of every verdict whose claim or evidence changed, or whose alignment moved.

    With `articles`, only verdicts on the claims of those two articles are checked; with
    `reviewer`, only that reviewer's. Up to FEW_VERDICTS verdicts are checked each from its own
    claim's links (a new reviewer's few on a long article: the basis of its every claim was a
    tenth of the app's start); more, from the basis of every claim built at once, which then costs
    less than a claim at a time.
    """
    who = " AND v.reviewer = :reviewer" if reviewer is not None else ""
    if articles is None:
        rows = db.execute(_STALE.format(basis=BASIS, scope="1 = 1" + who), {"reviewer": reviewer})
    else:
        scope = "claim.article_id IN (:first, :second)" + who
        values = {"first": articles[0], "second": articles[1], "reviewer": reviewer}
        count = (
            "SELECT count(*) FROM (SELECT 1 FROM verdicts v JOIN passages claim ON claim.id = v.passage_id"
            f" WHERE {scope} LIMIT {FEW_VERDICTS + 1})"
        )
        few = db.execute(count, values).fetchone()[0] <= FEW_VERDICTS
        query = (
            _STALE_EACH.format(basis=BASIS_OF_VERDICT, scope=scope)
            if few
            else _STALE.format(basis=BASIS_OF_ARTICLES, scope=scope)
        )
        rows = db.execute(query, values)
    return {(row[0], row[1]) for row in rows if stale(row[2], row[3], bool(row[4]), bool(row[5]))}


def history_mark(db: Database) -> int:
    """Where the history ends now: changes_since(db, mark) later gives what came after."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM verdict_history").fetchone()[0])


def changes_since(db: Database, mark: int) -> tuple[int, set[str]]:
    """(the new mark, the passages whose verdicts changed since `mark`), from the history."""
    rows = db.execute("SELECT id, passage_id FROM verdict_history WHERE id > ?", [mark]).fetchall()
    return (max((row[0] for row in rows), default=mark), {row[1] for row in rows})


_STALE_ONE = """
SELECT v.basis, ({basis}), claim.retired_at IS NOT NULL,
       EXISTS (
        SELECT 1 FROM verdict_evidence e JOIN passages q ON q.id = e.evidence_id
        WHERE e.passage_id = v.passage_id AND e.reviewer = v.reviewer AND q.retired_at IS NOT NULL
       )
FROM verdicts v JOIN passages claim ON claim.id = v.passage_id
WHERE v.passage_id = :claim AND v.reviewer = :reviewer
"""


def is_stale(db: Database, passage: str, reviewer: str, *, alignment: bool = True) -> bool:
    """Whether one reviewer's verdict on a claim is stale: the same rule as stale_verdicts, on
    that claim's links alone (a verdict key does not rebuild the basis of the whole article).

    `alignment=False` judges on retirement alone, for a verdict this connection has just written:
    its basis is the claim's links as they are, and working them out again costs as much as the
    write did on a claim with thousands of links.
    """
    query = _STALE_ONE.format(basis=BASIS_OF_ONE if alignment else "NULL")
    row = db.execute(query, {"claim": passage, "reviewer": reviewer}).fetchone()
    if row is None:
        return False
    return stale(row[0] if alignment else None, row[1], bool(row[2]), bool(row[3]))
