"""Fixtures that load the Jinja extensions the way Copier does: by file path.

The extensions are not an installed package, so the tests must not import them as
``extensions.naming``: doing so could hide a module that only works thanks to the repo
root being on ``sys.path``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

EXTENSIONS_DIR = Path(__file__).resolve().parents[3] / "extensions"


def load_extension_module(stem: str) -> ModuleType:
    """Execute ``extensions/<stem>.py`` as a fresh module, outside any package."""
    path = EXTENSIONS_DIR / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(f"tracks_test_extension_{stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def naming() -> ModuleType:
    """``extensions/naming.py`` loaded by path."""
    return load_extension_module("naming")


@pytest.fixture(scope="session")
def validation() -> ModuleType:
    """``extensions/validation.py`` loaded by path."""
    return load_extension_module("validation")


@pytest.fixture(scope="session")
def identifiers() -> ModuleType:
    """``extensions/identifiers.py`` loaded by path."""
    return load_extension_module("identifiers")


@pytest.fixture(scope="session")
def updates() -> ModuleType:
    """``extensions/updates.py`` loaded by path."""
    return load_extension_module("updates")


@pytest.fixture(scope="session")
def recipes() -> ModuleType:
    """``extensions/recipes.py`` loaded by path."""
    return load_extension_module("recipes")
