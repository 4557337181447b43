"""What is known of a database file before it is opened: where it lives, what it is, and whether
it was left in the middle of a write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"

# A file left with a write-ahead log (a crash, or another process has it open) is checked with
# PRAGMA quick_check on open, up to this size: a damaged page must not take a verdict silently.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


# Filesystems that put the file on another machine. SQLite's WAL mode keeps its lock state in shared
# memory, which only works when every process is on one host: over these it can corrupt the file.
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs", "lustre",
    "gpfs", "beegfs", "orangefs", "ocfs2", "gfs2", "9p", "davfs", "fuse.sshfs", "fuse.davfs",
    "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse", "fuse.goofys", "fuse.juicefs", "fuse.glusterfs",
    "fuse.ceph", "fuse.cephfs", "fuse.smbnetfs", "fuse.curlftpfs",
}  # fmt: skip


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the filesystem `path` is on, from /proc/self/mountinfo (None where unknown)."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text("utf-8", "replace")
        except OSError:
            return None
    target = str(path)
    best, kind = "", None
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, rest = left.split(), right.split()
        if len(fields) < 5 or not rest:
            continue
        point = fields[4].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, rest[0]
    return kind


def network_reason(path: Path, mountinfo: str | None = None) -> str | None:
    """Why `path` must not hold a shared database, or None when it is on a local disk."""
    if str(path).startswith(("\\\\", "//")):
        return "it is on a network share"
    kind = filesystem_type(path, mountinfo)
    if kind in NETWORK_FILESYSTEMS:
        return f"it is on a network filesystem ({kind})"
    return None


def header_problem(path: Path) -> str | None:
    """Why `path` cannot be a database to open (unreadable, or another kind of file), or None
    when it is one or does not exist yet."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot read {path}: {error.strerror}"
    if header and header != SQLITE_HEADER:
        return f"{path} is not a SQLite database; nothing was changed"
    return None


def damaged_reason(damaged: str) -> str:
    return f"the file is damaged ({damaged}); recover it before saving anything"


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def left_log(path: Path) -> bool:
    """Whether `path` has a write-ahead log with frames in it: a crash, or another process has
    it open. An empty log is what a clean close leaves when a reader closed last (a read-only
    connection may not delete the log): nothing in it was left half-done, so no check for that."""
    try:
        return wal_of(path).stat().st_size > 0
    except OSError:
        return False


def quick_check(conn: sqlite3.Connection, path: Path) -> str | None:
    """What PRAGMA quick_check finds wrong with a file that was not closed cleanly, or None."""
    try:
        if path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            return None
        found = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    except OSError:
        return None
    return None if found == "ok" else str(found)
