"""The user's own keys: a TOML file of binding id = key(s), read from the XDG config folder.

    # ~/.config/workbench/keymap.toml (or the file WORKBENCH_KEYMAP names)
    [keys]
    mark_supported = "1"
    mark_contradicted = "2"
    next_unreviewed = "n,space"

Ids are the ones `?` lists (help shows each binding's id); a value is one key or several joined
by commas, in Textual's key names. A file that cannot be read or holds an unknown id is reported
in a line, and the rest of it still applies. A key the file gives to two bindings (its own, or one
it gives away while another binding keeps it) is reported too, and neither of those remaps applies.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path


def keymap_path() -> Path:
    named = os.environ.get("WORKBENCH_KEYMAP")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "workbench" / "keymap.toml"


def _keys(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def clashes(defaults: Mapping[str, str], keymap: Mapping[str, str]) -> dict[str, list[str]]:
    """Key -> the binding ids that would answer it, for every key more than one binding would take.

    `defaults` is binding id -> its usual keys; `keymap` replaces some of them.
    """
    taken: dict[str, list[str]] = {}
    for binding_id, keys in {**defaults, **keymap}.items():
        for key in _keys(keys):
            taken.setdefault(key, []).append(binding_id)
    return {key: ids for key, ids in taken.items() if len(ids) > 1}


def user_keymap(known: Mapping[str, str]) -> tuple[dict[str, str], str | None]:
    """(binding id -> keys, a one-line problem or None) from the user's keymap file, if there is one.

    `known` is binding id -> its usual keys.
    """
    path = keymap_path()
    if not path.is_file():
        return {}, None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"Your keymap {path} could not be read ({error}); the usual keys apply."
    keys = data.get("keys", data)
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in keys.items() if isinstance(keys, dict) else ():
        if name in known and isinstance(value, str) and value.strip():
            keymap[name] = ",".join(_keys(value))
        else:
            unknown.append(str(name))
    problems = []
    if unknown:
        problems.append(f"names no binding, or no key, for: {', '.join(sorted(unknown))[:200]}")
    clashing: dict[str, list[str]] = {}
    while True:  # undoing one remap can uncover another clash; each round undoes at least one
        found = {
            key: ids
            for key, ids in clashes(known, keymap).items()
            if any(binding_id in keymap for binding_id in ids)
        }
        if not found:
            break
        clashing.update(found)
        for ids in found.values():
            for binding_id in ids:
                keymap.pop(binding_id, None)
    if clashing:
        said = "; ".join(f"{key} for {' and '.join(ids)}" for key, ids in sorted(clashing.items()))
        problems.append(f"gives one key to two bindings ({said[:200]}), so those keep their usual keys")
    problem = f"Your keymap {path} {'; it '.join(problems)}." if problems else None
    return keymap, problem
