"""Articles: importing and aligning them, showing one, and the state of the database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.table import Table
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, err, out, print_json, reports_errors
from workbench.models import WorkbenchError
from workbench.store import Database, DatabaseError
from workbench.vocabulary import LABELS, short

EXIT_SKIPPED = 1  # import: something could not be read (the rest was imported)


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--jobs and --dask-scheduler: where the aligning runs (this process saves the links)."""
    command = click.option(
        "--dask-scheduler",
        "scheduler",
        metavar="ADDRESS",
        envvar="WORKBENCH_DASK_SCHEDULER",
        help="Align on the Dask cluster this scheduler runs (tcp://host:8786; also "
        "WORKBENCH_DASK_SCHEDULER). Needs pip install 'workbench[dask]'.",
    )(command)
    return click.option(
        "--jobs",
        type=click.IntRange(min=1),
        metavar="N",
        help="Align on N processes (default: one per core, when there is much to align).",
    )(command)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read files that links inside a folder point to elsewhere (by default only links "
    "within the folder are followed).",
)
@engine_options
@click.pass_obj
@reports_errors
def import_command(
    settings: Settings,
    paths: tuple[Path, ...],
    follow_symlinks: bool,
    jobs: int | None,
    scheduler: str | None,
) -> None:
    """Import articles from files and folders (.txt .md .html .json .jsonl), then align them.

    Re-importing an unchanged file changes nothing; a changed file keeps the verdicts of the
    sentences that did not change. Files that cannot be read are named, and the exit status is 1.
    """
    db = settings.open()
    from workbench.services.importing import import_paths  # the reader, segmenter and dateutil

    files = [0, 0]  # files read so far, files in all: what an interruption reports

    def step(done: int, total: int) -> None:
        files[:] = [done, total]
        advance(done, total)

    try:
        with _progress("Importing") as advance:
            report = import_paths(
                db,
                paths,
                progress=lambda done, total, _name: step(done, total),
                follow_symlinks=follow_symlinks,
            )
    except KeyboardInterrupt:
        _interrupted(f"after {files[0]:,} of {files[1]:,} files; every article read so far is saved", db)
    for skipped in report.skipped:
        err.print(Text(f"skipped {skipped}"))
    for notice in report.notices:
        err.print(Text(f"note: {notice}"))
    try:
        links, aligned = refresh_alignment(db, jobs=jobs, scheduler=scheduler)
    except KeyboardInterrupt:
        _interrupted(
            f"while aligning; all {len(report.outcomes):,} articles are saved, and pairs aligned so far kept",
            db,
        )
    parts = [f"{report.count(s)} {s}" for s in (store.NEW, store.UPDATED, store.UNCHANGED)]
    retired = sum(outcome.retired for outcome in report.outcomes)
    summary = f"Imported {len(report.outcomes)} articles ({', '.join(parts)})"
    if retired:
        summary += f"; {retired} reviewed passages are gone from the new text but kept"
    if report.ignored:
        summary += f"; ignored {report.ignored} files of other types"
    out.print(Text(f"{summary}. {links}"))
    if report.skipped:
        err.print(Text(f"{len(report.skipped)} could not be imported (see above)."))
        sys.exit(EXIT_SKIPPED)
    if not aligned:
        sys.exit(1)


def _interrupted(what: str, db: Database) -> None:
    from workbench.services.pending import pending_work

    try:
        pending = pending_work(db)
        left = f" {pending.describe()}." if pending else ""
    except (WorkbenchError, DatabaseError):
        left = ""
    err.print(
        Text(
            f"Interrupted {what}.{left} Nothing is damaged: run the same `workbench import` again to go "
            "on (unchanged files are skipped, and only pairs not yet aligned are aligned)."
        )
    )
    sys.exit(130)


