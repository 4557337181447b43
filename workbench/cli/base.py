"""What every command shares: the consoles, the open database settings, and one-line error reports."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import click
from rich.console import Console
from rich.text import Text

from workbench import store
from workbench.models import WorkbenchError
from workbench.store import Database
from workbench.text.sanitize import visible
from workbench.views.safe import Visible


class SafeConsole(Console):
    """A console that cannot be made to send a terminal escape by the data it prints.

    Names, notes and file names come from other people's files; whatever a command prints goes
    through `visible` after layout, as the last guard (the views also clean what they lay out).
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        # Lines of text are soft-wrapped (a long path is not broken by a newline); tables and other
        # layouts fit the terminal's width, their titles included.
        if "soft_wrap" not in kwargs and any(not isinstance(item, (str, Text)) for item in objects):
            kwargs["soft_wrap"] = False
        super().print(*(Visible(item) for item in objects), **kwargs)


out = SafeConsole(highlight=False, markup=False, emoji=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)


class Settings(NamedTuple):
    """What the group's options say: the database, who is reviewing, and whether to write."""

    db_path: Path | str  # a file, or a PostgreSQL URL
    reviewer: str
    read_only: bool = False

    @property
    def location(self) -> str:
        """How messages name the database: its path, or its URL without a password."""
        from workbench.store.postgres import is_url, redacted

        return redacted(self.db_path) if is_url(self.db_path) else str(self.db_path)

    def open(self) -> Database:
        """The database, closed when the command ends (however it ends)."""
        db = store.open_db(self.db_path, read_only=self.read_only)
        context = click.get_current_context(silent=True)
        if context is not None:
            context.call_on_close(db.close)
        reason = store.read_only_reason(db)
        if reason and not self.read_only:
            err.print(Text(f"Note: {self.location} is open read-only: {reason}."))
        return db


def print_json(value: Any) -> None:
    """Write `value` as indented JSON to standard output, streamed, with nothing a terminal obeys."""
    import json
    import sys

    from workbench.text.sanitize import json_safe

    write = sys.stdout.write
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(value):
        write(json_safe(chunk))
    write("\n")


F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn the errors a user can act on into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkbenchError as error:
            raise click.ClickException(visible(str(error), one_line=True)) from error
        except store.DatabaseError as error:
            raise click.ClickException(visible(f"database error: {error}", one_line=True)) from error
        except OSError as error:
            if isinstance(error, BrokenPipeError):
                raise  # the reader of our output went away (`| head`): run() ends quietly
            where = f" ({error.filename})" if error.filename else ""
            message = f"{error.strerror or error}{where}"
            raise click.ClickException(visible(message, one_line=True)) from error

    return wrapper  # type: ignore[return-value]
