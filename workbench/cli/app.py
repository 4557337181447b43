"""The review app, in the terminal (`open`) and in browsers (`serve`)."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click
from rich.text import Text

from workbench import store
from workbench.cli.base import Settings, err, reports_errors
from workbench.services import demo


@click.command("open")
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
        report = None if store.read_only_reason(db) else demo.seed_if_empty(db)
        if report is not None:
            count = len(report.outcomes)
            err.print(Text(f"New database {settings.location}: imported the {count} demo articles."))
        left_id = store.find_article(db, left).id if left else None
        right_id = store.find_article(db, right).id if right else None
    finally:
        db.close()
    from workbench.tui.app import WorkbenchApp  # the terminal UI loads only when it is used

    reviewer = None if ask_reviewer else settings.reviewer
    WorkbenchApp(settings.db_path, reviewer, left_id, right_id, read_only=settings.read_only).run()


@click.command("serve")
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
        demo.seed_if_empty(db)
    finally:
        db.close()
    try:  # say a busy port before the banner, not after it
        with socket.create_server((host, port), reuse_port=False):
            pass
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    from workbench.tui.serve_gate import LOOPBACK, GatedServer  # loads aiohttp only for this command

    if isinstance(settings.db_path, Path):
        target = ["--db", str(settings.db_path.resolve())]
    else:  # a server's URL goes to the sessions in the environment, not on a command line others can read
        os.environ["WORKBENCH_DB"] = settings.db_path
        target = []
    command = " ".join(
        shlex.quote(part) for part in (sys.executable, "-m", "workbench", *target, "open", "--ask-reviewer")
    )
    if host not in LOOPBACK:
        err.print(
            Text(
                f"Listening on {host}: anyone who reaches this port can review. Put it behind authentication."
            )
        )
    GatedServer(command, host=host, port=port, public_url=public_url, max_sessions=max_sessions).serve()
