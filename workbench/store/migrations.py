"""The database schema, as migrations from the first release on. Never edit one that shipped; add one."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from workbench.store.basis import BASIS
from workbench.vocabulary import LABEL_INFO

migrations = Migrations("workbench")
KNOWN: list[str] = []  # names of the migrations this version of workbench knows, in order


_FUNCTIONS = {}


def _migration(function):  # type: ignore[no-untyped-def]
    KNOWN.append(function.__name__)
    _FUNCTIONS[function.__name__] = function
    return migrations()(function)


def migration_functions() -> dict:
    """Each migration's function by name: PostgreSQL runs them too (store/postgres.py), with its
    connection in place of sqlite-utils' Database (both have execute)."""
    return dict(_FUNCTIONS)


@_migration
def m001_initial(db: Database) -> None:
    statements = [
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source_key TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            name TEXT NOT NULL,
            title TEXT NOT NULL,
            url TEXT,
            published TEXT,
            source TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE passages (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            position INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            reason TEXT,
            retired_at TEXT
        )
        """,
        "CREATE INDEX passages_by_article ON passages(article_id, position)",
        "CREATE TABLE labels (name TEXT PRIMARY KEY, description TEXT NOT NULL)",
        """
        INSERT INTO labels (name, description) VALUES
            ('supported', 'the evidence says the same thing'),
            ('contradicted', 'the evidence says something different'),
            ('editorialized', 'opinion or loaded language the evidence does not carry'),
            ('unsupported', 'nothing in the other articles backs it')
        """,
        "CREATE TABLE reviewers (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)",
        """
        CREATE TABLE verdicts (
            passage_id TEXT NOT NULL REFERENCES passages(id),
            reviewer TEXT NOT NULL REFERENCES reviewers(name),
            label TEXT NOT NULL REFERENCES labels(name),
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (passage_id, reviewer)
        )
        """,
        "CREATE INDEX verdicts_by_reviewer ON verdicts(reviewer)",
        """
        CREATE TABLE verdict_evidence (
            passage_id TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            evidence_id TEXT NOT NULL REFERENCES passages(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (passage_id, reviewer, evidence_id),
            FOREIGN KEY (passage_id, reviewer)
                REFERENCES verdicts(passage_id, reviewer) ON DELETE CASCADE
        )
        """,
        "CREATE INDEX verdict_evidence_by_evidence ON verdict_evidence(evidence_id)",
        """
        CREATE TABLE verdict_history (
            id INTEGER PRIMARY KEY,
            passage_id TEXT NOT NULL REFERENCES passages(id),
            reviewer TEXT NOT NULL REFERENCES reviewers(name),
            action TEXT NOT NULL CHECK (action IN ('set', 'clear')),
            old_label TEXT,
            new_label TEXT,
            old_note TEXT,
            new_note TEXT,
            old_evidence TEXT,
            new_evidence TEXT,
            changed_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX verdict_history_by_passage ON verdict_history(passage_id, id)",
        """
        CREATE TABLE links (
            a TEXT NOT NULL REFERENCES passages(id),
            b TEXT NOT NULL REFERENCES passages(id),
            a_article TEXT NOT NULL REFERENCES articles(id),
            b_article TEXT NOT NULL REFERENCES articles(id),
            score REAL NOT NULL,
            PRIMARY KEY (a, b)
        )
        """,
        "CREATE INDEX links_by_b ON links(b)",
        "CREATE INDEX links_by_articles ON links(a_article, b_article)",
        """
        CREATE TABLE aligned_pairs (
            a_article TEXT NOT NULL REFERENCES articles(id),
            b_article TEXT NOT NULL REFERENCES articles(id),
            a_hash TEXT NOT NULL,
            b_hash TEXT NOT NULL,
            aligner TEXT NOT NULL,
            aligned_at TEXT NOT NULL,
            PRIMARY KEY (a_article, b_article)
        )
        """,
    ]
    for statement in statements:
        db.execute(statement)


@_migration
def m002_teams(db: Database) -> None:
    """Roles, final verdicts, settings, the basis a verdict was made on, and mergeable history."""
    statements = [
        # Every change gets an id that travels with it, so merging two files copies each once.
        "ALTER TABLE verdict_history ADD COLUMN change_id TEXT",
        "UPDATE verdict_history SET change_id = lower(hex(randomblob(16))) WHERE change_id IS NULL",
        "CREATE UNIQUE INDEX verdict_history_by_change ON verdict_history(change_id)",
        # The claim's alignment links when the verdict was given ("passage:score;..."): if they
        # move, or an evidence passage changes, the verdict is stale until a reviewer confirms it.
        "ALTER TABLE verdicts ADD COLUMN basis TEXT",
        f"UPDATE verdicts SET basis = coalesce((SELECT now FROM ({BASIS}) AS current_basis "
        "WHERE claim = passage_id), '')",
        "ALTER TABLE reviewers ADD COLUMN role TEXT NOT NULL DEFAULT 'reviewer' "
        "CHECK (role IN ('reviewer', 'adjudicator'))",
        """
        CREATE TABLE final_verdicts (
            passage_id TEXT PRIMARY KEY REFERENCES passages(id),
            label TEXT NOT NULL REFERENCES labels(name),
            note TEXT NOT NULL DEFAULT '',
            adjudicator TEXT NOT NULL REFERENCES reviewers(name),
            decided_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE final_history (
            id INTEGER PRIMARY KEY,
            change_id TEXT NOT NULL UNIQUE,
            passage_id TEXT NOT NULL REFERENCES passages(id),
            adjudicator TEXT NOT NULL REFERENCES reviewers(name),
            old_label TEXT,
            new_label TEXT,
            note TEXT,
            changed_at TEXT NOT NULL
        )
        """,
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # The links of one article are looked up from both sides.
        "CREATE INDEX links_by_b_article ON links(b_article, a_article)",
    ]
    for statement in statements:
        db.execute(statement)


def sync_labels(db: Database) -> None:
    """Make the labels table hold exactly the vocabulary's labels (verdicts reference it).

    A label that verdicts still use is kept; its description is left as it was.
    """
    for label, info in LABEL_INFO.items():
        db.execute(
            "INSERT INTO labels (name, description) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET description = excluded.description",
            [label.value, info.description],
        )


@_migration
def m003_labels_from_vocabulary(db: Database) -> None:
    """The labels table from workbench.vocabulary. A new label adds a migration that calls sync_labels."""
    sync_labels(db)


@_migration
def m004_stories(db: Database) -> None:
    """Stories: groups of articles that tell one story, each aligned and triaged on its own, with
    its own reference. An article a user moved is pinned: grouping never moves it back."""
    statements = [
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            reference TEXT REFERENCES articles(id),
            proposed TEXT REFERENCES articles(id),
            runner_up TEXT REFERENCES articles(id),
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL REFERENCES stories(id),
            pinned INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX story_articles_by_story ON story_articles(story_id)",
    ]
    for statement in statements:
        db.execute(statement)


@_migration
def m005_story_partners(db: Database) -> None:
    """A story too big to align every pair aligns each article with a few partners: `partners`
    records the aligner version and article text that was done for (empty: still to do)."""
    db.execute("ALTER TABLE story_articles ADD COLUMN partners TEXT")
