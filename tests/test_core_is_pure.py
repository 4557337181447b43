"""The core knows nothing of the terminal UI: importing any core module must not load textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "workbench.align", "workbench.cli", "workbench.corpus", "workbench.dates", "workbench.export",
    "workbench.htmltext", "workbench.ids", "workbench.importer", "workbench.junk",
    "workbench.linker", "workbench.models", "workbench.sanitize", "workbench.segment",
    "workbench.store", "workbench.tokens",
]  # fmt: skip


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
