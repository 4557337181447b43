"""The team commands: agreement figures, roles and settings, adjudication, merging another file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, err, out, print_json, reports_errors
from workbench.cli.targets import DatabaseTarget
from workbench.services.team import gather
from workbench.store import ROLES, SETTINGS, merge
from workbench.views.team_tables import stats_tables
from workbench.vocabulary import LABELS


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
@reports_errors
def stats_command(settings: Settings, as_json: bool) -> None:
    """Claims reviewed by each reviewer, agreement between reviewers, and the disputed claims."""
    figures = gather(settings.open())
    if as_json:
        print_json(figures.as_json())
        return
    for table in stats_tables(figures):
        out.print(table)


@click.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_obj
@reports_errors
def role_command(settings: Settings, name: str, role: str) -> None:
    """Give a reviewer a role: an adjudicator can set the final verdict of disputed claims."""
    store.set_role(settings.open(), name, role)
    out.print(Text(f"{name} is now {'an' if role == 'adjudicator' else 'a'} {role}."))


@click.command("config")
@click.argument("key", required=False, type=click.Choice(sorted(SETTINGS)))
@click.argument("value", required=False)
@click.pass_obj
@reports_errors
def config_command(settings: Settings, key: str | None, value: str | None) -> None:
    """Show or change the team's settings in this database.

    blind_review on: other reviewers' verdicts on a claim stay hidden until you give your own.
    """
    db = settings.open()
    if key and value is not None:
        store.set_setting(db, key, value)
    for name in [key] if key else sorted(SETTINGS):
        out.print(Text(f"{name} = {store.get_setting(db, name)}"))


@click.command("adjudicate")
@click.argument("passage")
@click.argument("label", type=click.Choice([*LABELS, "none"], case_sensitive=False))
@click.option("--note", default="", help="Why this is the final verdict.")
@click.pass_obj
@reports_errors
def adjudicate_command(settings: Settings, passage: str, label: str, note: str) -> None:
    """Set the final verdict of a claim (adjudicators only); 'none' removes it."""
    db = settings.open()
    claim = store.find_passage(db, passage)
    if label == "none":
        if not store.clear_final(db, claim.id, settings.reviewer):
            raise click.ClickException(f"{claim.id} has no final verdict")
        out.print(Text(f"{claim.id}: final verdict removed by {settings.reviewer}."))
        return
    final = store.set_final(db, claim.id, settings.reviewer, label, note)
    out.print(Text(f"{claim.id}: final verdict {final.label.value}, by {final.adjudicator}."))


@click.command("merge")
@click.argument("other", type=DatabaseTarget())
@click.pass_obj
@reports_errors
def merge_command(settings: Settings, other: Path | str) -> None:
    """Fold in the verdicts and histories of another database of the same corpus: a file, or a
    PostgreSQL URL (so a team moves from a file to a server, and back).

    For example a reviewer's file from a laptop. Merging twice changes nothing. When both files
    have a reviewer's verdict on a claim and they differ, the newer is kept and the other stays in
    the history; each such case is listed.
    """
    report = merge(settings.open(), other)
    shown = Settings(other, "").location
    out.print(
        Text(
            f"Merged {shown}: {report.verdicts_added} verdicts added, {report.verdicts_updated} updated, "
            f"{report.verdicts_same} already here, {report.history_added} history entries, "
            f"{report.reviewers_added} new reviewers."
        )
    )
    for conflict in report.conflicts:
        out.print(Text(f"  differed: {conflict}"))
    if report.roles_not_taken:
        names = ", ".join(report.roles_not_taken)
        err.print(
            Text(
                f"Not taken: the adjudicator role of {names} in the other file; roles are given here "
                "(workbench role NAME adjudicator)."
            )
        )
    if report.finals_not_taken:
        err.print(
            Text(
                f"Not taken: {report.finals_not_taken} final verdicts in the other file; only an "
                "adjudicator of this database sets final verdicts (workbench adjudicate)."
            )
        )
    if report.future_dated:
        err.print(Text(f"Not taken: {report.future_dated} entries dated later than now."))
    if report.evidence_dropped:
        err.print(
            Text(f"{report.evidence_dropped} evidence passages are not in this database and were left out.")
        )
    if report.unmatched:
        err.print(
            Text(
                f"{report.unmatched} verdicts are on passages this database does not have (their articles "
                "differ); they were not merged — import the same article versions and merge again."
            )
        )
        sys.exit(1)
