"""Fixtures of the workbench's unit tests: saved real inputs, and a small app on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tracks.project import Project, find_project

DATA = Path(__file__).parent / "data"


def make_app(root: Path, **answers: Any) -> Project:
    """An app folder with a `.copier-answers.yml` (the answers a Tracks app records)."""
    root.mkdir(parents=True, exist_ok=True)
    recorded: dict[str, Any] = {
        "_commit": "v0.1.0",
        "_src_path": "/nowhere/tracks",
        "project_name": "shop",
        "env_prefix": "SHOP",
        "module_path": "example.com/shop",
        "database": "sqlite3",
        **answers,
    }
    (root / ".copier-answers.yml").write_text(yaml.safe_dump(recorded), encoding="utf-8")
    project = find_project(root)
    assert project is not None
    return project


@pytest.fixture
def app_factory(tmp_path: Path) -> Callable[..., Project]:
    """``app_factory(**answers)``: a fresh app folder under tmp_path."""
    count = 0

    def make(**answers: Any) -> Project:
        nonlocal count
        count += 1
        return make_app(tmp_path / f"app{count}", **answers)

    return make


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No SHOP_* variables from the test session (tests/conftest.py sets one)."""
    import os

    for key in list(os.environ):
        if key.startswith("SHOP_"):
            monkeypatch.delenv(key)
    return monkeypatch
