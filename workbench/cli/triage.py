"""The triage commands: what each version changed (triage), who copies whom (provenance), the reference."""

from __future__ import annotations

from itertools import groupby

import click
from rich.table import Table
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, err, out, print_json, reports_errors


@click.command("triage")
@click.argument("articles", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the flags of every claim as JSON.")
@click.option("--all", "show_all", is_flag=True, help="List unflagged claims too (the JSON always has them).")
@click.pass_obj
@reports_errors
def triage_command(settings: Settings, articles: tuple[str, ...], as_json: bool, show_all: bool) -> None:
    """What each version changed against the reference: flags and a suggested label per claim.

    Suggestions are hints, never verdicts. ARTICLES (ids or file names) limits it to those;
    by default every article but the reference is triaged.
    """
    from workbench.services.hints import corpus_triage  # the triage modules load only for this command
    from workbench.triage.lexicon import user_lexicon_problem

    problem = user_lexicon_problem()
    if problem:
        err.print(Text(f"Note: {problem}."))
    db = settings.open()
    chosen = [store.find_article(db, a).id for a in articles] if articles else None
    from workbench.services.provenance import provenance

    found = provenance(db)  # its reference is the current one: marked, proposed, or worked out now
    if found.reference is None:
        raise click.ClickException("no reference article: import and align articles first")
    results = list(corpus_triage(db, chosen, reference=found.reference))
    if found.proposal.weak and not found.reference_marked:
        err.print(Text(f"Note: the reference was {found.why()}."))
    if as_json:
        print_json([t.as_json() for _, t in results])
        return
    names = store.article_names(db)
    reference = store.get_article(db, found.reference or "")
    out.print(Text(f"Against the reference {reference.name if reference else '?'}:"))
    flagged = 0
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
    out.print(Text(f"{flagged} of {len(results)} claims flagged."))


@click.command("provenance")
@click.option("--json", "as_json", is_flag=True, help="Print the coverage of every article pair as JSON.")
@click.pass_obj
@reports_errors
def provenance_command(settings: Settings, as_json: bool) -> None:
    """How much of each article (row) the other articles (columns) cover: originals and rewrites."""
    from workbench.services.provenance import MAX_ARTICLES, provenance
    from workbench.views.provenance import provenance_lines

    found = provenance(settings.open())
    if as_json:
        print_json(found.as_json())
        return
    for line in provenance_lines(found.top(MAX_ARTICLES)):
        out.print(line)


@click.command("reference")
@click.argument("article", required=False)
@click.option("--clear", is_flag=True, help="Forget the mark; go back to the proposed reference.")
@click.pass_obj
@reports_errors
def reference_command(settings: Settings, article: str | None, clear: bool) -> None:
    """Show the reference article (the original), or mark ARTICLE as the reference."""
    db = settings.open()
    if clear:
        store.set_reference(db, None)
    elif article:
        store.set_reference(db, store.find_article(db, article).id)
    chosen = store.reference(db)
    found = store.get_article(db, chosen) if chosen else None
    if found is None:
        out.print(Text("No reference yet: import and align articles first."))
        return
    from workbench.services.provenance import provenance

    out.print(Text(f"Reference: {found.name} · {found.title} ({provenance(db).why()})"))
