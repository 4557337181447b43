"""Reading files and folders into documents: plain text, Markdown, HTML, and JSON / JSON Lines records."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.models import Document
from workbench.text import html as htmltext
from workbench.text.published import parse_date
from workbench.text.sanitize import UnreadableText, clean, decode, decode_text, single_line

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

MAX_FILE_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; a larger file is not one
MAX_JSON_BYTES = 100 * 1024 * 1024  # a .json file holds many records, but is read whole
MAX_TEXT_CHARS = 2_000_000  # per article, after extraction


@dataclass(frozen=True)
class Skipped:
    """A file or record that was not imported, and why (one line)."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something a user should know about a file that was read all the same (one line)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Ignored:
    """A file inside a folder that is not of a type we read."""

    where: str


def expand(
    paths: Iterable[str | Path], *, follow_symlinks: bool = False
) -> tuple[list[Path], list[Skipped], list[Ignored]]:
    """The files to read under `paths` (folders searched recursively, in name order), and the rest.

    A link inside a folder is followed only when it points inside that folder, unless
    `follow_symlinks`: a folder from elsewhere must not pull in files from the rest of the machine.
    A path named on the command line is read wherever it points.
    """
    files: list[Path] = []
    missing: list[Skipped] = []
    ignored: list[Ignored] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            root = path.resolve()
            for found in _folder_files(path):
                if found.suffix.lower() not in SUPPORTED:
                    ignored.append(Ignored(str(found)))
                elif not follow_symlinks and not _inside(found, root):
                    missing.append(Skipped(str(found), "a link to a file outside the folder (not followed)"))
                else:
                    files.append(found)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            missing.append(Skipped(str(path), "no such file or folder"))
    return files, missing, ignored


def _inside(path: Path, root: Path) -> bool:
    """Whether a file found in the folder `root` (resolved) is there: os.walk follows no link to
    a folder, so only a link to a file may lead out (and only then is the path resolved, which
    looks up every folder on the way: a third of reading a short file)."""
    try:
        return not path.is_symlink() or path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return False


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | Skipped | Ignored]:
    """Documents from files and folders, with what was skipped or ignored."""
    files, missing, ignored = expand(paths)
    yield from missing
    yield from ignored
    for path in files:
        yield from read_file(path)


def _folder_files(folder: Path) -> list[Path]:
    entries: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        entries.extend(Path(root) / name for name in files if not name.startswith("."))
    return sorted(entries)


def read_file(path: Path) -> Iterator[Document | Skipped | Notice]:
    """The documents of one file: one for text, Markdown and HTML, one per record for JSON."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield Skipped(str(path), f"unsupported file type {suffix or '(no extension)'}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path)
        return
    limit = MAX_JSON_BYTES if suffix in JSON_SUFFIXES else MAX_FILE_BYTES
    try:
        data = read_capped(path, limit)
    except _Refused as refused:
        yield Skipped(str(path), str(refused))
        return
    except OSError as error:
        yield Skipped(str(path), f"cannot read ({error.strerror or error})")
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield _html_document(path, data)
            return
        text, encoding = decode_text(data)
        if encoding is not None:
            yield Notice(str(path), f"not UTF-8: read as {encoding}")
        if suffix in JSON_SUFFIXES:
            yield from _json_documents(path, text)
        elif suffix in MARKDOWN_SUFFIXES:
            yield _document(path, markdown_to_text(text))
        else:
            yield _document(path, text)
    except UnreadableText as error:
        yield Skipped(str(path), str(error))


class _Refused(Exception):
    """A file that is not read at all: the message says why."""


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, whatever its size claims to be.

    Devices, pipes and sockets are refused before they are opened (a pipe would block the import,
    /dev/zero would never end); the read stops one byte past the limit, so a file that grows, or
    that reports size 0 (files in /proc), cannot exhaust memory.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused(f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})")
    if info.st_size > limit:
        raise _Refused(f"too large ({_megabytes(info.st_size)}; the limit is {_megabytes(limit)})")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
            raise _Refused("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _Refused(f"too large (more than {_megabytes(limit)})")
    return data


def _document(path: Path, raw_text: str, **metadata: str | None) -> Document | Skipped:
    text = clean(raw_text)
    if not text.strip():
        return Skipped(str(path), "no text in it")
    if len(text) > MAX_TEXT_CHARS:
        return Skipped(
            str(path), f"too much text ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})"
        )
    resolved = path.resolve()
    key = metadata.pop("key", None) or file_key(path, resolved)
    return Document(source_key=key, path=str(resolved), text=text, **metadata)


def file_key(path: Path, resolved: Path | None = None) -> str:
    """What names a file's article: its folder and file name ("seeds/002_report.txt").

    The same corpus folder gives the same keys, and so the same passage ids, on every machine and
    however it was named on the command line; the importer tells apart two different files that
    share a key.
    """
    resolved = resolved or path.resolve()  # `resolved`: the caller has it already
    return f"{resolved.parent.name}/{resolved.name}" if resolved.parent.name else resolved.name


def _html_document(path: Path, data: bytes) -> Document | Skipped:
    page = htmltext.extract(_decode_html(data))
    return _document(
        path,
        page.text,
        title=single_line(page.title) if page.title else None,
        published=parse_date(page.published) if page.published else None,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _decode_html(data: bytes) -> str:
    """HTML is UTF-8 unless it declares another charset in a <meta> tag."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii", "replace").lower()
        if charset not in {"utf-8", "utf8"}:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data)


