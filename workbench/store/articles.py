"""Articles and their passages in the database: saving an import, reading them back."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.ids import article_id, content_hash, passage_id
from workbench.models import (
    Article,
    Document,
    Link,
    Passage,
    SaveOutcome,  # noqa: F401  (re-exported for the store's callers)
    Segment,
)
from workbench.store.connection import CLAIM_KINDS_SQL, Database, StoreError, now, writing
from workbench.vocabulary import Kind

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


def save_article(
    db: Database, document: Document, segments: list[Segment], *, title: str, version: str
) -> SaveOutcome:
    """Insert or update one article and its passages; passages whose text is unchanged keep their ids.

    `version` names the segmenter, so that a new segmenter re-segments unchanged files.
    """
    identifier = article_id(document.source_key)
    digest = content_hash(version, document.text)
    record = {
        "id": identifier,
        "source_key": document.source_key,
        "path": document.path,
        "name": Path(document.path).name,
        "title": title,
        "url": document.url,
        "published": document.published,
        "source": document.source,
        "text": document.text,
        "content_hash": digest,
    }
    rows = _passage_rows(identifier, document.text, segments)
    wanted = tuple(record[column] for column in _COMPARED)
    if _stored(db, identifier) == wanted:  # checked before taking the write lock: re-imports are cheap
        return SaveOutcome(identifier, UNCHANGED, len(rows))
    with writing(db):
        existing = _stored(db, identifier)
        if existing == wanted:
            return SaveOutcome(identifier, UNCHANGED, len(rows))
        stamp = now()
        db.execute(
            """
            INSERT INTO articles (id, source_key, path, name, title, url, published, source, text,
                                  content_hash, imported_at, updated_at)
            VALUES (:id, :source_key, :path, :name, :title, :url, :published, :source, :text,
                    :content_hash, :stamp, :stamp)
            ON CONFLICT(id) DO UPDATE SET
                path = excluded.path, name = excluded.name, title = excluded.title,
                url = excluded.url, published = excluded.published, source = excluded.source,
                text = excluded.text, content_hash = excluded.content_hash,
                updated_at = excluded.updated_at
            """,
            {**record, "stamp": stamp},
        )
        retired = 0
        if existing and existing[-1] != digest:
            retired = _drop_passages(db, identifier, {row["id"] for row in rows}, stamp)
        db.conn.executemany(
            """
            INSERT INTO passages (id, article_id, position, char_start, char_end, text, kind, reason)
            VALUES (:id, :article_id, :position, :char_start, :char_end, :text, :kind, :reason)
            ON CONFLICT(id) DO UPDATE SET
                position = excluded.position, char_start = excluded.char_start,
                char_end = excluded.char_end, kind = excluded.kind, reason = excluded.reason,
                retired_at = NULL
            """,
            rows,
        )
    return SaveOutcome(identifier, UPDATED if existing else NEW, len(rows), retired)


_COMPARED = ("path", "name", "title", "url", "published", "source", "content_hash")


def _stored(db: Database, identifier: str) -> tuple | None:
    row = db.execute(f"SELECT {', '.join(_COMPARED)} FROM articles WHERE id = ?", [identifier]).fetchone()
    return tuple(row) if row else None


def _passage_rows(article: str, text: str, segments: list[Segment]) -> list[dict[str, object]]:
    seen: dict[str, int] = {}
    rows = []
    for position, segment in enumerate(segments):
        passage_text = text[segment.start : segment.end]
        occurrence = seen.get(passage_text, 0)
        seen[passage_text] = occurrence + 1
        rows.append(
            {
                "id": passage_id(article, passage_text, occurrence),
                "article_id": article,
                "position": position,
                "char_start": segment.start,
                "char_end": segment.end,
                "text": passage_text,
                "kind": segment.kind.value,
                "reason": segment.reason,
            }
        )
    return rows


def _drop_passages(db: Database, article: str, keep: set[str], stamp: str) -> int:
    """Remove passages the new text no longer has; retire those that verdicts refer to. Returns retired."""
    current = [
        row[0]
        for row in db.execute(
            "SELECT id FROM passages WHERE article_id = ? AND retired_at IS NULL", [article]
        )
    ]
    retired = 0
    for passage in current:
        if passage in keep:
            continue
        db.execute("DELETE FROM links WHERE a = ? OR b = ?", [passage, passage])
        if _referenced(db, passage):
            db.execute("UPDATE passages SET retired_at = ? WHERE id = ?", [stamp, passage])
            retired += 1
        else:
            db.execute("DELETE FROM passages WHERE id = ?", [passage])
    return retired


def _referenced(db: Database, passage: str) -> bool:
    row = db.execute(
        """
        SELECT EXISTS(SELECT 1 FROM verdicts WHERE passage_id = :p)
            OR EXISTS(SELECT 1 FROM verdict_history WHERE passage_id = :p)
            OR EXISTS(SELECT 1 FROM verdict_evidence WHERE evidence_id = :p)
        """,
        {"p": passage},
    ).fetchone()
    return bool(row[0])


_ARTICLE_COLUMNS = "id, path, name, title, published, url, source, text, content_hash"


def list_articles(db: Database, story: str | None = None) -> list[Article]:
    """Every article (or every article of `story`), by file name (which keeps numbered files in order)."""
    if story is None:
        rows = db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY name, id").fetchall()
    else:
        rows = db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN "
            "(SELECT article_id FROM story_articles WHERE story_id = ?) ORDER BY name, id",
            [story],
        ).fetchall()
    return [Article(*row) for row in rows]


def get_article(db: Database, identifier: str) -> Article | None:
    row = db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [identifier]).fetchone()
    return Article(*row) if row else None


_PASSAGE_COLUMNS = "id, article_id, position, char_start, char_end, text, kind, reason"


def list_passages(db: Database, article: str | None = None, *, claims_only: bool = False) -> list[Passage]:
    """Current passages (not retired) of one article or of all, in reading order."""
    where = ["retired_at IS NULL"]
    params: list[str] = []
    if article is not None:
        where.append("article_id = ?")
        params.append(article)
    if claims_only:
        where.append(f"kind IN {CLAIM_KINDS_SQL}")
    rows = db.execute(
        f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE {' AND '.join(where)} ORDER BY article_id, position",
        params,
    ).fetchall()
    return [_passage(row) for row in rows]


def get_passage(db: Database, identifier: str) -> Passage | None:
    row = db.execute(f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE id = ?", [identifier]).fetchone()
    return _passage(row) if row else None


def find_passage(db: Database, reference: str) -> Passage:
    """The passage whose id is `reference` or starts with it (at least four characters)."""
    reference = reference.strip().lower()
    exact = get_passage(db, reference)
    if exact:
        return exact
    if len(reference) < 4 or not all(ch in "0123456789abcdef" for ch in reference):
        raise StoreError(f"no passage with id {reference!r}")
    rows = db.execute(
        f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
        [reference, reference + "g"],
    ).fetchall()
    if not rows:
        raise StoreError(f"no passage with id {reference!r}")
    if len(rows) > 1:
        raise StoreError(f"passage id {reference!r} is ambiguous; give more characters")
    return _passage(rows[0])


_KINDS = {kind.value: kind for kind in Kind}


def _passage(row: tuple) -> Passage:
    """A passage from its row (_PASSAGE_COLUMNS, in Passage's order): opening an article makes
    thousands, so the kind is looked up (Kind() only for a value that is not one: it says so)."""
    kind = _KINDS.get(row[6]) or Kind(row[6])
    return Passage._make((*row[:6], kind, row[7]))


def find_article(db: Database, reference: str) -> Article:
    """The article whose id, or file name, is `reference` or starts with it."""
    reference = reference.strip()
    matches = [
        article
        for article in list_articles(db)
        if article.id.startswith(reference.lower()) or article.name.startswith(reference)
    ]
    exact = [a for a in matches if reference.lower() == a.id or reference == a.name]
    if exact:
        return exact[0]
    if not reference or not matches:
        raise StoreError(f"no article with id or file name {reference!r}")
    if len(matches) > 1:
        names = ", ".join(a.name for a in matches[:5])
        raise StoreError(f"{reference!r} matches several articles ({names}); give more characters")
    return matches[0]


def passage_links(db: Database, passage: str, through: float | None = None) -> list[tuple[Link, Passage]]:
    """Every link of one passage, with the passage at the other end.

    With `through` (a score), also the passages linked at that score or more to its counterparts
    linked at that score or more, once each, at the lower of the two scores: in a big story an
    article is aligned with a few versions only, and what those say is said by the versions they
    are aligned with.
    """
    columns = ", ".join("p." + c.strip() for c in _PASSAGE_COLUMNS.split(","))
    direct = """
        SELECT l.b AS other, l.a AS mine, l.b AS theirs, l.score AS score FROM links l WHERE l.a = :passage
        UNION ALL
        SELECT l.a, l.a, l.b, l.score FROM links l WHERE l.b = :passage
    """
    if through is None:
        found = direct
    else:
        found = f"""
            WITH direct AS ({direct}),
            hop AS (
                SELECT l.b AS other, l.a AS mine, l.b AS theirs, min(d.score, l.score) AS score
                FROM direct d JOIN links l ON l.a = d.other
                WHERE d.score >= :through AND l.score >= :through AND l.b != :passage
                UNION ALL
                SELECT l.a, l.a, l.b, min(d.score, l.score)
                FROM direct d JOIN links l ON l.b = d.other
                WHERE d.score >= :through AND l.score >= :through AND l.a != :passage
            ),
            every AS (SELECT * FROM direct UNION ALL SELECT * FROM hop),
            best AS (SELECT other, max(score) AS score FROM every GROUP BY other)
            SELECT e.other, min(e.mine) AS mine, min(e.theirs) AS theirs, b.score
            FROM every e JOIN best b ON b.other = e.other AND b.score = e.score
            GROUP BY e.other, b.score
        """
    rows = db.execute(
        f"SELECT f.mine, f.theirs, f.score, {columns} FROM ({found}) f JOIN passages p ON p.id = f.other",
        {"passage": passage, "through": through},
    ).fetchall()
    return [(Link(row[0], row[1], row[2]), _passage(row[3:])) for row in rows]


def article_names(db: Database, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article id -> file name (of every article, or of `ids`), without loading any text."""
    if ids is None:
        return dict(db.execute("SELECT id, name FROM articles").fetchall())
    wanted = list(dict.fromkeys(ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):  # within SQLite's limit of bound parameters
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(db.execute(f"SELECT id, name FROM articles WHERE id IN ({marks})", chunk).fetchall())
    return found


def first_article(db: Database, *, other_than: str | None = None, story: str | None = None) -> Article | None:
    """The first article by file name (and id), of `story` or of all, leaving out `other_than`."""
    within = "AND id IN (SELECT article_id FROM story_articles WHERE story_id = :story)" if story else ""
    row = db.execute(
        f"SELECT id FROM articles WHERE id != :other {within} ORDER BY name, id LIMIT 1",
        {"other": other_than or "", "story": story},
    ).fetchone()
    return get_article(db, row[0]) if row else None
