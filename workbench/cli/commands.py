"""The command line: each command parses its arguments, calls the core, and reports in a line or a table."""

from __future__ import annotations

import getpass
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from workbench import __version__, store
from workbench.cli.base import Settings, err, out, print_json, reports_errors
from workbench.cli.team import adjudicate_command, config_command, merge_command, role_command, stats_command
from workbench.cli.triage import provenance_command, reference_command, triage_command
from workbench.export import FORMATS, export
from workbench.export.files import write_atomically
from workbench.models import InvalidReviewer, check_reviewer_name
from workbench.services.demo import seed_if_empty
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links
from workbench.store import Database, article_summaries, label_counts
from workbench.vocabulary import LABELS, short

DEFAULT_DB = Path("db") / "workbench.db"
EXIT_SKIPPED = 1  # import: something could not be read (the rest was imported)


def default_reviewer() -> str:
    """The login name of whoever runs the command, or 'reviewer' when it has none we can use."""
    try:
        return check_reviewer_name(getpass.getuser())
    except (InvalidReviewer, OSError, KeyError):
        return "reviewer"


def _reviewer_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    if value is None:
        return default_reviewer()
    try:
        return check_reviewer_name(value)
    except InvalidReviewer as error:
        raise click.BadParameter(str(error)) from error


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    envvar="WORKBENCH_DB",
    default=str(DEFAULT_DB),
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite database file (env WORKBENCH_DB). Its folder is created if missing.",
)
@click.option(
    "--reviewer",
    envvar="WORKBENCH_REVIEWER",
    callback=_reviewer_option,
    help="Who records verdicts (env WORKBENCH_REVIEWER; default: your login name).",
)
@click.option("--read-only", is_flag=True, help="Open the database without writing to it.")
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def main(ctx: click.Context, db_path: Path, reviewer: str, read_only: bool) -> None:
    """Fact-check several versions of one news story side by side, claim by claim."""
    ctx.obj = Settings(db_path=db_path, reviewer=reviewer, read_only=read_only)
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_command)


for _command in (
    stats_command, role_command, config_command, adjudicate_command, merge_command,
    triage_command, provenance_command, reference_command,
):  # fmt: skip
    main.add_command(_command)


@main.command("open")
@click.option("--left", "left", metavar="ARTICLE", help="The article to review (id or file name).")
@click.option("--right", "right", metavar="ARTICLE", help="The article to compare it with.")
@click.option("--ask-reviewer", is_flag=True, hidden=True, help="Ask for the reviewer's name first.")
@click.pass_obj
@reports_errors
def open_command(
    settings: Settings, left: str | None = None, right: str | None = None, ask_reviewer: bool = False
) -> None:
    """Open the review app (the default command). An empty database gets the demo corpus first."""
    db = settings.open()
    try:
        report = None if store.read_only_reason(db) else seed_if_empty(db)
        if report is not None:
            count = len(report.outcomes)
            err.print(Text(f"New database {settings.db_path}: imported the {count} demo articles."))
        left_id = store.find_article(db, left).id if left else None
        right_id = store.find_article(db, right).id if right else None
    finally:
        db.close()
    from workbench.tui.app import WorkbenchApp  # the terminal UI loads only when it is used

    reviewer = None if ask_reviewer else settings.reviewer
    WorkbenchApp(settings.db_path, reviewer, left_id, right_id, read_only=settings.read_only).run()


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--public-url",
    help="The address browsers use, when it differs from http://HOST:PORT (behind a reverse proxy). "
    "Only pages from this address, or the one served on, may open a session.",
)
@click.option(
    "--max-sessions",
    default=8,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Browser sessions open at once; each is a process of about 35 MB. Past it, new ones are refused.",
)
@click.pass_obj
@reports_errors
def serve_command(
    settings: Settings, host: str, port: int, public_url: str | None, max_sessions: int
) -> None:
    """Serve the review app to browsers; each browser session asks for the reviewer's name.

    Every session is a process on this machine writing the same database file. It listens on
    loopback unless told otherwise: reach it through an SSH tunnel, or a reverse proxy that asks
    for a password (see the README). There is no login of its own. A session is opened only from
    a page of the served address (the websocket's Origin and the Host header are checked against
    it and --public-url), so another site open in the same browser cannot drive the app.
    """
    import socket

    db = settings.open()
    try:
        seed_if_empty(db)
    finally:
        db.close()
    try:  # say a busy port before the banner, not after it
        with socket.create_server((host, port), reuse_port=False):
            pass
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    from workbench.web.gate import LOOPBACK, GatedServer  # loads aiohttp only for this command

    command = " ".join(
        shlex.quote(part)
        for part in (
            sys.executable,
            "-m",
            "workbench",
            "--db",
            str(settings.db_path.resolve()),
            "open",
            "--ask-reviewer",
        )
    )
    if host not in LOOPBACK:
        err.print(
            Text(
                f"Listening on {host}: anyone who reaches this port can review. Put it behind authentication."
            )
        )
    GatedServer(command, host=host, port=port, public_url=public_url, max_sessions=max_sessions).serve()


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Also read files that links inside a folder point to elsewhere (by default only links "
    "within the folder are followed).",
)
@click.pass_obj
@reports_errors
def import_command(settings: Settings, paths: tuple[Path, ...], follow_symlinks: bool) -> None:
    """Import articles from files and folders (.txt .md .html .json .jsonl), then align them.

    Re-importing an unchanged file changes nothing; a changed file keeps the verdicts of the
    sentences that did not change. Files that cannot be read are named, and the exit status is 1.
    """
    db = settings.open()
    with _progress("Importing") as advance:
        report = import_paths(
            db,
            paths,
            progress=lambda done, total, _name: advance(done, total),
            follow_symlinks=follow_symlinks,
        )
    for skipped in report.skipped:
        err.print(Text(f"skipped {skipped}"))
    links, aligned = _refresh(db)
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


