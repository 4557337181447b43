"""An import stopped at any moment (Ctrl+C or a kill) and run again ends as an uninterrupted one."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .test_big_stories import write_versions
from .test_stories import STORM, versions

# A big story (aligned sparsely: more than align.partners.FULL_STORY versions) and a small one.
BIG = 64


def write_corpus(folder):
    write_versions(folder, BIG)
    for n, text in enumerate(versions(STORM, 4)):
        (folder / f"storm-{n}.txt").write_text(text, "utf-8")
    return folder


def start_import(db_path, folder) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "import", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def count(db_path, sql: str) -> int:
    """A figure read from the file while another process writes it (0 before it exists)."""
    if not db_path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is still being made
        return 0


MOMENTS = {  # what to wait for before stopping the import
    "reading": "SELECT count(*) FROM articles",
    "aligning": "SELECT count(*) FROM aligned_pairs",
    "partners": "SELECT count(*) FROM story_articles WHERE partners IS NOT NULL",
}


def stop_at(db_path, folder, moment: str, threshold: int, how: signal.Signals) -> str:
    process = start_import(db_path, folder)
    deadline = time.monotonic() + 120
    while count(db_path, MOMENTS[moment]) < threshold and process.poll() is None:
        assert time.monotonic() < deadline, "the import never got there"
        time.sleep(0.005)  # polls the file's state; the stop lands wherever the import then is
    if process.poll() is None:
        process.send_signal(how)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (130, -signal.SIGKILL), f"the import was not stopped: {stderr}"
    if how == signal.SIGINT:
        assert "Traceback" not in stderr
        assert "Interrupted" in stderr and "run the same `workbench import` again" in stderr
    return stderr


def snapshot(db_path) -> dict[str, list[tuple]]:
    """The database's content, without the times things were done."""
    queries = {
        "articles": "SELECT id, source_key, name, title, published, text, content_hash FROM articles",
        "passages": "SELECT id, article_id, position, kind, text, retired_at IS NULL FROM passages",
        "stories": "SELECT id, name, reference, proposed, runner_up FROM stories",
        "members": "SELECT article_id, story_id, pinned, partners FROM story_articles",
        "pairs": "SELECT a_article, b_article, a_hash, b_hash, aligner FROM aligned_pairs",
        "links": "SELECT a, b, a_article, b_article, round(score) FROM links",
    }
    with sqlite3.connect(db_path) as conn:
        return {name: sorted(conn.execute(sql).fetchall()) for name, sql in queries.items()}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    folder = write_corpus(tmp_path_factory.mktemp("corpus"))
    db_path = tmp_path_factory.mktemp("whole") / "whole.db"
    done = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "import", str(folder)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return folder, snapshot(db_path)


@pytest.mark.parametrize(
    ("moment", "how"),
    [
        ("reading", signal.SIGINT),
        ("aligning", signal.SIGINT),
        ("aligning", signal.SIGKILL),
        ("partners", signal.SIGKILL),
        ("partners", signal.SIGINT),
    ],
)
def test_an_import_stopped_and_run_again_gives_the_same_database(uninterrupted, tmp_path, moment, how):
    folder, expected = uninterrupted
    rng = random.Random(f"{moment}-{how}-{os.getpid()}")
    sizes = {"reading": len(expected["articles"]), "aligning": len(expected["pairs"]), "partners": BIG}
    db_path = tmp_path / "stopped.db"
    said = stop_at(db_path, folder, moment, rng.randrange(1, sizes[moment]), how)
    read = re.search(r"after ([\d,]+) of [\d,]+ files; every article read so far is saved", said)
    if read:  # stopped while reading: what it says is saved is in the file
        assert count(db_path, "SELECT count(*) FROM articles") >= int(read.group(1).replace(",", ""))
    if moment == "reading":  # what is left is said
        status = subprocess.run(
            [sys.executable, "-m", "workbench", "--db", str(db_path), "status"],
            capture_output=True,
            text=True,
        )
        assert "articles in no story yet. `workbench align` does it." in status.stdout
    again = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "import", str(folder)],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    found = snapshot(db_path)
    differ = {
        name: (sorted(set(found[name]) - set(rows))[:3], sorted(set(rows) - set(found[name]))[:3])
        for name, rows in expected.items()
        if found[name] != rows
    }
    assert not differ, differ
    status = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "status"], capture_output=True, text=True
    )
    assert "Not aligned yet" not in status.stdout
