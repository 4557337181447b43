"""Alignment links in the database, and the record of which article pairs they are current for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.models import Link
from workbench.store.connection import Database, now, writing


@dataclass(frozen=True)
class PairToAlign:
    a: str  # article ids, a < b
    b: str
    a_hash: str
    b_hash: str


def waiting_by_story(db: Database, aligner: str) -> dict[str | None, int]:
    """Story id -> how many of its article pairs have links made from other text or by another
    aligner version (None: the articles in no story yet, as one group), counted without listing."""
    sizes = dict(
        db.execute(
            """
            SELECT m.story_id, count(*) FROM articles a LEFT JOIN story_articles m ON m.article_id = a.id
            GROUP BY m.story_id
            """
        ).fetchall()
    )
    current = dict(
        db.execute(
            """
            SELECT x.story_id, count(*) FROM aligned_pairs p
            JOIN articles a ON a.id = p.a_article AND a.content_hash = p.a_hash
            JOIN articles b ON b.id = p.b_article AND b.content_hash = p.b_hash
            LEFT JOIN story_articles x ON x.article_id = p.a_article
            LEFT JOIN story_articles y ON y.article_id = p.b_article
            WHERE p.aligner = ? AND p.a_article < p.b_article AND x.story_id IS y.story_id
            GROUP BY x.story_id
            """,
            [aligner],
        ).fetchall()
    )
    waiting = {story: n * (n - 1) // 2 - current.get(story, 0) for story, n in sizes.items()}
    return {story: count for story, count in waiting.items() if count > 0}


def pair_aligner(db: Database, first: str, second: str) -> str | None:
    """The aligner version that made the links of two articles from their current text, or None
    when they were never aligned as they are now (not yet, or too long to align at once)."""
    a, b = sorted((first, second))
    row = db.execute(
        """
        SELECT p.aligner FROM aligned_pairs p
        JOIN articles x ON x.id = p.a_article AND x.content_hash = p.a_hash
        JOIN articles y ON y.id = p.b_article AND y.content_hash = p.b_hash
        WHERE p.a_article = ? AND p.b_article = ?
        """,
        [a, b],
    ).fetchone()
    return row[0] if row else None


def pairs_to_align(db: Database, aligner: str, story: str | None = None) -> list[PairToAlign]:
    """Article pairs of one story (None: of the articles in no story) whose stored links were made
    from other text, or by another aligner version. Only one story's pairs are listed at a time."""
    if story is None:
        members = (
            "SELECT id, content_hash FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)"
        )
        params: list[str] = []
    else:
        members = (
            "SELECT a.id, a.content_hash FROM articles a JOIN story_articles m ON m.article_id = a.id "
            "WHERE m.story_id = ?"
        )
        params = [story]
    articles = db.execute(f"{members} ORDER BY 1", params).fetchall()
    ids = {row[0] for row in articles}
    done = {
        (row[0], row[1]): (row[2], row[3], row[4])
        for row in db.execute(
            f"""
            SELECT p.a_article, p.b_article, p.a_hash, p.b_hash, p.aligner FROM aligned_pairs p
            WHERE p.a_article IN (SELECT id FROM ({members}) AS members)
            """,
            params,
        )
        if row[1] in ids
    }
    stale = []
    for index, (a, a_hash) in enumerate(articles):
        for b, b_hash in articles[index + 1 :]:
            if done.get((a, b)) != (a_hash, b_hash, aligner):
                stale.append(PairToAlign(a, b, a_hash, b_hash))
    return stale


def aligned_with(db: Database, article: str, aligner: str) -> set[str]:
    """The articles whose links with `article` were made from both current texts by `aligner`."""
    rows = db.execute(
        """
        SELECT CASE WHEN p.a_article = :article THEN p.b_article ELSE p.a_article END
        FROM aligned_pairs p
        JOIN articles a ON a.id = p.a_article AND a.content_hash = p.a_hash
        JOIN articles b ON b.id = p.b_article AND b.content_hash = p.b_hash
        WHERE (p.a_article = :article OR p.b_article = :article) AND p.aligner = :aligner
        """,
        {"article": article, "aligner": aligner},
    )
    return {row[0] for row in rows}


