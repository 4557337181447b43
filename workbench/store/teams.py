"""Working as a team on one file: settings, reviewer roles, disputed claims and adjudicated verdicts."""

from __future__ import annotations

import uuid

from workbench import rules
from workbench.models import Dispute, FinalVerdict, check_reviewer_name  # noqa: F401  (re-exported for the store's callers)
from workbench.store.articles import get_passage
from workbench.store.connection import KNOWN_LABEL, Database, StoreError, now, writing
from workbench.store.stories import set_story_reference, sole_story, story_of
from workbench.text.sanitize import clean_note
from workbench.vocabulary import Label

BLIND_REVIEW = "blind_review"  # "on": others' verdicts on a claim stay hidden until you give yours
SETTINGS = {BLIND_REVIEW: ("off", {"on", "off"})}  # name: (default, allowed values)
ROLES = ("reviewer", "adjudicator")


def get_setting(db: Database, key: str) -> str:
    default, _ = SETTINGS[key]
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    if key not in SETTINGS:
        raise StoreError(f"unknown setting {key!r}; settings are {', '.join(SETTINGS)}")
    allowed = SETTINGS[key][1]
    if value not in allowed:
        raise StoreError(f"{key} must be one of {', '.join(sorted(allowed))}")
    with writing(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def blind_review(db: Database) -> bool:
    return get_setting(db, BLIND_REVIEW) == "on"


_REFERENCE = "reference"  # the article a user marked as the original
_PROPOSED_REFERENCE = "proposed_reference"  # the likely original (rules.likely_original), kept by the linker
_RUNNER_UP = "proposed_reference_runner_up"  # nearly as likely, when the proposal's lead was weak


def reference(db: Database, story: str | None = None) -> str | None:
    """The id of the reference article of `story` (by default the only story, or the database's
    when its articles are not grouped yet): the one a user marked, else the one the linker proposed."""
    story = story or sole_story(db)
    if story is not None:
        row = db.execute("SELECT reference, proposed FROM stories WHERE id = ?", [story]).fetchone()
        marked, proposed = row if row else (None, None)
        for candidate in (marked, _legacy_mark(db), proposed):
            if candidate and story_of(db, candidate) == story:
                return candidate
        return None
    for key in (_REFERENCE, _PROPOSED_REFERENCE):
        row = db.execute(
            "SELECT s.value FROM settings s JOIN articles a ON a.id = s.value WHERE s.key = ?", [key]
        ).fetchone()
        if row:
            return row[0]
    return None


def _legacy_mark(db: Database) -> str | None:
    """The reference a user marked before articles were grouped into stories: it holds for its story."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [_REFERENCE]).fetchone()
    return row[0] if row else None


def marked_reference(db: Database, story: str | None = None) -> str | None:
    story = story or sole_story(db)
    if story is not None:
        row = db.execute("SELECT reference FROM stories WHERE id = ?", [story]).fetchone()
        for candidate in (row[0] if row else None, _legacy_mark(db)):
            if candidate and story_of(db, candidate) == story:
                return candidate
        return None
    return _legacy_mark(db)


def set_reference(
    db: Database,
    article: str | None,
    *,
    proposed: bool = False,
    runner_up: str | None = None,
    story: str | None = None,
) -> None:
    """Mark `article` as the reference of its story (None: go back to the proposed one).

    The linker proposes one with `proposed`, and gives the `runner_up` when its lead was weak.
    """
    story = story or (story_of(db, article) if article else None) or sole_story(db)
    with writing(db):
        if story is None:
            _put(db, _PROPOSED_REFERENCE if proposed else _REFERENCE, article)
            if proposed:
                _put(db, _RUNNER_UP, runner_up)
            return
        set_story_reference(db, story, article, proposed=proposed, runner_up=runner_up)
        legacy = _legacy_mark(db)
        if not proposed and legacy and story_of(db, legacy) == story:
            _put(db, _REFERENCE, None)  # the story's own mark replaces it


def reference_doubt(db: Database, story: str | None = None) -> str | None:
    """The article nearly as likely to be the original as the proposed reference, when no user
    marked one and the proposal's lead was weak."""
    if marked_reference(db, story) and reference(db, story) == marked_reference(db, story):
        return None
    story = story or sole_story(db)
    if story is not None:
        row = db.execute("SELECT runner_up FROM stories WHERE id = ?", [story]).fetchone()
        return row[0] if row and row[0] and story_of(db, row[0]) == story else None
    row = db.execute(
        "SELECT s.value FROM settings s JOIN articles a ON a.id = s.value WHERE s.key = ?", [_RUNNER_UP]
    ).fetchone()
    return row[0] if row else None


def _put(db: Database, key: str, value: str | None) -> None:
    if value is None:
        db.execute("DELETE FROM settings WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def set_role(db: Database, reviewer: str, role: str) -> None:
    reviewer = check_reviewer_name(reviewer)
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    with writing(db):
        db.execute(
            "INSERT INTO reviewers (name, created_at, role) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET role = excluded.role",
            [reviewer, now(), role],
        )


def get_role(db: Database, reviewer: str) -> str:
    row = db.execute("SELECT role FROM reviewers WHERE name = ?", [reviewer]).fetchone()
    return row[0] if row else "reviewer"


def list_reviewers(db: Database) -> list[tuple[str, str]]:
    """(name, role) of everyone who has a verdict or a role, by name."""
    return [tuple(row) for row in db.execute("SELECT name, role FROM reviewers ORDER BY name")]


def set_final(
    db: Database, passage: str, adjudicator: str, label: Label | str, note: str = ""
) -> FinalVerdict:
    """The adjudicated verdict of a claim, kept apart from the reviewers' own; adjudicators only."""
    adjudicator = check_reviewer_name(adjudicator)
    label = Label(str(label))
    note = clean_note(note)
    found = get_passage(db, passage)
    if found is None or not found.claim:
        raise StoreError(f"no claim with id {passage!r}")
    with writing(db):
        if not rules.may_adjudicate(get_role(db, adjudicator)):
            raise StoreError(
                f"{adjudicator} is not an adjudicator; run `workbench role {adjudicator} adjudicator`"
            )
        old = get_final(db, passage)
        stamp = now()
        db.execute(
            """
            INSERT INTO final_verdicts (passage_id, label, note, adjudicator, decided_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(passage_id) DO UPDATE SET label = excluded.label, note = excluded.note,
                adjudicator = excluded.adjudicator, decided_at = excluded.decided_at
            """,
            [passage, label.value, note, adjudicator, stamp],
        )
        _record_final(db, passage, adjudicator, old.label.value if old else None, label.value, note, stamp)
    final = get_final(db, passage)
    assert final is not None
    return final


def clear_final(db: Database, passage: str, adjudicator: str) -> bool:
    with writing(db):
        if not rules.may_adjudicate(get_role(db, adjudicator)):
            raise StoreError(f"{adjudicator} is not an adjudicator")
        old = get_final(db, passage)
        if old is None:
            return False
        db.execute("DELETE FROM final_verdicts WHERE passage_id = ?", [passage])
        _record_final(db, passage, adjudicator, old.label.value, None, "", now())
    return True


def _record_final(
    db: Database, passage: str, adjudicator: str, old: str | None, new: str | None, note: str, stamp: str
) -> None:
    db.execute(
        "INSERT INTO final_history (change_id, passage_id, adjudicator, old_label, new_label, note, "
        "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [uuid.uuid4().hex, passage, adjudicator, old, new, note, stamp],
    )


def get_final(db: Database, passage: str) -> FinalVerdict | None:
    row = db.execute(
        "SELECT passage_id, label, note, adjudicator, decided_at FROM final_verdicts "
        f"WHERE passage_id = ? AND {KNOWN_LABEL}",
        [passage],
    ).fetchone()
    return FinalVerdict(row[0], Label(row[1]), row[2], row[3], row[4]) if row else None


def final_verdicts(db: Database) -> dict[str, FinalVerdict]:
    return {
        row[0]: FinalVerdict(row[0], Label(row[1]), row[2], row[3], row[4])
        for row in db.execute(
            f"SELECT passage_id, label, note, adjudicator, decided_at FROM final_verdicts WHERE {KNOWN_LABEL}"
        )
    }


def label_matrix(db: Database) -> dict[str, dict[str, str]]:
    """For every claim with a verdict: reviewer -> label."""
    matrix: dict[str, dict[str, str]] = {}
    for passage, reviewer, label in db.execute(
        f"SELECT passage_id, reviewer, label FROM verdicts WHERE {KNOWN_LABEL} ORDER BY passage_id, reviewer"
    ):
        matrix.setdefault(passage, {})[reviewer] = label
    return matrix


def disputes(db: Database) -> list[Dispute]:
    """Claims on which reviewers gave different labels, with their final verdict if there is one."""
    finals = final_verdicts(db)
    return [
        Dispute(passage, labels, finals.get(passage))
        for passage, labels in label_matrix(db).items()
        if rules.disputed(labels.values())
    ]
