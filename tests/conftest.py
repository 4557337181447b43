"""Shared fixtures: the bundled seeds, and fresh database files on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ORIGINAL = "002_4360f873e8873a82.txt"
REWRITE = "000_c80d087d49900f07.txt"


ON_SERVER = os.environ.get("WORKBENCH_TEST_DB") == "postgresql"


@pytest.fixture
def db_path(request, tmp_path: Path) -> Path:
    """Where a test's database is: a new file, or with WORKBENCH_TEST_DB=postgresql a new database
    on the test server (its URL); a test that needs a file is marked sqlite_only."""
    if ON_SERVER:
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("this test is about the SQLite file itself")
        return request.getfixturevalue("pg_url")
    return tmp_path / "review.db"


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A PostgreSQL server of this test run's own (pgserver's bundled binaries), stopped at the end."""
    pgserver = pytest.importorskip("pgserver")
    server = pgserver.get_server(tmp_path_factory.mktemp("postgres"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty PostgreSQL database on the test server."""
    import uuid

    import psycopg

    name = f"wb_{uuid.uuid4().hex[:12]}"
    base = pg_server.get_uri()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.replace("/postgres?", f"/{name}?", 1)


@pytest.fixture
def db(db_path):
    """A fresh store at db_path: an SQLite file, or a PostgreSQL database (WORKBENCH_TEST_DB)."""
    database = store.open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def seeded(db):
    """A database with the five seeds imported and aligned."""
    import_paths(db, [SEEDS])
    refresh_links(db)
    return db


def article_named(db, name: str):
    return next(a for a in store.list_articles(db) if a.name == name)


def passage_starting(db, article_name: str, start: str):
    article = article_named(db, article_name)
    matches = [p for p in store.list_passages(db, article.id) if p.text.startswith(start)]
    assert len(matches) == 1, f"{len(matches)} passages of {article_name} start with {start!r}"
    return matches[0]


AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def another_user() -> list[str]:
    """The command prefix that runs a program as an unprivileged user who can still run this
    workbench; the test is skipped, with the reason, where there is no such user (not root, no
    setpriv, or a checkout in a folder other users may not enter)."""
    import shutil
    import subprocess
    import sys

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    probe = subprocess.run(
        [*AS_NOBODY, sys.executable, "-c", "import workbench"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["it fails"])[-1]
        pytest.skip(f"another user cannot run this checkout's Python here ({reason[:120]})")
    return AS_NOBODY


def import_story(db, folder: Path, versions: dict[str, str]) -> dict[str, object]:
    """Write the versions of a story (file name -> text) into `folder`, import and align them
    (again, when they were there before); the articles by file name."""
    folder.mkdir(exist_ok=True)
    for name, text in versions.items():
        (folder / name).write_text(text, "utf-8")
    import_paths(db, [folder])
    refresh_links(db)
    return {a.name: a for a in store.list_articles(db)}


def two_paraphrases(tmp_path: Path, *, aligned: bool = True) -> Path:
    """A database of a two-sentence story in two versions that say the same thing (so neither is
    clearly the original), imported, and aligned unless `aligned` is False."""
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "one.txt").write_text("The council approved the budget on Tuesday. The mayor praised it.")
    (folder / "two.txt").write_text("On Tuesday the council approved the budget. The mayor praised it.")
    db_path = tmp_path / "story.db"
    db = store.open_db(db_path)
    import_paths(db, [folder])
    if aligned:
        refresh_links(db)
    db.close()
    return db_path