@main.command("align")
@click.option("--json", "as_json", is_flag=True, help="Print articles, passages and links as JSON.")
@click.pass_obj
@reports_errors
def align_command(settings: Settings, as_json: bool) -> None:
    """Show the aligned passages of every article pair, with their scores (0-100)."""
    db = settings.open()
    _refresh(db, quiet=as_json)
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


@main.command("show")
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
    table = Table(title=Text(f"{found.name} · {found.title}"), expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("passage", ratio=1)
    table.add_column("verdicts")
    for passage in store.list_passages(db, found.id):
        kind = passage.kind.value + (f" ({passage.reason})" if passage.reason else "")
        table.add_row(
            passage.id, Text(kind), Text(passage.text), Text("\n".join(verdicts.get(passage.id, [])))
        )
    out.print(table)


@main.command("mark")
@click.argument("passage")
@click.argument("label", type=click.Choice(LABELS, case_sensitive=False))
@click.option("--note", help="A note to keep with the verdict.")
@click.option(
    "--evidence", multiple=True, metavar="PASSAGE_ID", help="A passage that backs the verdict (repeatable)."
)
@click.pass_obj
@reports_errors
def mark_command(
    settings: Settings, passage: str, label: str, note: str | None, evidence: tuple[str, ...]
) -> None:
    """Record your verdict on a claim (PASSAGE: its id, or the first characters of it)."""
    db = settings.open()
    claim = store.find_passage(db, passage)
    evidence_ids = [store.find_passage(db, item).id for item in evidence] if evidence else None
    verdict = store.set_verdict(db, claim.id, settings.reviewer, label, note=note, evidence=evidence_ids)
    out.print(Text(f"{claim.id} marked {verdict.label.value} by {verdict.reviewer}."))


@main.command("unmark")
@click.argument("passage")
@click.pass_obj
@reports_errors
def unmark_command(settings: Settings, passage: str) -> None:
    """Clear your verdict on a claim; the history keeps what it was."""
    db = settings.open()
    claim = store.find_passage(db, passage)
    if not store.clear_verdict(db, claim.id, settings.reviewer):
        raise click.ClickException(f"{settings.reviewer} has no verdict on {claim.id}")
    out.print(Text(f"{claim.id}: verdict of {settings.reviewer} cleared."))


@main.command("confirm")
@click.argument("passage")
@click.pass_obj
@reports_errors
def confirm_command(settings: Settings, passage: str) -> None:
    """Keep your verdict on a claim whose text, evidence or alignment changed (it is no longer stale)."""
    db = settings.open()
    claim = store.find_passage(db, passage)
    verdict = store.get_verdict(db, claim.id, settings.reviewer)
    if verdict is None:
        raise click.ClickException(f"{settings.reviewer} has no verdict on {claim.id}")
    store.set_verdict(db, claim.id, settings.reviewer, verdict.label, confirm=True)
    out.print(Text(f"{claim.id}: {verdict.label.value} confirmed by {settings.reviewer}."))


@main.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="csv",
    show_default=True,
    help="; ".join(f"{name}: {module.HELP}" for name, module in FORMATS.items()) + ".",
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write; '-' (the default) writes to standard output.",
)
@click.option(
    "--base-url", help="claimreview: the page the fact-checks are published on (its url gets #claim-ID)."
)
@click.option("--author", help="claimreview: the organisation publishing the fact-checks.")
@click.pass_obj
@reports_errors
def export_command(
    settings: Settings, fmt: str, output: Path, base_url: str | None, author: str | None
) -> None:
    """Export verdicts: every reviewer's, with claim, note, evidence, consensus and final verdict.

    FEVER and ClaimReview hold decided claims only: adjudicated, or judged alike by every reviewer.
    """  # fmt: skip
    db = settings.open()
    options = {"base_url": base_url, "author": author} if fmt == "claimreview" else {}
    if str(output) == "-":
        written = export(db, fmt, sys.stdout, **options)
    else:
        with write_atomically(output, FORMATS[fmt].FILE_ENCODING) as handle:
            written = export(db, fmt, handle, **options)
        err.print(Text(f"Wrote {written.records} {FORMATS[fmt].UNIT} to {output}."))
    if written.skipped:
        err.print(
            Text(f"Left out {written.skipped} disputed claims with no final verdict (see `workbench stats`).")
        )
    if written.unknown:
        err.print(
            Text(
                f"Left out {written.unknown} claims whose verdicts carry a label this workbench "
                "does not know."
            )
        )
    if written.orphans:
        err.print(
            Text(
                f"Left out {written.orphans} verdicts on claims this database no longer has; "
                "the export is not complete."
            )
        )
        sys.exit(1)


