"""tracks/workbench/schema.py on real SQLite files (made here with the SQL the app's migrations
use), and the parts of the PostgreSQL path that need no server (the e2e tier reads a real one)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from model.errors import TracksError
from tests.unit.workbench.conftest import make_app
from tracks.workbench.schema import (
    app_database_url,
    default_url,
    describe_schema,
    libpq_url,
    redact,
    sqlite_path,
)

pytestmark = pytest.mark.unit

SQL = """
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    phone TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    views INTEGER DEFAULT 0
);
CREATE INDEX posts_user_id_idx ON posts (user_id, title);
CREATE INDEX posts_lower_title_idx ON posts (lower(title));
INSERT INTO users VALUES ('u1', 'a@example.com', 'A', NULL, '2026-01-01');
INSERT INTO posts (user_id, title) VALUES ('u1', 'one'), ('u1', 'two'), ('u1', 'three');
"""


def make_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")  # as the app opens it
    conn.executescript(SQL)
    conn.close()


@pytest.mark.parametrize("driver", ["sqlite3", "go-libsql"])
def test_tables_columns_indexes_and_rows(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, driver: str
) -> None:
    project = make_app(tmp_path / "shop", database=driver)
    make_database(tmp_path / "shop/data/shop.db")
    (tmp_path / "shop/.env").write_text("SHOP_DATABASE_URL=file:./data/shop.db?_foreign_keys=on\n")

    schema = describe_schema(project)

    assert schema.driver == driver
    assert schema.location == str(tmp_path / "shop/data/shop.db")
    assert [t.name for t in schema.tables] == ["posts", "users"]  # sqlite_sequence left out
    users, posts = schema.table("users"), schema.table("posts")
    assert users is not None and posts is not None
    assert (users.rows, posts.rows) == (1, 3)
    assert users.schema is None
    columns = {c.name: c for c in users.columns}
    assert [c.name for c in users.columns] == ["id", "email", "display_name", "phone", "created_at"]
    assert columns["id"].primary_key and not columns["id"].nullable
    assert not columns["email"].nullable and not columns["email"].primary_key
    assert columns["phone"].nullable
    assert columns["display_name"].default == "''"
    assert columns["created_at"].type == "TIMESTAMP"
    indexes = {i.name: i for i in posts.indexes}
    assert indexes["posts_user_id_idx"].columns == ("user_id", "title")
    assert not indexes["posts_user_id_idx"].unique
    assert indexes["posts_lower_title_idx"].columns == ("<expression>",)
    unique = [i for i in users.indexes if i.unique]
    assert {i.columns for i in unique} == {("id",), ("email",)}
    assert [i.primary for i in unique if i.columns == ("id",)] == [True]
    assert schema.table("nothing") is None


def test_the_environment_wins_over_dotenv_and_the_default(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    project = make_app(tmp_path / "shop")
    config = tmp_path / "shop/internal/config"
    config.mkdir(parents=True)
    (config / "defaults_sqlite3.go").write_text(
        'package config\n\nconst defaultDatabaseURL = "file:./data/default.db?_txlock=immediate"\n'
    )
    assert default_url(project) == "file:./data/default.db?_txlock=immediate"
    url, source = app_database_url(project)
    assert url == "file:./data/default.db?_txlock=immediate"
    assert "default" in source

    (tmp_path / "shop/.env").write_text("SHOP_DATABASE_URL=file:./data/dotenv.db\n")
    assert app_database_url(project)[0] == "file:./data/dotenv.db"
    absolute = tmp_path / "elsewhere.db"
    clean_env.setenv("SHOP_DATABASE_URL", f"file:{absolute}")
    assert app_database_url(project) == (f"file:{absolute}", "$SHOP_DATABASE_URL")
    make_database(absolute)
    assert describe_schema(project).location == str(absolute)


def test_sqlite_paths(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop")
    root = tmp_path / "shop"
    assert sqlite_path(project, "file:./data/a.db?x=1") == root / "data/a.db"
    assert sqlite_path(project, "file:data/a.db") == root / "data/a.db"
    assert sqlite_path(project, "file:///srv/a.db") == Path("/srv/a.db")
    assert sqlite_path(project, "/srv/b.db") == Path("/srv/b.db")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("libsql://shop-me.turso.io?authToken=x", "remote libSQL"),
        ("https://shop.example.com", "remote libSQL"),
        ("file::memory:?cache=shared", "in memory"),
        ("file:./data/missing.db", "does not exist yet"),
    ],
)
def test_databases_that_cannot_be_read(tmp_path: Path, url: str, words: str) -> None:
    project = make_app(tmp_path / "shop")
    with pytest.raises(TracksError) as err:
        describe_schema(project, url)
    assert err.value.exit_code == 1
    assert words in err.value.message


def test_a_file_that_is_no_database(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop")
    (tmp_path / "shop/junk.db").write_text("this is not a database file, not at all\n" * 20)
    with pytest.raises(TracksError) as err:
        describe_schema(project, "file:./junk.db")
    assert err.value.exit_code == 1


def test_unknown_driver(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop", database="oracle")
    with pytest.raises(TracksError) as err:
        describe_schema(project, "file:./x.db")
    assert err.value.exit_code == 2


def test_postgres_needs_psql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_app(tmp_path / "shop", database="postgres")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(TracksError) as err:
        describe_schema(project, "postgres://u:secret@127.0.0.1:5432/shop")
    assert err.value.exit_code == 1
    assert "psql not found" in err.value.message
    assert err.value.hint and "postgresql-client" in err.value.hint


def test_postgres_urls_for_psql_and_for_people() -> None:
    url = "postgres://u:s3cret@db:5432/shop?sslmode=disable&pool_max_conns=8&pool_min_conns=1"
    assert libpq_url(url) == "postgres://u:s3cret@db:5432/shop?sslmode=disable"
    assert libpq_url("host=db port=5432 dbname=shop") == "host=db port=5432 dbname=shop"
    assert redact(url).startswith("postgres://u:xxxxx@db:5432/shop?")
    assert "s3cret" not in redact(url)
    assert redact("file:./data/shop.db") == "file:./data/shop.db"


def test_postgres_server_that_does_not_answer(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop", database="postgres")
    with pytest.raises(TracksError) as err:
        describe_schema(project, "postgres://nobody:hunter2secret@127.0.0.1:1/none?sslmode=disable")
    assert err.value.exit_code == 1
    assert "postgres://nobody:xxxxx@127.0.0.1:1/none" in err.value.message
    assert "hunter2secret" not in err.value.message
