"""Grouping articles into stories in the database (the rule is workbench.align.stories)."""

from __future__ import annotations

from workbench import store
from workbench.align.stories import assign, term_counts, vectors
from workbench.store import Database


def group_stories(db: Database) -> int:
    """Put every article that is in no story yet into one: the story of its closest article, or a
    new story. Articles already in a story stay where they are. Returns how many were placed."""
    new = store.ungrouped(db)
    if not new:
        return 0
    articles = {a.id: a for a in store.list_articles(db)}
    order = sorted(articles)
    passages: dict[str, list[str]] = {article: [] for article in order}
    for passage in store.list_passages(db):
        if passage.kind.tells_story and passage.article_id in passages:
            passages[passage.article_id].append(passage.text)
    for article in order:  # an article of nothing but junk (a list of links) is known by its title
        if not passages[article]:
            passages[article].append(articles[article].title)
    stories = store.story_map(db)
    placed = {k: stories[article] for k, article in enumerate(order) if article in stories}
    found = assign(vectors([term_counts(passages[a]) for a in order]), placed)
    names: dict[str, str] = {}
    chosen: dict[str, str] = {}
    for k, story in found.items():
        if isinstance(story, int):  # a new story, named after its first article
            first = order[story]
            story = store.story_id(first)
            names.setdefault(story, articles[first].title)
        chosen[order[k]] = story
    store.place_articles(db, chosen, names)
    return len(chosen)
