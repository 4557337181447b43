"""The provenance matrix as rich renderables, for the command line and the app alike."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from workbench.provenance import Provenance


def provenance_lines(found: Provenance) -> list[RenderableType]:
    """A short key, the matrix (rows: an article; columns: how much of it each other article covers)."""
    number = {article: k + 1 for k, (article, _) in enumerate(found.articles)}
    table = Table(title="Share of each row's claims that the column article also says", expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("article", no_wrap=True)
    table.add_column("claims", justify="right")
    for article, _ in found.articles:
        table.add_column(str(number[article]), justify="right", no_wrap=True)
    for article, name in found.articles:
        cells = []
        for other, _ in found.articles:
            if other == article:
                cells.append(Text("·", style="dim"))
                continue
            share = found.share(article, other)
            style = "bold" if share >= 0.5 else ("" if share >= 0.2 else "dim")
            cells.append(Text(f"{share:.0%}", style=style))
        label = Text(name)
        if article == found.reference:
            label.append(" (reference)", style="bold")
        table.add_row(str(number[article]), label, str(found.claims.get(article, 0)), *cells)
    how = "marked by a user" if found.reference_marked else "proposed: the article the others align to most"
    return [table, Text(f"Reference: {dict(found.articles).get(found.reference or '', 'none')} ({how}).")]