@click.command("align")
@click.option("--json", "as_json", is_flag=True, help="Print articles, passages and links as JSON.")
@engine_options
@click.pass_obj
@reports_errors
def align_command(settings: Settings, as_json: bool, jobs: int | None, scheduler: str | None) -> None:
    """Show the aligned passages of every article pair, with their scores (0-100)."""
    db = settings.open()
    refresh_alignment(db, quiet=as_json, jobs=jobs, scheduler=scheduler)
    articles = store.list_articles(db)
    passages = store.list_passages(db)
    links = store.list_links(db)
    if as_json:
        print_json(_alignment_json(articles, passages, links))
        return
    if not articles:
        out.print("No articles yet: import some with `workbench import PATH`.")
        return
    by_id = {p.id: p for p in passages}
    names = {a.id: a.name for a in articles}
    pairs: dict[tuple[str, str], list[tuple[float, str, str]]] = {}
    for link in links:
        first, second = by_id[link.a], by_id[link.b]
        if names[first.article_id] > names[second.article_id]:
            first, second = second, first
        key = (first.article_id, second.article_id)
        pairs.setdefault(key, []).append((link.score, first.id, second.id))
    for key in sorted(pairs, key=lambda pair: (names[pair[0]], names[pair[1]])):
        left, right = names[key[0]], names[key[1]]
        table = Table(title=Text(f"{left}  ↔  {right}"), show_lines=True, expand=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column(Text(left), ratio=1)
        table.add_column(Text(right), ratio=1)
        for score, first_id, second_id in sorted(pairs[key], key=lambda row: by_id[row[1]].position):
            table.add_row(
                f"{score:.0f}",
                _passage_cell(first_id, by_id[first_id].text),
                _passage_cell(second_id, by_id[second_id].text),
            )
        out.print(table)
    out.print(Text(f"{len(links)} links between {len(pairs)} article pairs."))


def _alignment_json(articles: list, passages: list, links: list) -> dict[str, list[dict[str, Any]]]:
    return {
        "articles": [
            {"id": a.id, "path": a.path, "title": a.title, "published": a.published} for a in articles
        ],
        "passages": [
            {
                "id": p.id,
                "article": p.article_id,
                "index": p.position,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "claim": p.claim,
            }
            for p in passages
        ],
        "links": [{"a": link.a, "b": link.b, "score": link.score} for link in links],
    }


def _passage_cell(identifier: str, text: str) -> Text:
    cell = Text(identifier[:8], style="dim")
    cell.append(" ")
    cell.append(text)  # appended as plain text: article text is never read as markup
    return cell


@click.command("show")
@click.argument("article")
@click.pass_obj
@reports_errors
def show_command(settings: Settings, article: str) -> None:
    """List an article's passages with their ids, kinds and verdicts (ARTICLE: id or file name)."""
    db = settings.open()
    found = store.find_article(db, article)
    verdicts: dict[str, list[str]] = {}
    for verdict in store.list_verdicts(db, article=found.id):
        verdicts.setdefault(verdict.passage_id, []).append(f"{verdict.reviewer}: {verdict.label}")
    table = Table(title=Text(f"{found.name} · {found.title}"), expand=True, box=box.SIMPLE_HEAD)
    table.add_column("id", no_wrap=True, min_width=16)  # ids are never cut: they are typed back
    table.add_column("kind", max_width=14)
    table.add_column("passage", ratio=1, min_width=30)
    table.add_column("verdicts", max_width=24)
    for passage in store.list_passages(db, found.id):
        kind = passage.kind.value + (f" ({passage.reason})" if passage.reason else "")
        table.add_row(
            passage.id, Text(kind), Text(passage.text), Text("\n".join(verdicts.get(passage.id, [])))
        )
    out.print(table)


@click.command("status")
@click.pass_obj
@reports_errors
def status_command(settings: Settings) -> None:
    """Articles, passages and claims, and the verdicts of each reviewer by label."""
    db = settings.open()
    summaries = store.article_summaries(db)
    table = Table(title=Text(f"Articles in {settings.location}"), expand=True, box=box.SIMPLE_HEAD)
    table.add_column("id", no_wrap=True, min_width=8)  # ids are never cut: they are typed back
    # File names are typed back (`show FILE`): they fold onto a second line rather than lose a
    # character; titles give way first.
    room = max(22, out.width - 58)  # what the id, date and counts leave for file and title
    table.add_column("file", overflow="fold", max_width=min(28, max(12, room - 10)))
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1, min_width=10)
    table.add_column("published", no_wrap=True, min_width=10)
    for column in ("passages", "claims", "reviewed"):
        table.add_column(column, justify="right", no_wrap=True, min_width=len(column))
    for summary in summaries:
        article = summary.article
        table.add_row(
            article.id[:8], Text(article.name), Text(article.title), article.published or "",
            str(summary.passages), str(summary.claims), str(summary.reviewed),
        )  # fmt: skip
    out.print(table)
    counts = store.label_counts(db)
    verdict_table = Table(title="Verdicts by reviewer")
    verdict_table.add_column("reviewer")
    for label in LABELS:
        verdict_table.add_column(short(label), justify="right")
    verdict_table.add_column("total", justify="right")
    for reviewer, by_label in counts.items():
        verdict_table.add_row(
            Text(reviewer),
            *(str(by_label.get(label, 0)) for label in LABELS),
            str(sum(by_label.values())),
        )
    out.print(verdict_table if counts else "No verdicts yet.")
    from workbench.services.pending import pending_work

    pending = pending_work(db)
    if pending:
        out.print(Text(f"{pending.describe()}. `workbench align` does it."))


def refresh_alignment(
    db: Database, quiet: bool = False, *, jobs: int | None = None, scheduler: str | None = None
) -> tuple[str, bool]:
    """Align the article pairs that changed; a sentence saying what was done, and whether all was."""
    from workbench.services.linking import refresh_links
    from workbench.services.stories import group_stories

    if not store.read_only_reason(db):
        with _progress("Grouping into stories", quiet=quiet) as advance:
            group_stories(db)
    with _progress("Aligning", quiet=quiet) as advance:
        report = refresh_links(db, progress=advance, jobs=jobs, scheduler=scheduler)
    names = {a.id: a.name for a in store.list_articles(db)} if report.too_large else {}
    for first, second in report.too_large:
        err.print(Text(f"not aligned: {names.get(first)} with {names.get(second)} (too many passages)"))
    if not report.pairs:
        return "Alignment is up to date.", True
    within = f" in {report.stories} stories" if report.stories > 1 else ""
    sparse = (
        f"; {report.sparse} too big to align every pair: each article with the story's central versions, "
        "its reference and the versions that say what those do not"
        if report.sparse
        else ""
    )
    where = f" on {report.ran_on}" if report.ran_on != "this process" else ""
    return f"Aligned {report.pairs} article pairs{within}{where} ({report.links} links){sparse}.", True


@contextmanager
def _progress(label: str, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error while work runs (none when quiet or not a terminal)."""
    if quiet or not err.is_terminal:
        yield lambda _done, _total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
