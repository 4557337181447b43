"""The provenance matrix as rich renderables, for the command line and the app alike."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from workbench.services.provenance import Provenance


def provenance_lines(found: Provenance) -> list[RenderableType]:
    """A short key, the matrix (rows: an article; columns: how much of it each other article covers)."""
    number = {article: k + 1 for k, (article, _) in enumerate(found.articles)}
    table = Table(
        title="Share of each row's claims that the column article also says",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        expand=False,
    )
    table.add_column("article", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("claims", justify="right", no_wrap=True, min_width=6)
    for article, _ in found.articles:
        table.add_column(str(number[article]), justify="right", no_wrap=True, min_width=4)
    for article, name in found.articles:
        cells = []
        for other, _ in found.articles:
            if other == article:
                cells.append(Text("·", style="dim"))
                continue
            share = found.share(article, other)
            style = "bold" if share >= 0.5 else ("" if share >= 0.2 else "dim")
            cells.append(Text(f"{share:.0%}", style=style))
        label = Text(f"{number[article]} {'★ ' if article == found.reference else ''}{name}")
        table.add_row(label, str(found.claims.get(article, 0)), *cells)
    name = dict(found.articles).get(found.reference or "", "none")
    lines: list[RenderableType] = [table, Text(f"★ Reference: {name} ({found.why()}).")]
    if found.out_of > len(found.articles):
        lines.append(
            Text(
                f"Showing {len(found.articles)} of {found.out_of} articles: the reference and the versions "
                "closest to it. workbench provenance --json gives every pair that shares claims.",
                style="dim",
            )
        )
    return lines
