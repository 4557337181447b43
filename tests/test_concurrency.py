"""Several reviewers on one SQLite file: real processes writing at once, and one killed mid-stream."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from workbench import store
from workbench.models import LABELS
from workbench.store import MIGRATIONS

WRITERS = 8
WRITES = 300

# A reviewer's process: marks claims in turn, COUNT writes (-1: no limit) or, given, for SECONDS,
# and says ACK only once the verdict is committed. Its database may be a file or a PostgreSQL URL.
WRITER = textwrap.dedent(
    """
    import sys, time
    from workbench import store
    from workbench.models import LABELS
    path, reviewer, offset, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    deadline = time.monotonic() + float(sys.argv[5]) if len(sys.argv) > 5 else None
    db = store.open_db(path)
    claims = [p.id for p in store.list_passages(db, claims_only=True)]
    step = 0
    while (count < 0 or step < count) and (deadline is None or time.monotonic() < deadline):
        passage = claims[step % len(claims)]
        label = LABELS[(step + offset) % len(LABELS)]
        store.set_verdict(db, passage, reviewer, label, note=f"write {step}")
        print(f"ACK {passage} {label} {step}", flush=True)
        step += 1
    """
)

# Another process reads all the while, as the app of a reviewer who is only looking would.
READER = textwrap.dedent(
    """
    import sys, time
    from workbench import store
    db = store.open_db(sys.argv[1])
    reads, deadline = 0, time.monotonic() + float(sys.argv[2])
    while time.monotonic() < deadline:
        store.list_verdicts(db)
        db.execute("SELECT count(*) FROM verdict_history").fetchone()
        reads += 1
    print(f"READS {reads}", flush=True)
    """
)


def acknowledged(output: str) -> list[tuple[str, str, int]]:
    return [
        (parts[1], parts[2], int(parts[3]))
        for parts in (line.split() for line in output.splitlines())
        if parts and parts[0] == "ACK"
    ]


def killed_after(writer: subprocess.Popen, lines_wanted: int) -> list[tuple[str, str, int]]:
    """Kill `writer` with SIGKILL once it has printed `lines_wanted` lines (or after 60 s); every
    verdict it acknowledged, those printed before the kill landed included."""
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while len(lines) < lines_wanted and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if line:
            lines.append(line)
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    return acknowledged("".join(lines) + rest)


@pytest.mark.sqlite_only
def test_eight_writers_and_a_reader_lose_nothing(seeded, db_path):
    claims = len(store.list_passages(seeded, claims_only=True))
    assert claims % len(LABELS) != 0  # so that every write changes the label and makes history
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), f"reviewer{n}", str(n), str(WRITES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path), "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    outputs = [process.communicate(timeout=300) for process in writers]
    read_output, read_errors = reader.communicate(timeout=300)

    for process, (_, errors) in zip(writers, outputs, strict=True):
        assert process.returncode == 0, errors
        assert "locked" not in errors
    assert reader.returncode == 0, read_errors
    assert int(read_output.split()[1]) > 0

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for n, (stdout, _) in enumerate(outputs):
        acks = acknowledged(stdout)
        assert len(acks) == WRITES
        latest = {passage: (label, step) for passage, label, step in acks}
        stored = dict(
            conn.execute(
                "SELECT passage_id, label || ' ' || note FROM verdicts WHERE reviewer = ?",
                [f"reviewer{n}"],
            ).fetchall()
        )
        assert stored == {p: f"{label} write {step}" for p, (label, step) in latest.items()}
        history = conn.execute(
            "SELECT count(*) FROM verdict_history WHERE reviewer = ?", [f"reviewer{n}"]
        ).fetchone()[0]
        assert history == WRITES
    conn.close()


@pytest.mark.sqlite_only
def test_a_writer_killed_mid_stream_loses_no_acknowledged_verdict(seeded, db_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), "kim", "0", "-1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acks = killed_after(writer, 120)
    assert writer.returncode == -signal.SIGKILL
    assert len(acks) >= 120

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = dict(conn.execute("SELECT passage_id, note FROM verdicts WHERE reviewer = 'kim'").fetchall())
    latest = {passage: step for passage, _, step in acks}
    for passage, step in latest.items():
        # the kill may land after a commit and before its ACK: then the stored write is newer
        assert int(stored[passage].split()[1]) >= step
    history = conn.execute("SELECT count(*) FROM verdict_history WHERE reviewer = 'kim'").fetchone()[0]
    assert history >= len(acks)
    conn.close()
    reopened = store.open_db(db_path)  # and the file is still good to work on
    store.set_verdict(reopened, next(iter(latest)), "kim", "supported", note="after the crash")
    reopened.close()


OPENER = textwrap.dedent(
    """
    import sys
    from workbench import store
    from workbench import store
    db = store.open_db(sys.argv[1])
    store.set_role(db, sys.argv[2], "reviewer")
    print("OK", flush=True)
    """
)


def test_a_new_database_opened_by_several_processes_at_once_is_made_once(tmp_path):
    path = tmp_path / "fresh" / "team.db"
    openers = [
        subprocess.Popen([sys.executable, "-c", OPENER, str(path), f"r{n}"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for n in range(6)
    ]  # fmt: skip
    for process in openers:
        out, errors = process.communicate(timeout=120)
        assert process.returncode == 0 and out.strip() == "OK", errors
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 6
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATIONS)
    conn.close()
