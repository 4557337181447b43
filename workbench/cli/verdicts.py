"""Verdicts from the command line: mark, unmark, confirm, and exporting them all."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, err, out, reports_errors
from workbench.export import FORMATS, export
from workbench.export.files import write_atomically
from workbench.vocabulary import LABELS


@click.command("mark")
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


@click.command("unmark")
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


@click.command("confirm")
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


@click.command("export")
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
