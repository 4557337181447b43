"""What every command shares: the consoles, the open database settings, and one-line error reports."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.text import Text

from workbench import store
from workbench.models import WorkbenchError
from workbench.store.connection import Database

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class Settings:
    db_path: Path
    reviewer: str
    read_only: bool = False

    def open(self) -> Database:
        db = store.open_db(self.db_path, read_only=self.read_only)
        reason = store.read_only_reason(db)
        if reason and not self.read_only:
            err.print(Text(f"Note: {self.db_path} is open read-only: {reason}."))
        return db


F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn the errors a user can act on into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkbenchError as error:
            raise click.ClickException(str(error)) from error
        except sqlite3.Error as error:
            raise click.ClickException(f"database error: {error}") from error
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            raise click.ClickException(f"{error.strerror or error}{where}") from error

    return wrapper  # type: ignore[return-value]
