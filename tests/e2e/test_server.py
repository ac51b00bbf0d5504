"""e2e tier: the built binaries migrate a real database, serve the probes and stop cleanly."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import appenv, postgres, server
from tests.support.gocmd import run
from tests.support.paths import only_with

pytestmark = pytest.mark.e2e

PREFIX = "SHOP"
SECRET = "e2e-secret-key-0123456789abcdef-0123456789abcdef"


def migrate(app: Path, env: dict[str, str], *args: str) -> str:
    _, out, _ = run(app, str(app / "bin/migrate"), *args, env=env)
    return out


def states(app: Path, env: dict[str, str]) -> list[str]:
    return [entry["state"] for entry in json.loads(migrate(app, env, "status", "--json"))]


def tables(app: Path, env: dict[str, str], driver: str) -> list[str]:
    """The columns the migrations created, read back through the database's own catalogue."""
    url = env[f"{PREFIX}_DATABASE_URL"]
    if driver == "postgres":
        sql = (
            "SELECT table_name || '.' || column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'goose_db_version' "
            "ORDER BY 1"
        )
        out = subprocess.run(["psql", url, "-tAc", sql], check=True, capture_output=True, text=True)
        return out.stdout.split()
    import sqlite3

    path = url.removeprefix("file:").split("?")[0]
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p "
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
            "AND m.name <> 'goose_db_version' "
            "ORDER BY 1"
        ).fetchall()
    return [r[0] for r in rows]


def test_migrate_up_down_up(
    built_app: Callable[[str], Path], database_env: Callable[[str], dict[str, str]], driver: str
) -> None:
    app = built_app(driver)
    env = {**database_env(driver), f"{PREFIX}_ENVIRONMENT": "test"}
    assert set(states(app, env)) == {"pending"}
    migrate(app, env, "up")
    assert set(states(app, env)) == {"applied"}
    first = tables(app, env, driver)
    assert "sessions.token" in first and "app_settings.key" in first
    migrate(app, env, "down", "--to", "0")
    assert set(states(app, env)) == {"pending"}
    assert tables(app, env, driver) == []
    migrate(app, env, "up")
    assert tables(app, env, driver) == first


def start_server(app: Path, env: dict[str, str], tmp_path: Path) -> server.RunningServer:
    return server.start(app / "bin/server", app, PREFIX, env, tmp_path / "server.log")


def test_server_starts_serves_probes_and_stops_on_sigterm(
    built_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
    tmp_path: Path,
) -> None:
    """On the SQLite drivers a fresh render starts with no setup at all: .env and defaults."""
    app = built_app(driver)
    env = database_env(driver) if driver == "postgres" else {}
    running = start_server(app, env, tmp_path)
    try:
        ready = running.wait_until("/readyz", 200)
        assert json.loads(ready.body) == {"status": "ok"}
        live = server.get(running.url("/healthz"))
        assert live.status == 200 and json.loads(live.body) == {"status": "ok"}
        assert live.headers.get("Cache-Control") == "no-store"
    finally:
        code = running.terminate()
    assert code == 0, running.log()
    assert "shutdown complete" in running.log()
    assert postgres.PASSWORD_MARKER not in running.log(), "the database password reached the log"


@only_with("postgres")
def test_readyz_is_503_while_postgres_is_unreachable(
    built_app: Callable[[str], Path], tmp_path: Path
) -> None:
    app = built_app("postgres")
    env = {
        f"{PREFIX}_ENVIRONMENT": "production",
        f"{PREFIX}_SECRET_KEY": SECRET,
        f"{PREFIX}_DATABASE_URL": "postgres://app:dead-port-pw@127.0.0.1:1/shop?sslmode=disable",
        f"{PREFIX}_DATABASE_CONNECT_TIMEOUT": "1s",
        **appenv.production_required(PREFIX),
    }
    running = start_server(app, env, tmp_path)
    try:
        assert running.wait_until("/healthz", 200).status == 200
        not_ready = server.get(running.url("/readyz"))
        assert not_ready.status == 503
        assert b"dead-port" not in not_ready.body and b"127.0.0.1:1" not in not_ready.body
    finally:
        assert running.terminate() == 0, running.log()
    assert "dead-port-pw" not in running.log()


@only_with("go-libsql")
def test_invalid_configuration_exits_one_naming_every_variable(
    built_app: Callable[[str], Path],
) -> None:
    app = built_app("go-libsql")
    env = {f"{PREFIX}_LOG_LEVEL": "loud", f"{PREFIX}_SERVER_ADDR": "no-port-here"}
    code, _, err = run(app, str(app / "bin/server"), env=env, check=False, timeout=60)
    assert code == 1, err
    assert f"{PREFIX}_LOG_LEVEL" in err and f"{PREFIX}_SERVER_ADDR" in err, err


@only_with("go-libsql")
def test_production_refuses_the_example_secret(built_app: Callable[[str], Path]) -> None:
    app = built_app("go-libsql")
    example = next(
        line.split("=", 1)[1]
        for line in (app / ".env.example").read_text().splitlines()
        if line.startswith(f"{PREFIX}_SECRET_KEY=")
    )
    env = {f"{PREFIX}_ENVIRONMENT": "production", f"{PREFIX}_SECRET_KEY": example}
    code, _, err = run(app, str(app / "bin/server"), env=env, check=False, timeout=60)
    assert code != 0
    assert f"{PREFIX}_SECRET_KEY" in err and example not in err


@only_with("go-libsql")
def test_sigterm_lets_an_in_flight_request_finish(
    built_app: Callable[[str], Path], tmp_path: Path
) -> None:
    """A request that is mid-upload when SIGTERM arrives still gets its answer; exit code 0."""
    import http.client
    import signal
    import time

    app = built_app("go-libsql")
    env = {
        f"{PREFIX}_ENVIRONMENT": "production",
        f"{PREFIX}_SECRET_KEY": SECRET,
        f"{PREFIX}_DATABASE_URL": f"file:{tmp_path / 'drain.db'}",
        f"{PREFIX}_DATABASE_MIGRATE_ON_START": "true",
        **appenv.production_required(PREFIX),
    }
    running = start_server(app, env, tmp_path)
    running.wait_until("/readyz", 200)
    body = b"name=Ada&email=ada%40example.com&message=" + b"x" * 1000
    conn = http.client.HTTPConnection(running.base_url.removeprefix("http://"), timeout=30)
    conn.putrequest("POST", "/contact")
    for key, value in {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
        "Sec-Fetch-Site": "same-origin",
    }.items():
        conn.putheader(key, value)
    conn.endheaders()
    conn.send(body[:100])
    time.sleep(0.3)  # the server is now reading this request's body
    running.process.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    conn.send(body[100:])
    resp = conn.getresponse()
    assert resp.status == 303, resp.read()
    conn.close()
    assert running.terminate() == 0, running.log()
    assert "shutdown complete" in running.log()
