"""The command line: a group whose commands load only when they are run.

`workbench status` should not pay for the importer, dateutil, the segmenter, rich.progress or the
team and triage commands: each command lives in a module by job and is imported when invoked
(click's lazy-group pattern), so a command costs what it uses.
"""

from __future__ import annotations

import getpass
import importlib
import os
import sys
from pathlib import Path

import click

from workbench import __version__
from workbench.cli.targets import DatabaseTarget
from workbench.models import InvalidReviewer, check_reviewer_name

DEFAULT_DB = Path("db") / "workbench.db"

# name -> "module:function", in the order `workbench --help` lists them.
COMMANDS = {
    "open": "workbench.cli.app:open_command",
    "import": "workbench.cli.articles:import_command",
    "align": "workbench.cli.articles:align_command",
    "show": "workbench.cli.articles:show_command",
    "status": "workbench.cli.articles:status_command",
    "mark": "workbench.cli.verdicts:mark_command",
    "unmark": "workbench.cli.verdicts:unmark_command",
    "confirm": "workbench.cli.verdicts:confirm_command",
    "export": "workbench.cli.verdicts:export_command",
    "stats": "workbench.cli.team:stats_command",
    "role": "workbench.cli.team:role_command",
    "config": "workbench.cli.team:config_command",
    "adjudicate": "workbench.cli.team:adjudicate_command",
    "merge": "workbench.cli.team:merge_command",
    "triage": "workbench.cli.triage:triage_command",
    "provenance": "workbench.cli.triage:provenance_command",
    "reference": "workbench.cli.triage:reference_command",
    "stories": "workbench.cli.stories:stories_command",
    "serve": "workbench.cli.app:serve_command",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)


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


@click.group(
    cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    "db_path",
    envvar="WORKBENCH_DB",
    default=str(DEFAULT_DB),
    show_default=True,
    type=DatabaseTarget(),
    help="The SQLite database file (its folder is created if missing), or a PostgreSQL URL "
    "postgresql://user@host/dbname (env WORKBENCH_DB; a password from PGPASSWORD or ~/.pgpass).",
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
def main(ctx: click.Context, db_path: Path | str, reviewer: str, read_only: bool) -> None:
    """Fact-check several versions of one news story side by side, claim by claim."""
    from workbench.cli.base import Settings

    ctx.obj = Settings(db_path=db_path, reviewer=reviewer, read_only=read_only)
    if ctx.invoked_subcommand is None:
        ctx.invoke(main.get_command(ctx, "open"))


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
