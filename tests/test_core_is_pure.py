"""The core knows nothing of the terminal: importing any core module loads neither textual nor rich.

Every module of the core packages is found by walking them, so a new module is checked without
anyone adding it to a list. (import-linter checks the same statically; this checks what is really
loaded, lazy imports at module level included.)
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import workbench

CORE_PACKAGES = ("text", "align", "triage", "store", "export", "services")
CORE_MODULES = ("workbench.vocabulary", "workbench.models", "workbench.ids")


def core_modules() -> list[str]:
    found = list(CORE_MODULES)
    for package in CORE_PACKAGES:
        found.append(f"workbench.{package}")
        path = [f"{workbench.__path__[0]}/{package}"]
        found += [f"workbench.{package}.{m.name}" for m in pkgutil.walk_packages(path) if not m.ispkg]
    return sorted(found)


def test_the_walk_finds_the_modules_of_each_package():
    modules = core_modules()
    assert "workbench.align.lexical" in modules and "workbench.store.merging" in modules
    assert not any(m.startswith(("workbench.tui", "workbench.cli", "workbench.views")) for m in modules)


@pytest.mark.parametrize("module", core_modules())
def test_core_module_loads_neither_textual_nor_rich(module):
    code = f"import sys, {module}; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", f"{module} loads {result.stdout.strip()}"
