"""Hostile files and failing disks: special files, links out of a folder, damaged and half-written
databases, a full disk. Each ends with one clear line (or a notification), never a traceback, a
hang, unbounded memory, or something reported as saved that is not."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links

from .conftest import SEEDS, another_user


def workbench(*args: str, db: Path, timeout: float = 120, user: list[str] | None = None):
    return subprocess.run(
        [*(user or []), sys.executable, "-m", "workbench", "--db", str(db), "--reviewer", "ana", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line_error(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- special files and links ------------------------------------------------------------------


def test_a_pipe_among_the_inputs_is_refused_without_waiting_on_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("The mayor resigned on Monday.\n", "utf-8")
    os.mkfifo(folder / "pipe.txt")
    result = workbench("import", str(folder), db=tmp_path / "w.db", timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pipe.txt: not a regular file (a named pipe)" in result.stderr
    assert "Imported 1 articles" in result.stdout


def test_a_link_to_a_device_is_refused_and_a_link_out_of_the_folder_not_followed(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zero.txt").symlink_to("/dev/zero")
    outside = tmp_path / "private.txt"
    outside.write_text("A secret sentence from elsewhere on this machine.\n", "utf-8")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "real.txt")
    (folder / "real.txt").write_text("The mayor resigned on Monday.\n", "utf-8")
    report = import_paths(db, [folder])
    reasons = {Path(s.where).name: s.reason for s in report.skipped}
    assert "outside the folder" in reasons["secret.txt"] and "outside the folder" in reasons["zero.txt"]
    assert sorted(Path(a.path).name for a in store.list_articles(db)) == ["real.txt"]

    followed = import_paths(db, [folder], follow_symlinks=True)
    reasons = {Path(s.where).name: s.reason for s in followed.skipped}
    assert reasons["zero.txt"] == "not a regular file (a device)"
    assert "secret.txt" not in reasons


def test_a_pipe_as_the_database_is_refused_in_one_line(tmp_path):
    fifo = tmp_path / "db.fifo"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(workbench("status", db=fifo, timeout=60))


def test_a_lone_surrogate_in_a_record_does_not_stop_the_import(tmp_path, db):
    records = tmp_path / "records.json"
    records.write_text(
        '[{"text": "Broken \\ud800 half of a pair.", "url": "https://x.example/\\udfff"},'
        ' {"text": "The next record is imported too."}]',
        "utf-8",
    )
    report = import_paths(db, [records])
    assert not report.skipped
    texts = sorted(a.text for a in store.list_articles(db))
    assert texts == ["Broken \ufffd half of a pair.", "The next record is imported too."]


def test_a_json_lines_record_past_the_limit_is_skipped_without_reading_it_whole(tmp_path, db):
    from workbench.text.reading import MAX_FILE_BYTES

    lines = tmp_path / "feed.jsonl"
    with lines.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "First record."}) + "\n")
        handle.write('{"text": "' + "x" * (MAX_FILE_BYTES + 10) + '"}\n')
        handle.write(json.dumps({"text": "Third record."}) + "\n")
    report = import_paths(db, [lines])
    assert [s.reason for s in report.skipped] == ["record too large (more than 20.0 MB)"]
    assert sorted(a.text for a in store.list_articles(db)) == ["First record.", "Third record."]


# -- memory ---------------------------------------------------------------------------------------

PEAK = textwrap.dedent(
    """
    import atexit, sys
    def report():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM"):
                sys.stderr.write("PEAK_KB " + line.split()[1] + "\\n")
    atexit.register(report)
    sys.argv = ["workbench", *sys.argv[1:]]
    from workbench.cli import run
    run()
    """
)


def test_a_long_article_pair_is_aligned_in_bounded_memory(tmp_path):
    """Two 4,000-sentence articles: dense score matrices would take about 1 GB; blocks take little."""
    import random

    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(400)
    ]
    folder = tmp_path / "long"
    folder.mkdir()
    for name in ("one", "two"):
        sentences = (
            " ".join(rng.choice(vocabulary) for _ in range(7)).capitalize() + "." for _ in range(4000)
        )
        (folder / f"{name}.txt").write_text("\n".join(sentences), "utf-8")
    script = tmp_path / "peak.py"
    script.write_text(PEAK, "utf-8")
    result = subprocess.run(
        [sys.executable, str(script), "--db", str(tmp_path / "w.db"), "import", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Aligned 1 article pairs" in result.stdout and "not aligned" not in result.stderr
    peak_mb = int(result.stderr.split("PEAK_KB ")[1].split()[0]) / 1024
    assert peak_mb < 400, f"peak memory {peak_mb:.0f} MB"


# -- files that are not ours, damaged, half-written -------------------------------------------------


def test_another_programs_database_is_recognised_before_anything_is_written(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    assert "not a workbench database" in one_line_error(workbench("status", db=other))
    assert other.read_bytes() == before  # still in rollback-journal mode: not switched to WAL
    assert not (tmp_path / "other.db-wal").exists()


@pytest.mark.sqlite_only
def test_a_newer_workbench_database_is_left_in_its_journal_mode(tmp_path, db_path):
    db = store.open_db(db_path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('workbench', 'm999_future', '')"
    )
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    before = db_path.read_bytes()
    assert "newer version of workbench" in one_line_error(workbench("status", db=db_path))
    assert db_path.read_bytes() == before


def _crashed_copy(source_db: Path, target: Path) -> None:
    """`target` as a crash leaves a file: the database and its write-ahead log, no clean close."""
    writer = sqlite3.connect(source_db)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('blind_review', 'off')")
    writer.commit()
    shutil.copyfile(source_db, target)
    shutil.copyfile(f"{source_db}-wal", f"{target}-wal")
    writer.close()


@pytest.mark.sqlite_only
def test_a_clean_close_leaves_no_log_for_the_next_start_to_take_for_a_crash(seeded, db_path):
    # The app's background readers may close after its own connection; a read-only connection
    # may not delete the log, and a log with frames in it makes the next start check the whole
    # file for damage (a second or more on a large one) as if the last session had crashed.
    claim = store.list_passages(seeded, claims_only=True)[0].id
    reader = store.open_reader(store.location(seeded))
    assert reader.execute("SELECT count(*) FROM passages").fetchone()[0] > 0
    store.set_verdict(seeded, claim, "ana", "supported")
    log = Path(f"{db_path}-wal")
    assert log.stat().st_size > 0  # the verdict is in the log while both are open
    seeded.close()
    reader.close()
    assert not log.exists() or log.stat().st_size == 0
    again = store.connect(db_path)
    try:
        assert again.damaged is None and again.read_only_reason is None
        assert store.get_verdict(again, claim, "ana").label == "supported"
    finally:
        again.close()


@pytest.mark.sqlite_only
def test_a_damaged_file_left_by_a_crash_refuses_writes_and_exports(tmp_path, seeded, db_path):
    claim = store.list_passages(seeded, claims_only=True)[0].id
    store.set_verdict(seeded, claim, "bo", "supported")
    seeded.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.close()
    # Damage one page of the passages' index, deep in the file, where opening does not look.
    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'passages_by_article'").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * 4096
    data[start : start + 12] = b"\x55" * 12  # the page header: its type and cell counts
    db_path.write_bytes(bytes(data))
    crashed = tmp_path / "crashed.db"
    _crashed_copy(db_path, crashed)
    mark = workbench("mark", claim, "contradicted", db=crashed)
    assert "damaged" in one_line_error(mark)
    assert "damaged" in one_line_error(workbench("export", db=crashed))


@pytest.mark.sqlite_only
def test_a_read_only_file_with_a_write_ahead_log_exports_every_verdict(tmp_path, seeded, db_path):
    claims = store.list_passages(seeded, claims_only=True)[:21]
    for claim in claims:
        store.set_verdict(seeded, claim.id, "ana", "supported")
    shared = Path(tempfile.mkdtemp(prefix="workbench-ro-"))
    try:
        os.chmod(shared, 0o755)  # nobody else may write here: no -shm can be made beside the file
        copy = shared / "review.db"
        # The verdicts are still in the log (the connection is open), as after a crash.
        seeded.execute("PRAGMA wal_autocheckpoint = 0")
        shutil.copyfile(db_path, copy)
        shutil.copyfile(f"{db_path}-wal", f"{copy}-wal")
        for path in (copy, Path(f"{copy}-wal")):
            os.chmod(path, 0o644)
        result = workbench("export", "--format", "jsonl", db=copy, user=another_user())
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == 21
        assert "private copy" in result.stderr
    finally:
        shutil.rmtree(shared)


# -- a full disk ----------------------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path):
    """A small filesystem holding a seeded database, then filled to the last byte.

    A connection stays open while it fills, so the shared-memory file exists (SQLite allocates
    it in full); what can no longer grow is the write-ahead log, as on a disk that filled up.
    """
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a small filesystem here (needs root)")
    holder = None
    try:
        db_path = mount / "review.db"
        db = store.open_db(db_path)
        import_paths(db, [SEEDS])
        refresh_links(db)
        db.close()
        holder = sqlite3.connect(db_path)
        holder.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        filler = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(filler)
        yield db_path
    finally:
        if holder is not None:
            holder.close()
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_mark_on_a_full_disk_says_so_in_one_line(full_disk):
    claim = sqlite3.connect(full_disk).execute("SELECT id FROM passages WHERE kind = 'claim'").fetchone()[0]
    message = one_line_error(workbench("mark", claim, "supported", db=full_disk))
    assert "full" in message and "nothing was saved" in message


def test_the_app_on_a_full_disk_notifies_and_shows_nothing_as_saved(full_disk):
    from textual.notifications import Notify

    from workbench.tui.app import WorkbenchApp

    seen = []

    async def main():
        app = WorkbenchApp(full_disk, "ana")
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            await pilot.pause()
            screen = app.screen
            claim = screen.current_passage
            await pilot.press("s")
            await pilot.pause()
            toasts = [m.notification.message for m in seen if isinstance(m, Notify)]
            shown = screen.session.my_verdict(claim.id)
            still_there = screen.current_passage.id == claim.id
        stored = sqlite3.connect(full_disk).execute("SELECT count(*) FROM verdicts").fetchone()[0]
        return toasts, stored, shown, still_there

    toasts, stored, shown, still_there = asyncio.run(main())
    assert stored == 0 and shown is None and still_there
    assert any("could not be written" in toast for toast in toasts), toasts


# -- rows a crafted or damaged file may hold ---------------------------------------------------------


def _crafted_rows(db, db_path) -> None:
    """A verdict with a label we do not know, and one on a passage that is gone (foreign keys off)."""
    claims = store.list_passages(db, claims_only=True)[:2]
    store.set_verdict(db, claims[0].id, "ana", "supported")
    store.set_verdict(db, claims[1].id, "ana", "supported")
    db.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    with conn:
        conn.execute("UPDATE verdicts SET label = 'sorta' WHERE passage_id = ?", [claims[0].id])
        conn.execute(
            "INSERT INTO verdicts (passage_id, reviewer, label, note, created_at, updated_at) "
            "VALUES ('gone0000gone0000', 'ana', 'supported', '', "
            "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"
        )
    conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["status"],
        ["show", "000"],
        ["export", "--format", "fever"],
        ["export", "--format", "claimreview"],
        ["export"],
    ],
)
@pytest.mark.sqlite_only
def test_unknown_labels_and_orphan_verdicts_are_counted_not_crashed_on(seeded, db_path, command):
    _crafted_rows(seeded, db_path)
    result = workbench(*command, db=db_path)
    assert "Traceback" not in result.stderr
    if command[0] == "export":
        assert result.returncode == 1
        assert "Left out 1 verdicts on claims this database no longer has" in result.stderr
        if command[-1] in ("fever", "claimreview"):
            assert "Left out 1 claims whose verdicts carry a label" in result.stderr
    else:
        assert result.returncode == 0, result.stderr


def test_only_articles_of_one_story_are_aligned(tmp_path, db):
    from workbench.services.linking import refresh_links

    bridge = "The old bridge over the river closed on Monday after inspectors found cracks in its piers."
    storm = "A winter storm brought heavy snow to the mountain villages and cut power to thousands of homes."
    records = [{"text": f"{text} Report {n} of {3}."} for text in (bridge, storm) for n in range(3)]
    (tmp_path / "two.json").write_text(json.dumps(records), "utf-8")
    import_paths(db, [tmp_path / "two.json"])
    report = refresh_links(db)
    assert (report.pairs, report.stories) == (6, 2)  # 3 + 3 pairs, not the 15 of all pairs
    stories = store.list_stories(db)
    assert sorted(s.articles for s in stories) == [3, 3]
    for story in stories:  # each story has its own proposed original, one of its articles
        assert store.story_of(db, store.reference(db, story.id)) == story.id


def test_read_only_align_json_works_on_an_up_to_date_database(seeded, db_path):
    seeded.close()
    result = workbench("--read-only", "align", "--json", db=db_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["links"]


def test_a_file_export_is_atomic_honours_the_umask_and_clears_what_killed_exports_left(
    seeded, db_path, tmp_path
):
    seeded.close()
    out = tmp_path / "out"
    out.mkdir()
    leftover = out / ".verdicts.csv.4194303.partial"  # a pid above the kernel's maximum: not running
    leftover.write_text("half an export")
    running = out / f".verdicts.csv.{os.getpid()}.partial"  # a writer still at work: left alone
    running.write_text("another export in progress")
    result = workbench("export", "-o", str(out / "verdicts.csv"), db=db_path)
    assert result.returncode == 0, result.stderr
    assert not leftover.exists() and running.exists()
    mask = os.umask(0)
    os.umask(mask)
    assert (out / "verdicts.csv").stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in out.iterdir()) == [running.name, "verdicts.csv"]
