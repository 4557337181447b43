"""Importing files into the database: read, segment, save; then bring the alignment up to date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench import store
from workbench.ids import article_id, content_hash
from workbench.models import Document
from workbench.store import Database
from workbench.text.reading import Notice, Skipped, expand, read_file
from workbench.text.segment import SEGMENTER_VERSION, Segmentation, segment

Progress = Callable[[int, int, str], None]  # (files done, files in all, current file)
TITLE_LENGTH = 80


@dataclass
class ImportReport:
    outcomes: list[store.SaveOutcome] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ignored: int = 0  # files in folders that are not of a type we read
    notices: list[Notice] = field(default_factory=list)  # read, with something to say (an encoding)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    progress: Progress | None = None,
    *,
    follow_symlinks: bool = False,
) -> ImportReport:
    """Import every supported file under `paths`; unreadable ones are reported, the rest go on."""
    files, missing, ignored = expand(paths, follow_symlinks=follow_symlinks)
    report = ImportReport(skipped=list(missing), ignored=len(ignored))
    for done, path in enumerate(files):
        if progress:
            progress(done, len(files), path.name)
        for item in read_file(path):
            if isinstance(item, Skipped):
                report.skipped.append(item)
            elif isinstance(item, Notice):
                report.notices.append(item)
            else:
                report.outcomes.append(import_document(db, item))
    if progress:
        progress(len(files), len(files), "")
    return report


def import_document(db: Database, document: Document) -> store.SaveOutcome:
    """Segment one document and save it, with a title and date taken from the text when it has none."""
    document = document._replace(source_key=_distinct_key(db, document))
    segmentation = segment(document.text, known_title=document.title)
    title = document.title or segmentation.title or derived_title(document, segmentation)
    document = document._replace(published=document.published or segmentation.published)
    return store.save_article(db, document, segmentation.segments, title=title, version=SEGMENTER_VERSION)


def _distinct_key(db: Database, document: Document) -> str:
    """The document's key, unless another file that still exists already holds it.

    Two folders named alike may both hold a file of the same name; the second then gets a key of
    its own (with a hash of its full path), every time it is imported.
    """
    holder = store.get_article(db, article_id(document.source_key))
    if holder is None or holder.path == document.path or not Path(holder.path).exists():
        return document.source_key
    if Path(holder.path).resolve() == Path(document.path).resolve():
        return document.source_key
    return f"{document.source_key}@{content_hash(document.path)[:8]}"


def derived_title(document: Document, segmentation: Segmentation) -> str:
    """For an article with no title line: its first claim, cut at a word near TITLE_LENGTH."""
    for item in segmentation.segments:
        if item.kind.is_claim:
            text = " ".join(document.text[item.start : item.end].split())
            if len(text) <= TITLE_LENGTH:
                return text
            cut = text.rfind(" ", 0, TITLE_LENGTH)
            return text[: cut if cut > TITLE_LENGTH // 2 else TITLE_LENGTH].rstrip(",;:") + "…"
    return Path(document.path).name
