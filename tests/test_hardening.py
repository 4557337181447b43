"""Bad input everywhere: damaged, read-only and networked database files; garbage articles."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import store
from workbench.align.lexical import align, similarity
from workbench.cli import main
from workbench.models import Document
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.store import network_reason
from workbench.text.reading import Notice, read_file
from workbench.text.segment import segment

from .conftest import SEEDS, another_user

MOUNTS = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 253:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:50 / /mnt/team rw,relatime - nfs4 fileserver:/export/team rw,vers=4.2
41 27 0:51 / /mnt/office\\040share rw,relatime - cifs //nas/office rw
42 27 0:52 / /home/ana/remote rw,relatime - fuse.sshfs ana@host:/srv rw
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_network_filesystems_are_recognised_and_local_disks_are_not():
    assert network_reason(Path("/mnt/team/review.db"), MOUNTS) == "it is on a network filesystem (nfs4)"
    assert "cifs" in network_reason(Path("/mnt/office share/w.db"), MOUNTS)
    assert "fuse.sshfs" in network_reason(Path("/home/ana/remote/db/w.db"), MOUNTS)
    assert network_reason(Path("/home/ana/db/w.db"), MOUNTS) is None
    assert network_reason(Path("/mnt/teamwork/w.db"), MOUNTS) is None  # a prefix is not a mount
    assert network_reason(Path("//server/share/w.db"), MOUNTS) == "it is on a network share"


@pytest.mark.sqlite_only
def test_a_database_opened_read_only_refuses_writes_with_a_clear_message(seeded, db_path):
    claim = store.list_passages(seeded, claims_only=True)[0]
    seeded.close()
    before = digest(db_path)
    reader = store.open_db(db_path, read_only=True)
    assert store.read_only_reason(reader) == "opened read-only on request"
    assert store.list_passages(reader, claims_only=True)[0].id == claim.id
    with pytest.raises(store.StoreError, match="open read-only"):
        store.set_verdict(reader, claim.id, "ana", "supported")
    reader.close()
    result = CliRunner().invoke(main, ["--db", str(db_path), "--read-only", "mark", claim.id, "supported"])
    assert result.exit_code == 1 and "open read-only" in result.stderr
    assert digest(db_path) == before


@pytest.mark.sqlite_only
def test_a_file_another_user_cannot_write_opens_read_only(seeded, db_path):
    prefix = another_user()  # skips, saying why, where no other user can run this checkout
    claim = store.list_passages(seeded, claims_only=True)[0].id
    seeded.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.close()
    shared = Path(tempfile.mkdtemp(prefix="workbench-ro-"))  # a folder another user can enter
    try:
        os.chmod(shared, 0o755)
        copy = shared / "review.db"
        shutil.copyfile(db_path, copy)
        os.chmod(copy, 0o644)
        _as_another_user(prefix, copy, claim)
    finally:
        shutil.rmtree(shared)


def _as_another_user(prefix: list[str], db_path: Path, claim: str) -> None:
    as_nobody = [*prefix, sys.executable, "-m", "workbench"]
    status = subprocess.run([*as_nobody, "--db", str(db_path), "status"], capture_output=True, text=True)
    assert status.returncode == 0, status.stderr
    assert "is open read-only: the file is read-only" in status.stderr
    assert "000_c80d" in status.stdout
    mark = subprocess.run(
        [*as_nobody, "--db", str(db_path), "mark", claim, "supported"], capture_output=True, text=True
    )
    assert mark.returncode == 1
    assert "read-only" in mark.stderr and "Traceback" not in mark.stderr


@pytest.mark.sqlite_only
def test_a_damaged_database_gives_one_line_and_is_left_alone(seeded, db_path):
    seeded.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seeded.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 12 * page), 7):
        data[offset] = 0xA5  # scribble over the pages after the schema
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    result = CliRunner().invoke(main, ["--db", str(db_path), "status"])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error:") and "\n" not in message
    assert "malformed" in message or "damaged" in message
    assert digest(db_path) == before


@pytest.mark.sqlite_only
def test_garbage_files_never_crash_or_hang_the_import(tmp_path, db):
    folder = tmp_path / "garbage"
    folder.mkdir()
    (folder / "random.bin.txt").write_bytes(os.urandom(100_000))
    (folder / "latin1.txt").write_bytes("Ça coûte 10 €".encode("cp1252"))  # read as Windows-1252
    with open(folder / "big.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "one-line.txt").write_text(("Ukraine said no. " * 60_000)[:1_000_000], "utf-8")
    (folder / "script.html").write_text(
        "<html><body><script>while(true){}</script><p>Real text here. It counts.</p></body></html>",
        "utf-8",
    )
    (folder / "markup.md").write_text("[bold red]x[/] \x1b[31mred\x1b[0m [link=http://x]y[/link].", "utf-8")
    (folder / "null.json").write_text("null", "utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    report = import_paths(db, [folder])
    imported = {Path(store.get_article(db, o.article_id).path).name for o in report.outcomes}
    assert imported == {"one-line.txt", "script.html", "markup.md", "latin1.txt"}
    skipped = {Path(s.where.split("[")[0]).name for s in report.skipped}
    assert skipped == {"random.bin.txt", "big.txt", "null.json", "deep.json"}
    refresh_links(db)
    conn = sqlite3.connect(db.execute("PRAGMA database_list").fetchone()[2])
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]))
def test_any_bytes_in_any_supported_file_give_documents_or_reasons(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    for item in read_file(path):
        if isinstance(item, Document):
            assert item.text.strip()
            for part in segment(item.text).segments:
                assert 0 <= part.start < part.end <= len(item.text)
        elif isinstance(item, Notice):
            assert item.message and "\n" not in item.message
        else:
            assert item.reason and "\n" not in item.reason


words = st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), max_size=120)


@settings(max_examples=100, deadline=None)
@given(st.lists(words, max_size=12), st.lists(words, max_size=12))
def test_alignment_of_any_texts_is_bounded_and_deterministic(a, b):
    matches = align(a, b)
    assert matches == align(a, b)
    for match in matches:
        assert 0 <= match.a < len(a) and 0 <= match.b < len(b)
        assert 0 <= match.score <= 100
    for first, second in zip(a, b, strict=False):
        assert 0 <= similarity(first, second) <= 100


def test_the_seeds_path_is_reported_when_missing(tmp_path, monkeypatch):
    import workbench.services.demo as demo

    monkeypatch.setattr(demo, "__file__", str(tmp_path / "workbench" / "demo.py"))
    monkeypatch.setattr(demo.resources, "files", lambda _package: tmp_path)
    with pytest.raises(store.StoreError, match="bundled seeds folder is missing"):
        demo.bundled_seeds()
    assert SEEDS.is_dir()
