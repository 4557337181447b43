"""The stories command: which articles tell one story, and moving an article to another story."""

from __future__ import annotations

import click
from rich import box
from rich.table import Table
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, out, print_json, reports_errors


@click.group("stories", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print every story and its articles as JSON.")
@click.pass_context
@reports_errors
def stories_command(ctx: click.Context, as_json: bool) -> None:
    """List the stories: articles that tell one story are aligned and triaged together.

    Import groups new articles into stories by the words they share; `workbench stories move`
    puts an article in another story (or one of its own) and keeps it there.
    """
    if ctx.invoked_subcommand is not None:
        return
    settings: Settings = ctx.obj
    db = settings.open()
    stories = store.list_stories(db)
    names = store.article_names(db)
    if as_json:
        print_json(
            [
                {
                    "id": s.id,
                    "name": s.name,
                    "articles": store.story_articles(db, s.id),
                    "reference": s.reference or s.proposed,
                    "reference_marked": s.reference is not None,
                    "first_published": s.first,
                    "last_published": s.last,
                }
                for s in stories
            ]
        )
        return
    if not stories:
        out.print(Text("No stories yet: import articles first."))
        return
    table = Table(box=box.SIMPLE_HEAD, expand=True)
    table.add_column("story", no_wrap=True)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("original", ratio=1, overflow="fold")
    table.add_column("published", no_wrap=True)
    table.add_column("name", ratio=2)
    for story in stories:
        original = story.reference or story.proposed
        shown = names.get(original, "–") if original else "–"
        if story.reference:
            shown += " (marked)"
        dates = story.first or "–"
        if story.last and story.last != story.first:
            dates += f" … {story.last}"
        table.add_row(story.id, str(story.articles), shown, dates, story.name)
    out.print(table)
    total = sum(s.articles for s in stories)
    counted = f"{len(stories)} {'story' if len(stories) == 1 else 'stories'}"
    out.print(Text(f"{counted}, {total} {'article' if total == 1 else 'articles'}."))


@stories_command.command("move")
@click.argument("article")
@click.argument("story", required=False)
@click.option("--new", "new_name", metavar="NAME", help="Put the article in a new story of this name.")
@click.pass_obj
@reports_errors
def move_command(settings: Settings, article: str, story: str | None, new_name: str | None) -> None:
    """Move ARTICLE to STORY (an id from `workbench stories`), or to a new story with --new NAME.

    The article stays there however often articles are grouped again; its links to the story it
    left are dropped, and it is aligned within its new story at once.
    """
    if (story is None) == (new_name is None):
        raise click.UsageError("give a STORY to move the article to, or --new NAME for a story of its own")
    db = settings.open()
    found = store.find_article(db, article)
    target = store.find_story(db, story).id if story else None
    moved = store.move_article(db, found.id, target, new_name)
    from workbench.cli.articles import refresh_alignment

    links, _ = refresh_alignment(db)
    out.print(Text(f"Moved {found.name} to story {moved}. {links}"))
