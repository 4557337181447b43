"""Stories in the database: which story each article is in, and each story's reference.

A story is the unit of alignment, triage and provenance: only articles of one story are aligned
with each other. Grouping (workbench.align.stories) places new articles; a user can move one, and
a moved article is pinned there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from workbench.store.connection import Database, StoreError, now, writing


class Story(NamedTuple):
    id: str
    name: str
    articles: int
    reference: str | None  # the article a user marked as its original
    proposed: str | None  # the likely original, kept by the linker
    runner_up: str | None  # nearly as likely, when the proposal's lead was weak
    first: str | None  # earliest and latest publication dates of its articles
    last: str | None


def story_id(first_article: str) -> str:
    """A story is named after the article it began with: the same in every copy of a database."""
    return f"s{first_article[:8]}"


def list_stories(db: Database) -> list[Story]:
    """Every story, largest first, then by name."""
    rows = db.execute(
        """
        SELECT s.id, s.name, count(m.article_id),
               max(CASE WHEN m.article_id = s.reference THEN s.reference END),
               max(CASE WHEN m.article_id = s.proposed THEN s.proposed END),
               max(CASE WHEN m.article_id = s.runner_up THEN s.runner_up END),
               min(a.published), max(a.published)
        FROM stories s JOIN story_articles m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id
        GROUP BY s.id ORDER BY count(m.article_id) DESC, s.name, s.id
        """
    ).fetchall()
    return [Story(*row) for row in rows]


def story_name(db: Database, identifier: str) -> str | None:
    row = db.execute("SELECT name FROM stories WHERE id = ?", [identifier]).fetchone()
    return row[0] if row else None


def find_story(db: Database, reference: str) -> Story:
    """A story by id, or by a unique start of its id or name; StoreError otherwise."""
    stories = list_stories(db)
    exact = [s for s in stories if s.id == reference]
    found = exact or [s for s in stories if s.id.startswith(reference) or s.name.startswith(reference)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise StoreError(f"no story matches {reference!r}; `workbench stories` lists them")
    raise StoreError(f"{reference!r} matches {len(found)} stories; give more of its id")


def story_of(db: Database, article: str) -> str | None:
    row = db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", [article]).fetchone()
    return row[0] if row else None


def story_articles(db: Database, story: str) -> list[str]:
    """The ids of a story's articles, in id order."""
    rows = db.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", [story]
    ).fetchall()
    return [row[0] for row in rows]


class StoryMember(NamedTuple):
    id: str
    content_hash: str
    partners: str | None  # what its partners in a big story were aligned for (None: not yet)


def story_members(db: Database, story: str) -> list[StoryMember]:
    """A story's articles with their text's hash and partners mark, in id order."""
    rows = db.execute(
        """
        SELECT a.id, a.content_hash, m.partners FROM story_articles m JOIN articles a ON a.id = m.article_id
        WHERE m.story_id = ? ORDER BY a.id
        """,
        [story],
    ).fetchall()
    return [StoryMember(*row) for row in rows]


def unproposed_stories(db: Database) -> list[str]:
    """Stories of two articles or more with no original marked or proposed, by id."""
    rows = db.execute(
        """
        SELECT s.id FROM stories s JOIN story_articles m ON m.story_id = s.id
        WHERE s.reference IS NULL AND s.proposed IS NULL GROUP BY s.id HAVING count(*) > 1 ORDER BY s.id
        """
    ).fetchall()
    return [row[0] for row in rows]


def story_sizes(db: Database) -> dict[str, int]:
    """story id -> how many articles it holds."""
    return dict(db.execute("SELECT story_id, count(*) FROM story_articles GROUP BY story_id").fetchall())


def story_map(db: Database) -> dict[str, str]:
    """article id -> story id, for every grouped article."""
    return dict(db.execute("SELECT article_id, story_id FROM story_articles").fetchall())


def sole_story(db: Database) -> str | None:
    """The story, when the database holds exactly one."""
    rows = db.execute("SELECT DISTINCT story_id FROM story_articles LIMIT 2").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def ungrouped(db: Database) -> list[str]:
    """Articles in no story yet (imported since the last grouping), by id."""
    rows = db.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) ORDER BY id"
    ).fetchall()
    return [row[0] for row in rows]


def place_articles(db: Database, placed: Mapping[str, str], names: Mapping[str, str]) -> None:
    """Put articles in stories (article -> story id); `names` are the new stories' names.

    Links between articles that are no longer in one story are dropped: they are never shown.
    """
    stamp = now()
    with writing(db):
        for story, name in names.items():
            db.execute(
                "INSERT INTO stories (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING",
                [story, name, stamp],
            )
        db.conn.executemany(
            "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id, partners = NULL "
            "WHERE story_articles.pinned = 0 AND story_articles.story_id != excluded.story_id",
            list(placed.items()),
        )
        _drop_links_across(db, list(placed))


def move_article(db: Database, article: str, story: str | None, name: str | None = None) -> str:
    """Move an article to `story` (None: a new story of its own, called `name`) and pin it there.

    Returns the story's id. Its links to the story it left are dropped; the next alignment links
    it within its new story.
    """
    with writing(db):
        if story is None:
            story = story_id(article)
            taken = db.execute("SELECT 1 FROM stories WHERE id = ?", [story]).fetchone()
            if taken:
                story = story_id(article) + now().replace(":", "").replace("-", "")[-6:]
            db.execute(
                "INSERT INTO stories (id, name, created_at) VALUES (?, ?, ?)", [story, name or story, now()]
            )
        elif not db.execute("SELECT 1 FROM stories WHERE id = ?", [story]).fetchone():
            raise StoreError(f"no story {story!r}")
        db.execute(
            "INSERT INTO story_articles (article_id, story_id, pinned) VALUES (?, ?, 1) "
            "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id, pinned = 1, partners = NULL",
            [article, story],
        )
        db.execute("UPDATE stories SET reference = NULL WHERE reference = ? AND id != ?", [article, story])
        _drop_links_across(db, [article])
    return story


def _drop_links_across(db: Database, articles: list[str]) -> None:
    """Links and alignment records between `articles` and articles of another story than theirs."""
    across = """
        FROM story_articles x JOIN story_articles y ON x.story_id != y.story_id
        WHERE x.article_id = {a} AND y.article_id = {b}
    """
    for start in range(0, len(articles), 500):  # within SQLite's limit of bound parameters
        chunk = articles[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for table in ("links", "aligned_pairs"):
            db.execute(
                f"DELETE FROM {table} WHERE (a_article IN ({marks}) OR b_article IN ({marks})) "
                f"AND EXISTS (SELECT 1 {across.format(a='a_article', b='b_article')})",
                chunk + chunk,
            )


def set_story_reference(
    db: Database, story: str, article: str | None, *, proposed: bool = False, runner_up: str | None = None
) -> None:
    """Mark `article` as the story's original (None: forget the mark), or keep the linker's proposal."""
    with writing(db):
        if proposed:
            db.execute(
                "UPDATE stories SET proposed = ?, runner_up = ? WHERE id = ?", [article, runner_up, story]
            )
        else:
            db.execute("UPDATE stories SET reference = ? WHERE id = ?", [article, story])
