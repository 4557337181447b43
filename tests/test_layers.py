"""The layers hold: import-linter's contracts in pyproject.toml (the core imports no front end, the
app reaches storage only through the services, only the store speaks to the database)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and "3 kept, 0 broken" in result.stdout


def test_nothing_outside_the_store_writes_sql():
    """Statically: no module outside workbench/store/ holds a SQL statement."""
    import re

    statement = re.compile(
        r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s+\w+)\b"
    )
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "workbench").rglob("*.py")
        if "store" not in path.relative_to(ROOT / "workbench").parts[:1]
        and statement.search(path.read_text())
    ]
    assert offenders == []
