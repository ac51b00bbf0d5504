"""The template's naming rules, shared with the CLI.

``extensions/naming.py`` is what the Copier templates use (``{{ name | pascal }}``); the CLI must
derive the same names, or wiring would point at identifiers the recipe never rendered. It is
loaded by file path because ``extensions/`` is not a package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Final

NAMING_PATH: Final = Path(__file__).resolve().parents[1] / "extensions" / "naming.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tracks_extension_naming", NAMING_PATH)
    if spec is None or spec.loader is None:  # pragma: no cover - a broken checkout
        msg = f"cannot load the naming extension from {NAMING_PATH}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NAMING: Final = _load()


def pascal(name: str) -> str:
    """``blog_post`` → ``BlogPost``, ``api_docs`` → ``APIDocs`` (Go initialisms)."""
    return str(NAMING.pascal(name))
