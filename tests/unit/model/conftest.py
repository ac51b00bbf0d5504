"""Fixtures that load the template's ``model`` package the way Copier does: by file path.

``extensions/model.py`` loads ``model/`` from its own checkout under a name unique to that
checkout; the tests use the same loader, so a module that only works because the repository
root is on ``sys.path`` (an absolute import) fails here too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXTENSIONS_DIR = ROOT / "extensions"


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
def extension() -> ModuleType:
    """``extensions/model.py`` loaded by path."""
    return load_extension_module("model")


@pytest.fixture(scope="session")
def model(extension: ModuleType) -> ModuleType:
    """The ``model`` package, loaded by path as the extension loads it."""
    return extension.load_model()


@pytest.fixture(scope="session")
def naming(model: ModuleType) -> ModuleType:
    return model.naming


@pytest.fixture(scope="session")
def validation(model: ModuleType) -> ModuleType:
    return model.validation


@pytest.fixture(scope="session")
def identifiers(model: ModuleType) -> ModuleType:
    return model.identifiers


@pytest.fixture(scope="session")
def updates(model: ModuleType) -> ModuleType:
    return model.updates


@pytest.fixture(scope="session")
def recipes(model: ModuleType) -> ModuleType:
    return model.recipe_rules
