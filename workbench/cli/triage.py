"""The triage commands: what each version changed (triage), who copies whom (provenance), the reference."""

from __future__ import annotations

from itertools import groupby

import click
from rich.table import Table
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, err, out, print_json, reports_errors

_STORY = click.option("--story", metavar="STORY", help="Only this story (an id from `workbench stories`).")


def _story(db: store.Database, given: str | None) -> str | None:
    """The story asked for, else the only one there is (None: articles not grouped, or several)."""
    return store.find_story(db, given).id if given else store.sole_story(db)


@click.command("triage")
@click.argument("articles", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the flags of every claim as JSON.")
@click.option("--all", "show_all", is_flag=True, help="List unflagged claims too (the JSON always has them).")
@_STORY
@click.pass_obj
@reports_errors
def triage_command(
    settings: Settings, articles: tuple[str, ...], as_json: bool, show_all: bool, story: str | None
) -> None:
    """What each version changed against its story's reference: flags and a suggested label per claim.

    Suggestions are hints, never verdicts. ARTICLES (ids or file names) limits it to those;
    by default every article but the references is triaged, story by story.
    """
    from workbench.services.hints import corpus_triage  # the triage modules load only for this command
    from workbench.services.provenance import provenance
    from workbench.triage.lexicon import user_lexicon_problem

    problem = user_lexicon_problem()
    if problem:
        err.print(Text(f"Note: {problem}."))
    db = settings.open()
    chosen = [store.find_article(db, a).id for a in articles] if articles else None
    scope = _story(db, story)
    # story by story, each against its own reference; articles not grouped yet are one group (None)
    scopes = [scope] if scope else [s.id for s in store.list_stories(db)] or [None]
    parts: list[tuple[str, list]] = []  # (the line naming the reference, (article, triage) pairs)
    for target in scopes:
        found = provenance(db, target)  # its reference is the current one: marked, proposed, or worked out
        if found.reference is None:
            continue
        members = [a.id for a in store.list_articles(db, target)] if target else None
        wanted = members if chosen is None else [a for a in chosen if members is None or a in members]
        if wanted is not None and not wanted:
            continue
        if found.proposal.weak and not found.reference_marked:
            err.print(Text(f"Note: the reference{_of(db, target, len(scopes))} was {found.why()}."))
        reference = store.get_article(db, found.reference)
        line = f"Against the reference {reference.name if reference else '?'}{_of(db, target, len(scopes))}:"
        parts.append((line, list(corpus_triage(db, wanted, reference=found.reference))))
    if not parts:
        raise click.ClickException("no reference article: import and align articles first")
    if as_json:
        print_json([t.as_json() for _, results in parts for _, t in results])
        return
    names = store.article_names(db)
    flagged = claims = 0
    for line, results in parts:
        out.print(Text(line))
        claims += len(results)
        for article, group in groupby(results, key=lambda pair: pair[0]):
            table = Table(title=Text(names.get(article, article)), expand=True, show_lines=True)
            table.add_column("claim", ratio=3)
            table.add_column("suggested", no_wrap=True)
            table.add_column("why", ratio=2)
            for _, result in group:
                flagged += result.flagged
                if not result.flagged and not show_all:
                    continue
                passage = store.get_passage(db, result.passage)
                claim = Text(result.passage + "\n", style="dim")
                claim.append(passage.text if passage else "")
                reasons = Text("\n".join(f"{flag.kind}: {flag.detail}" for flag in result.flags))
                table.add_row(claim, result.suggested.value if result.suggested else "-", reasons)
            if table.row_count:
                out.print(table)
    out.print(Text(f"{flagged} of {claims} claims flagged."))


def _of(db: store.Database, story: str | None, stories: int) -> str:
    """' of story …' when there are several stories to tell apart."""
    if story is None or stories < 2:
        return ""
    name = store.story_name(db, story)
    return f" of story {story} ({name})" if name else f" of story {story}"


@click.command("provenance")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the coverage of every linked article pair as JSON."
)
@_STORY
@click.pass_obj
@reports_errors
def provenance_command(settings: Settings, as_json: bool, story: str | None) -> None:
    """How much of each article (row) the other articles (columns) of a story cover: originals and
    rewrites. With several stories, --story says which (`workbench stories` lists them)."""
    from workbench.services.provenance import MAX_ARTICLES, provenance
    from workbench.views.provenance import provenance_lines

    db = settings.open()
    scope = _story(db, story)
    count = len(store.list_stories(db)) if scope is None else 1
    if count > 1:
        raise click.UsageError(
            f"the database holds {count} stories: give --story (`workbench stories` lists them)"
        )
    found = provenance(db, scope)
    if as_json:
        print_json(found.as_json())
        return
    for line in provenance_lines(found.top(MAX_ARTICLES)):
        out.print(line)


@click.command("reference")
@click.argument("article", required=False)
@click.option("--clear", is_flag=True, help="Forget the mark; go back to the proposed reference.")
@_STORY
@click.pass_obj
@reports_errors
def reference_command(settings: Settings, article: str | None, clear: bool, story: str | None) -> None:
    """Show the reference article (the original) of each story, or mark ARTICLE as its story's.

    --clear forgets the mark of ARTICLE's story, of --story, or of every story.
    """
    from workbench.services.provenance import provenance

    db = settings.open()
    found = store.find_article(db, article) if article else None
    scope = _story(db, story) or (store.story_of(db, found.id) if found else None)
    if clear:
        targets = [scope] if scope else [s.id for s in store.list_stories(db)] or [None]
        for target in targets:
            store.set_reference(db, None, story=target)
    elif found:
        if scope and store.story_of(db, found.id) not in (scope, None):
            raise click.UsageError(f"{found.name} is not in story {scope}")
        store.set_reference(db, found.id)
        from workbench.services.sparse_links import align_with_reference, reference_unaligned

        story_of_it = store.story_of(db, found.id)
        if story_of_it and reference_unaligned(db, story_of_it):  # a big story: it meets every version
            align_with_reference(db, story_of_it)
    scopes = [scope] if scope else [s.id for s in store.list_stories(db)] or [None]
    shown = 0
    for target in scopes:
        chosen = store.reference(db, target)
        article_found = store.get_article(db, chosen) if chosen else None
        if article_found is None:
            continue
        shown += 1
        why = provenance(db, target).why()
        where = _of(db, target, len(scopes))
        out.print(Text(f"Reference{where}: {article_found.name} · {article_found.title} ({why})"))
    if not shown:
        out.print(Text("No reference yet: import and align articles first."))