@main.command("status")
@click.pass_obj
@reports_errors
def status_command(settings: Settings) -> None:
    """Articles, passages and claims, and the verdicts of each reviewer by label."""
    db = settings.open()
    summaries = article_summaries(db)
    table = Table(title=Text(f"Articles in {settings.db_path}"), expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("file", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1, min_width=12)
    table.add_column("published", no_wrap=True)
    for column in ("passages", "claims", "reviewed"):
        table.add_column(column, justify="right", no_wrap=True)
    for summary in summaries:
        article = summary.article
        table.add_row(
            article.id[:8], Text(article.name), Text(article.title), article.published or "",
            str(summary.passages), str(summary.claims), str(summary.reviewed),
        )  # fmt: skip
    out.print(table)
    counts = label_counts(db)
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


def _refresh(db: Database, quiet: bool = False) -> tuple[str, bool]:
    """Align the article pairs that changed; a sentence saying what was done, and whether all was."""
    with _progress("Aligning", quiet=quiet) as advance:
        report = refresh_links(db, progress=advance)
    names = {a.id: a.name for a in store.list_articles(db)}
    if report.too_many:
        from workbench.services.linking import MAX_ARTICLE_PAIRS

        err.print(
            Text(
                f"not aligned: {report.too_many:,} article pairs wait to be aligned, more than the "
                f"{MAX_ARTICLE_PAIRS:,} done at once (about 2,000 articles); import smaller groups of "
                "articles into separate databases"
            )
        )
        return "Nothing was aligned.", False
    for first, second in report.too_large:
        err.print(Text(f"not aligned: {names.get(first)} with {names.get(second)} (too many passages)"))
    if not report.pairs:
        return "Alignment is up to date.", True
    return f"Aligned {report.pairs} article pairs ({report.links} links).", True


@contextmanager
def _progress(label: str, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error while work runs (none when quiet or not a terminal)."""
    if quiet or not err.is_terminal:
        yield lambda _done, _total: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def run() -> None:
    """The `workbench` command: click's own error reports go through the same guard as ours.

    Click puts the values a user gave into its usage errors ("Path '…' does not exist"): those are
    drawn with control characters as visible marks. A closed pipe (`workbench export | head`) ends
    quietly, as other Unix tools do.
    """
    import errno
    import io

    from workbench.text.sanitize import visible

    try:
        code = main.main(standalone_mode=False)
    except click.ClickException as error:
        report = io.StringIO()
        error.show(file=report)
        sys.stderr.write(visible(report.getvalue()))
        sys.exit(error.exit_code)
    except click.Abort:
        sys.stderr.write("Aborted.\n")
        sys.exit(130)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        _quiet_broken_pipe()
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_broken_pipe() -> None:
    # Python would report the pipe again when it flushes stdout at exit: point stdout at nothing.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)