def save_pair_links(
    db: Database, pair: PairToAlign, aligner: str, links: Iterable[tuple[str, str, float]]
) -> int:
    """Replace the links between two articles; `links` are (passage of a, passage of b, score)."""
    return save_many_pair_links(db, [(pair, links)], aligner)


def save_many_pair_links(
    db: Database,
    results: Iterable[tuple[PairToAlign, Iterable[tuple[str, str, float]]]],
    aligner: str,
    *,
    partners_of: tuple[str, str, str] | None = None,
) -> int:
    """Replace the links of several article pairs in one transaction; returns the links written.

    A pair whose articles an import changed meanwhile is left for the next refresh. With
    `partners_of` (article, its content hash, mark), the same transaction records that the
    article's partners in its big story are aligned, unless its text changed meanwhile.
    """
    written = 0
    stamp = now()
    results = list(results)
    with writing(db):
        involved = list({article for pair, _ in results for article in (pair.a, pair.b)})
        hashes: dict[str, str] = {}
        for start in range(0, len(involved), 500):  # only these articles: a story's, not the crawl's
            chunk = involved[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            hashes.update(
                db.execute(f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk).fetchall()
            )
        for pair, links in results:
            if (hashes.get(pair.a), hashes.get(pair.b)) != (pair.a_hash, pair.b_hash):
                continue
            rows = [(a, b, pair.a, pair.b, score) for a, b, score in links]
            db.execute("DELETE FROM links WHERE a_article = ? AND b_article = ?", [pair.a, pair.b])
            db.conn.executemany(
                "INSERT INTO links (a, b, a_article, b_article, score) VALUES (?, ?, ?, ?, ?)", rows
            )
            db.execute(
                """
                INSERT INTO aligned_pairs (a_article, b_article, a_hash, b_hash, aligner, aligned_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(a_article, b_article) DO UPDATE SET
                    a_hash = excluded.a_hash, b_hash = excluded.b_hash,
                    aligner = excluded.aligner, aligned_at = excluded.aligned_at
                """,
                [pair.a, pair.b, pair.a_hash, pair.b_hash, aligner, stamp],
            )
            written += len(rows)
        if partners_of is not None:
            article, content_hash, mark = partners_of
            db.execute(
                "UPDATE story_articles SET partners = ? WHERE article_id = ? AND article_id IN "
                "(SELECT id FROM articles WHERE content_hash = ?)",
                [mark, article, content_hash],
            )
    return written


def list_links(
    db: Database, article: str | None = None, other: str | None = None, *, ordered: bool = True
) -> list[Link]:
    """Links of all articles, of one article, or between two; each as (a, b, score), a's article
    first; in passage order unless `ordered` is False (for a caller that looks them up by passage:
    the sort was a sixth of reading 8,000 links)."""
    where, params = [], []
    if article is not None and other is not None:
        first, second = sorted((article, other))
        where.append("a_article = ? AND b_article = ?")
        params += [first, second]
    elif article is not None:
        where.append("(a_article = ? OR b_article = ?)")
        params += [article, article]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = "ORDER BY a_article, b_article, a, b" if ordered else ""
    rows = db.execute(f"SELECT a, b, score FROM links {clause} {order}", params).fetchall()
    return [Link._make(row) for row in rows]


def claim_links(db: Database, article: str) -> list[tuple[str, str, str, float]]:
    """Every link of one article's passages: (its passage, the other passage, its article, score)."""
    rows = db.execute(
        """
        SELECT a, b, b_article, score FROM links WHERE a_article = :article
        UNION ALL
        SELECT b, a, a_article, score FROM links WHERE b_article = :article
        """,
        {"article": article},
    )
    return [(row[0], row[1], row[2], row[3]) for row in rows]
