"""e2e tier: `tracks db` drives the app's cmd/migrate against a real database."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from plumbum import local

pytestmark = pytest.mark.e2e


def tracks(app: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    with local.cwd(app / "internal"), local.env(**{**os.environ, **env}):
        return local["tracks"][args].run(retcode=None, timeout=600)


def states(app: Path, env: dict[str, str]) -> list[str]:
    code, out, err = tracks(app, env, "db", "status", "--json")
    assert code == 0, err
    return [entry["state"] for entry in json.loads(out)]


def test_migrate_status_rollback_status(
    app_copy: Callable[[str], Path], database_env: Callable[[str], dict[str, str]], driver: str
) -> None:
    """Run from a subfolder: the CLI finds the app root through .copier-answers.yml."""
    app = app_copy(driver)
    env = {**database_env(driver), "SHOP_ENVIRONMENT": "test"}
    assert set(states(app, env)) == {"pending"}
    code, _, err = tracks(app, env, "db", "migrate")
    assert code == 0, err
    assert set(states(app, env)) == {"applied"}
    code, _, err = tracks(app, env, "db", "rollback")
    assert code == 0, err
    after = states(app, env)
    assert after[-1] == "pending" and set(after[:-1]) <= {"applied"}


def test_exit_codes_pass_through(app_copy: Callable[[str], Path], driver: str) -> None:
    app = app_copy(driver)
    code, _, err = tracks(app, {}, "db", "create", "Add-Users")
    assert code == 2, err
    assert "Add-Users" in err