def _json_documents(path: Path, text: str) -> Iterator[Document | Skipped]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        yield Skipped(str(path), f"not valid JSON (line {error.lineno}: {error.msg})")
        return
    except RecursionError:
        yield Skipped(str(path), "JSON nested too deeply to be article records")
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, start=1):
        yield _record_document(path, number, record, where=f"{path}[{number}]")


def _read_jsonl(path: Path) -> Iterator[Document | Skipped]:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused(f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})")
        handle = path.open("rb")
    except _Refused as refused:
        yield Skipped(str(path), str(refused))
        return
    except OSError as error:
        yield Skipped(str(path), f"cannot read ({error.strerror or error})")
        return
    found = False
    with handle:
        for number, raw in enumerate(iter(lambda: handle.readline(MAX_FILE_BYTES + 1), b""), start=1):
            where = f"{path}:{number}"
            if len(raw) > MAX_FILE_BYTES:  # a line is read up to the limit, never whole
                yield Skipped(where, f"record too large (more than {_megabytes(MAX_FILE_BYTES)})")
                while raw and not raw.endswith(b"\n"):  # skip the rest of that line
                    raw = handle.readline(MAX_FILE_BYTES + 1)
                continue
            if not raw.strip():
                continue
            found = True
            try:
                record = json.loads(decode(raw))
            except UnreadableText as error:
                yield Skipped(where, str(error))
                continue
            except json.JSONDecodeError as error:
                yield Skipped(where, f"not valid JSON ({error.msg})")
                continue
            except RecursionError:
                yield Skipped(where, "JSON nested too deeply to be an article record")
                continue
            yield _record_document(path, number, record, where=where)
    if not found:
        yield Skipped(str(path), "empty file")


def _record_document(path: Path, number: int, record: object, *, where: str) -> Document | Skipped:
    if not isinstance(record, dict):
        return Skipped(where, "a record must be a JSON object with a text field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, "the record has no text")
    fields = {name: _string(record.get(name)) for name in ("title", "url", "published", "source")}
    identity = fields["url"] or _string(record.get("id"))
    key = identity if fields["url"] else f"{file_key(path)}#{identity or number}"
    document = _document(
        path,
        text,
        key=key,
        title=single_line(fields["title"]) if fields["title"] else None,
        url=fields["url"],
        published=parse_date(fields["published"]) if fields["published"] else None,
        source=single_line(fields["source"]) if fields["source"] else None,
    )
    return Skipped(where, document.reason) if isinstance(document, Skipped) else document


def _string(value: object) -> str | None:
    if value is None:
        return None
    text = clean(str(value)).strip()
    return text or None


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_MD_FENCE = re.compile(r"^```.*?^```\s*$", re.MULTILINE | re.DOTALL)


def markdown_to_text(markdown: str) -> str:
    """Markdown as the plain text a reader sees: no markers, links as their words, code blocks dropped."""
    text = _MD_FENCE.sub("", markdown)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_QUOTE.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
