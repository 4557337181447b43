"""--db and merge's argument: an SQLite file's path, or a PostgreSQL URL kept as it is."""

from __future__ import annotations

from pathlib import Path

import click

SCHEMES = ("postgresql://", "postgres://")  # as workbench.store.postgres, without importing the store


class DatabaseTarget(click.ParamType):
    """A path (checked as click.Path) or a postgresql:// URL (a str, never made a Path)."""

    name = "PATH|URL"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, str) and value.startswith(SCHEMES):
            return value
        return click.Path(dir_okay=False, path_type=Path).convert(value, param, ctx)
