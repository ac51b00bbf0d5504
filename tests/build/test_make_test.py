"""Build tier: in a postgres app `make test` runs every test on the server the app is configured
with (database `<name>_test`), and a bare `go test` that skips says why once per test binary."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from plumbum import local

from tests.support import postgres
from tests.support.paths import only_with

pytestmark = pytest.mark.build

PREFIX = "SHOP"
NOTICE = f"dbtest: {PREFIX}_TEST_DATABASE_URL is not set"


def without_test_database(**extra: str) -> dict[str, str]:
    """Our environment without the tests' database variables (pytest_configure sets one)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in (f"{PREFIX}_TEST_DATABASE_URL", f"{PREFIX}_TEST_ENV_FILE")
    }
    return {**env, **extra}


def run_clean(app: Path, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run with exactly env (gocmd.run would add ours back), stdout and stderr together."""
    program, *rest = args
    with local.cwd(app), local.env(**env):
        for name in (f"{PREFIX}_TEST_DATABASE_URL", f"{PREFIX}_TEST_ENV_FILE"):
            if name not in env:
                local.env.pop(name, None)
        code, out, err = local[program][tuple(rest)].run(retcode=None, timeout=900)
    return code, out + err


def set_database_url(app: Path, url: str) -> None:
    """Point the app's .env at url, as a developer does for their own server."""
    dotenv = app / ".env"
    pattern = re.compile(rf"^{PREFIX}_DATABASE_URL=.*$", re.M)
    dotenv.write_text(pattern.sub(f"{PREFIX}_DATABASE_URL={url}", dotenv.read_text()))


def database_exists(name: str) -> bool:
    sql = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    return local["psql"][postgres.admin_url(), "-tAc", sql]().strip() == "1"


@pytest.fixture
def fresh_database_name() -> Iterator[str]:
    """A development database name; it and its `_test` twin are dropped after the test."""
    name = f"shop_make_{secrets.token_hex(5)}"
    yield name
    for db in (name, f"{name}_test"):
        local["psql"][postgres.admin_url(), "-c", f"DROP DATABASE IF EXISTS {db}"]()


@only_with("postgres")
def test_make_test_runs_every_test_on_the_server_env_names(
    app_copy: Callable[[str], Path], fresh_database_name: str
) -> None:
    app = app_copy("postgres")
    set_database_url(app, postgres.with_database(postgres.admin_url(), fresh_database_name))

    code, out = run_clean(app, "make", "test", env=without_test_database(GOFLAGS="-v -count=1"))

    assert code == 0, out[-5000:]
    skipped = re.findall(r"^\s*--- SKIP: .*$", out, re.M)
    assert not skipped, "make test skipped:\n" + "\n".join(skipped)
    assert NOTICE not in out
    assert "--- PASS: TestConcurrentMigrationsApplyEachVersionOnce" in out, out[-5000:]
    assert database_exists(f"{fresh_database_name}_test"), "the tests' database was created"
    assert not database_exists(fresh_database_name), "the development database was touched"


@only_with("postgres")
def test_make_test_fails_rather_than_skips_without_a_server(
    app_copy: Callable[[str], Path],
) -> None:
    app = app_copy("postgres")
    set_database_url(app, "postgres://nobody:pw@127.0.0.1:1/none?sslmode=disable")

    code, out = run_clean(app, "make", "test", env=without_test_database(GOFLAGS="-count=1"))

    assert code != 0, out[-3000:]
    assert "FAIL" in out and "--- SKIP" not in out


@only_with("postgres")
def test_bare_go_test_explains_its_skips_once_per_test_binary(
    rendered_app: Callable[[str], Path],
) -> None:
    app = rendered_app("postgres")
    code, out = run_clean(app, "go", "test", "-count=1", "-v", "./...", env=without_test_database())
    assert code == 0, out[-5000:]

    # Split the output by package: each binary's lines end with its ok/FAIL line.
    skipping_packages, notices = 0, 0
    for chunk in re.split(r"^(?:ok|FAIL|\?)\s+\S+.*$", out, flags=re.M):
        skips = len(re.findall(r"^\s*--- SKIP: ", chunk, re.M))
        count = chunk.count(NOTICE)
        assert count == (1 if skips else 0), f"{count} notices for {skips} skips:\n{chunk[-3000:]}"
        skipping_packages += bool(skips)
        notices += count
    assert skipping_packages >= 3, out[-5000:]
    assert notices == skipping_packages
    assert "make test" in out
