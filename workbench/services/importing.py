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


# Articles saved in one transaction: one commit (and its flush to disk) for many, and the write
# lock held only while they are written (a few milliseconds), not while files are read.
BATCH_ARTICLES = 50
BATCH_CHARS = 4_000_000  # or fewer articles, when they are long: memory stays bounded


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    progress: Progress | None = None,
    *,
    follow_symlinks: bool = False,
) -> ImportReport:
    """Import every supported file under `paths`; unreadable ones are reported, the rest go on.

    Files are read and segmented a batch at a time, then the batch is saved in one transaction.
    Ctrl+C saves the articles read so far before it stops the import.
    """
    files, missing, ignored = expand(paths, follow_symlinks=follow_symlinks)
    report = ImportReport(skipped=list(missing), ignored=len(ignored))
    batch: list[_Prepared] = []

    def save_batch() -> None:
        if batch:
            with store.writing(db):
                outcomes = [_save(db, prepared) for prepared in batch]
            report.outcomes.extend(outcomes)
            batch.clear()

    try:
        for done, path in enumerate(files):
            if progress:
                progress(done, len(files), path.name)
            for item in read_file(path):
                if isinstance(item, Skipped):
                    report.skipped.append(item)
                elif isinstance(item, Notice):
                    report.notices.append(item)
                else:
                    batch.append(_prepare(item))
                    if (
                        len(batch) >= BATCH_ARTICLES
                        or sum(len(p.document.text) for p in batch) >= BATCH_CHARS
                    ):
                        save_batch()
    except KeyboardInterrupt:
        save_batch()  # what was read is kept: running the import again goes on from there
        raise
    save_batch()
    if progress:
        progress(len(files), len(files), "")
    return report


@dataclass(frozen=True)
class _Prepared:
    """A document read and segmented, with its title and date: ready to be saved."""

    document: Document
    segmentation: Segmentation
    title: str


def _prepare(document: Document) -> _Prepared:
    segmentation = segment(document.text, known_title=document.title)
    title = document.title or segmentation.title or derived_title(document, segmentation)
    document = document._replace(published=document.published or segmentation.published)
    return _Prepared(document, segmentation, title)


def _save(db: Database, prepared: _Prepared) -> store.SaveOutcome:
    # The key is chosen when the article is written: two files of a batch may share one.
    document = prepared.document._replace(source_key=_distinct_key(db, prepared.document))
    return store.save_article(
        db, document, prepared.segmentation.segments, title=prepared.title, version=SEGMENTER_VERSION
    )


def import_document(db: Database, document: Document) -> store.SaveOutcome:
    """Segment one document and save it, with a title and date taken from the text when it has none."""
    return _save(db, _prepare(document))


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
