"""Fixtures shared by the test tiers: rendered and built apps, cached per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import postgres
from tests.support.gocmd import run
from tests.support.paths import DRIVERS
from tests.support.render import answers, render

PREFIX = "SHOP"


@pytest.fixture(scope="session")
def rendered_app(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Render (once per session and driver) the app `shop` with default providers."""
    cache: dict[str, Path] = {}

    def get(driver: str) -> Path:
        if driver not in cache:
            dst = tmp_path_factory.mktemp(f"app-{driver}") / "shop"
            cache[driver] = render(dst, answers(driver))
        return cache[driver]

    return get


@pytest.fixture(scope="session")
def built_app(rendered_app: Callable[[str], Path]) -> Callable[[str], Path]:
    """A rendered app whose server and migrate binaries are built into bin/ (git-ignored)."""
    cache: dict[str, Path] = {}

    def get(driver: str) -> Path:
        if driver not in cache:
            app = rendered_app(driver)
            run(app, "go", "build", "-o", "bin/server", "./cmd/server")
            run(app, "go", "build", "-o", "bin/migrate", "./cmd/migrate")
            cache[driver] = app
        return cache[driver]

    return get


@pytest.fixture
def app_copy(rendered_app: Callable[[str], Path], tmp_path: Path) -> Callable[[str], Path]:
    """A private copy of a rendered app, for tests that change files."""

    def get(driver: str) -> Path:
        dst = tmp_path / driver / "shop"
        shutil.copytree(rendered_app(driver), dst, symlinks=True)
        return dst

    return get


@pytest.fixture
def database_env(tmp_path: Path) -> Callable[[str], dict[str, str]]:
    """Environment variables that give the app a fresh database of its own."""

    def get(driver: str) -> dict[str, str]:
        if driver == "postgres":
            url = postgres.fresh_database()
        else:
            url = f"file:{tmp_path / 'data' / 'shop.db'}"
        return {f"{PREFIX}_DATABASE_URL": url}

    return get


@pytest.fixture(params=DRIVERS)
def driver(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def pytest_configure(config: pytest.Config) -> None:
    # The app's postgres tests read this; every render in the suite uses the prefix SHOP.
    os.environ.setdefault(f"{PREFIX}_TEST_DATABASE_URL", postgres.admin_url())
