"""e2e tier: on a fresh PostgreSQL server the first `tracks db migrate` creates the database the
app's URL names (the role may: .ci/setup gives it CREATEDB), as `rails db:prepare` does."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from plumbum import local

from tests.support import postgres
from tests.support.paths import only_with

pytestmark = pytest.mark.e2e

PREFIX = "SHOP"


def tracks(app: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    with local.cwd(app), local.env(**{**os.environ, **env}):
        return local["tracks"][args].run(retcode=None, timeout=600)


def database_exists(name: str) -> bool:
    sql = f"SELECT count(*) FROM pg_database WHERE datname = '{name}'"
    out = local["psql"][postgres.admin_url(), "-tAc", sql]()
    return out.strip() == "1"


@pytest.fixture
def missing_database() -> Iterator[str]:
    """A database name nobody has created; dropped after the test if it came to exist."""
    name = f"shop_new_{secrets.token_hex(5)}"
    assert not database_exists(name)
    yield name
    local["psql"][postgres.admin_url(), "-c", f"DROP DATABASE IF EXISTS {name}"]()


@only_with("postgres")
def test_first_migrate_creates_the_database(
    app_copy: Callable[[str], Path], missing_database: str
) -> None:
    app = app_copy("postgres")
    env = {
        f"{PREFIX}_ENVIRONMENT": "test",
        f"{PREFIX}_DATABASE_URL": postgres.with_database(postgres.admin_url(), missing_database),
    }

    code, out, err = tracks(app, env, "db", "status")
    assert code == 1, (out, err)
    assert f'database "{missing_database}" does not exist' in err, err
    assert "tracks db migrate" in err, "the error says which command creates it"
    assert not database_exists(missing_database), "status must not create it"

    code, out, err = tracks(app, env, "db", "migrate")
    assert code == 0, (out, err)
    created = [line for line in out.splitlines() if line.startswith("created database ")]
    assert len(created) == 1 and f"/{missing_database}?" in created[0], out
    assert postgres.PASSWORD_MARKER not in out
    assert "00001_create_sessions_and_settings.sql" in out
    assert database_exists(missing_database)

    code, out, err = tracks(app, env, "db", "migrate")
    assert code == 0, (out, err)
    assert "created database" not in out
    assert "nothing to do" in out
