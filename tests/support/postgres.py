"""The PostgreSQL server the suite talks to (started by .ci/setup on loopback)."""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

from plumbum import local

# The role .ci/setup creates; the password is distinctive so log tests can look for it.
DEFAULT_URL = "postgres://tracks:tracks-secret-pw@127.0.0.1:5432/tracks_test?sslmode=disable"
PASSWORD_MARKER = "tracks-secret-pw"


def admin_url() -> str:
    return os.environ.get("TRACKS_TEST_POSTGRES_URL", DEFAULT_URL)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def fresh_database() -> str:
    """Create an empty database and return its URL; fail clearly when there is no server."""
    name = f"shop_{secrets.token_hex(5)}"
    code, _, err = local["psql"][
        admin_url(), "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"
    ].run(retcode=None)
    if code != 0:
        raise AssertionError(
            f"cannot create a database on {admin_url()}: {err.strip()}\n"
            "start PostgreSQL with `bash .ci/setup` or set TRACKS_TEST_POSTGRES_URL"
        )
    return with_database(admin_url(), name)
