"""The bundled demo corpus: where it is, and importing it into an empty database."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from workbench import store
from workbench.services.importing import ImportReport, import_paths
from workbench.services.linking import refresh_links
from workbench.store import Database


def bundled_seeds() -> Path:
    """The seeds folder shipped with the package (or, in a source checkout, the repository's)."""
    packaged = Path(str(resources.files("workbench"))) / "_seeds"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    if checkout.is_dir():
        return checkout
    raise store.StoreError(
        "the bundled seeds folder is missing from this installation; "
        "import articles with `workbench import PATH` instead"
    )


def seed_if_empty(db: Database) -> ImportReport | None:
    """Import and align the demo corpus when the database has no articles yet."""
    if store.list_articles(db):
        return None
    report = import_paths(db, [bundled_seeds()])
    refresh_links(db)
    return report
