"""The user's own keys: a TOML file of binding id = key(s), read from the XDG config folder.

    # ~/.config/workbench/keymap.toml (or the file WORKBENCH_KEYMAP names)
    [keys]
    mark_supported = "1"
    mark_contradicted = "2"
    next_unreviewed = "n,space"

Ids are the ones `?` lists (help shows each binding's id); a value is one key or several joined
by commas, in Textual's key names. A file that cannot be read or holds an unknown id is reported
in a line, and the rest of it still applies.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path


def keymap_path() -> Path:
    named = os.environ.get("WORKBENCH_KEYMAP")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "workbench" / "keymap.toml"


def user_keymap(known_ids: Iterable[str]) -> tuple[dict[str, str], str | None]:
    """(binding id -> keys, a one-line problem or None) from the user's keymap file, if there is one."""
    path = keymap_path()
    if not path.is_file():
        return {}, None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"Your keymap {path} could not be read ({error}); the usual keys apply."
    keys = data.get("keys", data)
    known = set(known_ids)
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in keys.items() if isinstance(keys, dict) else ():
        if name in known and isinstance(value, str) and value.strip():
            keymap[name] = ",".join(part.strip() for part in value.split(",") if part.strip())
        else:
            unknown.append(str(name))
    problem = None
    if unknown:
        problem = f"Your keymap {path} names no binding, or no key, for: {', '.join(sorted(unknown))[:200]}."
    return keymap, problem
