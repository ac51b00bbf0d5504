"""e2e tier: a server started with ENVIRONMENT=production in the app folder, where the developer's
.env lies, takes nothing from that file."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import appenv, server
from tests.support.paths import only_with

pytestmark = pytest.mark.e2e

PREFIX = "SHOP"
SECRET = "e2e-production-secret-0123456789abcdef-0123456789"


def production_process_env(**settings: str) -> dict[str, str]:
    """Our environment without any SHOP_ variable, plus production and the given settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(f"{PREFIX}_")}
    env[f"{PREFIX}_ENVIRONMENT"] = "production"
    env.update({f"{PREFIX}_{k}": v for k, v in settings.items()})
    return env


@only_with("go-libsql")
def test_production_without_a_secret_exits_1_naming_it_although_env_has_one(
    built_app: Callable[[str], Path],
) -> None:
    app = built_app("go-libsql")
    assert f"{PREFIX}_SECRET_KEY=" in (app / ".env").read_text(), "the app's .env has a secret"
    proc = subprocess.Popen(
        [str(app / "bin/server")],
        cwd=app,
        env=production_process_env(SERVER_ADDR=f"127.0.0.1:{server.free_port()}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"the server started on .env's secret:\n{out}\n{err}") from None
    assert proc.returncode == 1, (out, err)
    assert f"{PREFIX}_SECRET_KEY: required in production" in err, err
    assert ".env was not read" in err, err


@only_with("go-libsql")
def test_production_with_its_variables_set_boots_on_them_not_on_env(
    built_app: Callable[[str], Path], tmp_path: Path
) -> None:
    app = built_app("go-libsql")
    database = tmp_path / "production.db"
    env = production_process_env(
        SECRET_KEY=SECRET,
        DATABASE_URL=f"file:{database}",
        DATABASE_MIGRATE_ON_START="true",
    )
    env.update(appenv.production_required(PREFIX))
    running = server.start(app / "bin/server", app, PREFIX, env, tmp_path / "server.log")
    try:
        running.wait_until("/readyz", 200)
    finally:
        assert running.terminate() == 0, running.log()
    starting = next(
        json.loads(line)
        for line in running.log().splitlines()
        if line.startswith("{") and json.loads(line).get("message") == "starting"
    )
    config = starting["config"]
    assert config["environment"] == "production"
    assert config["database"]["url"] == f"file:{database}", "the database came from .env"
    assert config["log"]["level"] == "info", "the log level came from .env"
    assert database.exists()
