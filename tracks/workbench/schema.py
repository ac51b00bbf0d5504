"""The app's database as it is: tables, columns, indexes and row counts, read-only.

The database is the one the app uses here: ``<PREFIX>_DATABASE_URL`` from the environment,
else from the app's ``.env`` (:func:`tracks.commands.doctor.database_url`), else the app's own
default (``defaultDatabaseURL`` in ``internal/config/defaults_<driver>.go``).

- go-libsql and sqlite3 keep a file in SQLite's format (``file:./data/shop.db?...``, relative
  to the app root). Python's sqlite3 opens it read-only (``mode=ro``), which a running app does
  not mind (WAL). A remote libSQL server (``libsql://``, ``https://``) is not read.
- postgres is asked through ``psql`` (the PostgreSQL client; no Python driver is needed): one
  query over the catalogs, for the schemas on the search path, that returns JSON. It never
  prompts for a password (``-w``) and gives up connecting after :data:`CONNECT_TIMEOUT`.

Row counts are exact (``count(*)``), which is quick for the tables of an app in development.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hooks import runner
from model.errors import TracksError
from model.fields import DRIVERS
from tracks.commands.doctor import database_url
from tracks.project import Project

CONNECT_TIMEOUT = 5
QUERY_TIMEOUT = 60.0
CONFIG_FOLDER = "internal/config"
_DEFAULT_URL = re.compile(r'^const\s+defaultDatabaseURL\s*=\s*"(?P<url>[^"]*)"', re.M)
#: Tables SQLite keeps for itself.
_SQLITE_INTERNAL = ("sqlite_", "libsql_")
#: Query parameters of the app's postgres URL that pgx reads and libpq (psql) refuses.
_PGX_ONLY = re.compile(
    r"^(pool_\w+|default_query_exec_mode|statement_cache_capacity|description_cache_capacity)$"
)


@dataclass(frozen=True)
class Column:
    name: str
    #: As declared (SQLite: ``TEXT``, ``TIMESTAMP``; postgres: ``character varying(255)``).
    type: str
    #: False for NOT NULL columns and primary keys.
    nullable: bool
    primary_key: bool
    #: The default expression as the database shows it (``'active'``, ``now()``), or None.
    default: str | None = None


@dataclass(frozen=True)
class Index:
    name: str
    #: Columns (or expressions) in key order.
    columns: tuple[str, ...]
    unique: bool
    #: The primary key's own index.
    primary: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    indexes: tuple[Index, ...]
    rows: int
    #: The postgres schema (``public``); None on SQLite.
    schema: str | None = None


@dataclass(frozen=True)
class Schema:
    """The database of an app: its driver, where it is (a file, or a URL without its
    password) and its tables, sorted by name."""

    driver: str
    location: str
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)


def default_url(project: Project) -> str | None:
    """The app's built-in database URL (``defaultDatabaseURL`` of its config package)."""
    folder = project.root / CONFIG_FOLDER
    for path in sorted(folder.glob("defaults_*.go")) if folder.is_dir() else []:
        m = _DEFAULT_URL.search(path.read_text(encoding="utf-8", errors="replace"))
        if m:
            return m["url"]
    return None


def app_database_url(project: Project) -> tuple[str, str]:
    """The URL the app uses here and where it came from (``$SHOP_DATABASE_URL``, ``.env``,
    ``default``). Raises TracksError (exit code 1) when there is none at all."""
    url, source = database_url(project)
    if url:
        return url, source
    fallback = default_url(project)
    if fallback:
        return fallback, f"the app's default ({CONFIG_FOLDER})"
    raise TracksError(
        f"no database URL: {project.env_prefix}_DATABASE_URL is not set and the app has no "
        "defaultDatabaseURL",
        hint=f"set {project.env_prefix}_DATABASE_URL in .env or the environment",
        exit_code=1,
    )


def sqlite_path(project: Project, url: str) -> Path:
    """The file of a SQLite/libSQL URL, relative ones at the app root, as the app opens it.
    Raises TracksError (exit code 1) for a database that is no local file."""
    if url.startswith(("libsql:", "http:", "https:", "ws:", "wss:")):
        raise TracksError(
            f"the database is a remote libSQL server ({redact(url)}): only a local file is read",
            hint="point <PREFIX>_DATABASE_URL at the local file (an embedded replica keeps one)",
            exit_code=1,
        )
    path = url.removeprefix("file:").split("?", 1)[0]
    if path.startswith("//"):
        path = path[2:]
    if not path or path.startswith(":memory:") or "mode=memory" in url:
        raise TracksError(f"the database {url!r} is in memory: nothing to read", exit_code=1)
    file = Path(path)
    return file if file.is_absolute() else project.root / file


def redact(url: str) -> str:
    """The URL without its password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":xxxxx@", 1)
    return parts._replace(netloc=netloc).geturl()


def describe_schema(project: Project, url: str | None = None) -> Schema:
    """Tables, columns, indexes and row counts of the app's database (``url``, default: the
    app's, :func:`app_database_url`).

    Raises TracksError (exit code 1) when the database cannot be read: no file yet, the server
    cannot be reached, ``psql`` is missing; exit code 2 for an unknown driver.
    """
    url = url or app_database_url(project)[0]
    dialect = DRIVERS.get(project.database)
    if dialect == "sqlite":
        return describe_sqlite(project.database, sqlite_path(project, url))
    if dialect == "postgres":
        return describe_postgres(url)
    raise TracksError(
        f"unknown database driver {project.database!r} in .copier-answers.yml",
        hint=f"expected one of {', '.join(DRIVERS)}",
    )


# SQLite -----------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def describe_sqlite(driver: str, path: Path) -> Schema:
    """The schema of the SQLite file ``path``, opened read-only."""
    if not path.is_file():
        raise TracksError(
            f"the database {path} does not exist yet",
            hint="`tracks db migrate` creates it",
            exit_code=1,
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise TracksError(f"cannot open {path}: {exc}", exit_code=1) from exc
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not str(row[0]).startswith(_SQLITE_INTERNAL)
        ]
        tables = tuple(_sqlite_table(conn, name) for name in names)
    except sqlite3.Error as exc:
        raise TracksError(f"cannot read {path}: {exc}", exit_code=1) from exc
    finally:
        conn.close()
    return Schema(driver, str(path), tables)


def _sqlite_table(conn: sqlite3.Connection, name: str) -> Table:
    quoted = _quote(name)
    columns = tuple(
        Column(
            name=str(col_name),
            type=str(col_type),
            nullable=not notnull and not pk,
            primary_key=bool(pk),
            default=None if default is None else str(default),
        )
        for _, col_name, col_type, notnull, default, pk in conn.execute(
            f"PRAGMA table_info({quoted})"
        )
    )
    indexes = []
    for _, index_name, unique, origin, *_ in conn.execute(f"PRAGMA index_list({quoted})"):
        keys = conn.execute(f"PRAGMA index_info({_quote(str(index_name))})").fetchall()
        indexes.append(
            Index(
                name=str(index_name),
                columns=tuple(str(col) if col is not None else "<expression>" for *_, col in keys),
                unique=bool(unique),
                primary=origin == "pk",
            )
        )
    (rows,) = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()
    return Table(name, columns, tuple(sorted(indexes, key=lambda i: i.name)), int(rows))


# PostgreSQL -------------------------------------------------------------------------------

#: One JSON document: every table of the schemas on the search path, with its columns, indexes
#: and exact row count (query_to_xml runs a count per table inside the one statement).
POSTGRES_QUERY = """
WITH t AS (
  SELECT c.oid, n.nspname AS schema, c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (current_schemas(false))
)
SELECT coalesce(json_agg(json_build_object(
  'schema', t.schema,
  'name', t.name,
  'columns', (
    SELECT coalesce(json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'not_null', a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'primary_key', coalesce(a.attnum = ANY (pk.indkey::int2[]), false)
    ) ORDER BY a.attnum), '[]'::json)
    FROM pg_attribute a
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_index pk ON pk.indrelid = a.attrelid AND pk.indisprimary
    WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
  ),
  'indexes', (
    SELECT coalesce(json_agg(json_build_object(
      'name', ic.relname,
      'unique', i.indisunique,
      'primary', i.indisprimary,
      'columns', (
        SELECT json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k)
        FROM generate_series(1, i.indnkeyatts) AS k
      )
    ) ORDER BY ic.relname), '[]'::json)
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE i.indrelid = t.oid
  ),
  'rows', (xpath('/row/c/text()', query_to_xml(
    format('SELECT count(*) AS c FROM %I.%I', t.schema, t.name), false, true, '')))[1]::text::bigint
) ORDER BY t.schema, t.name), '[]'::json)
FROM t
"""


def libpq_url(url: str) -> str:
    """The app's postgres URL as psql reads it: pgx-only parameters (``pool_max_conns``, ...)
    left out; a key/value DSN is passed as it is."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not _PGX_ONLY.match(pair.split("=", 1)[0])
    ]
    return parts._replace(query="&".join(kept)).geturl()


def describe_postgres(url: str) -> Schema:
    """The schema of the postgres database ``url``, through ``psql``."""
    argv = ["psql", "-X", "-q", "-A", "-t", "-w", "-v", "ON_ERROR_STOP=1"]
    argv += ["-d", libpq_url(url), "-c", POSTGRES_QUERY]
    hint = "install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client)"
    result = runner.capture(
        argv, timeout=QUERY_TIMEOUT, hint=hint, env={"PGCONNECT_TIMEOUT": str(CONNECT_TIMEOUT)}
    )
    if not result.ok:
        detail = result.stderr.strip() or result.output or f"psql exited with {result.code}"
        raise TracksError(
            f"cannot read the database {redact(url)}: {detail}",
            hint="is the server running and the database migrated? (`tracks doctor`, "
            "`tracks db migrate`)",
            exit_code=1,
        )
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise TracksError(
            f"psql printed something else than the schema: {result.stdout[:300]}", exit_code=1
        ) from exc
    return Schema("postgres", redact(url), tuple(_postgres_table(t) for t in data))


def _postgres_table(data: dict[str, Any]) -> Table:
    columns = tuple(
        Column(
            name=str(c["name"]),
            type=str(c["type"]),
            nullable=not c["not_null"] and not c["primary_key"],
            primary_key=bool(c["primary_key"]),
            default=c["default"],
        )
        for c in data["columns"]
    )
    indexes = tuple(
        Index(
            name=str(i["name"]),
            columns=tuple(str(col) for col in i["columns"] or ()),
            unique=bool(i["unique"]),
            primary=bool(i["primary"]),
        )
        for i in data["indexes"]
    )
    return Table(str(data["name"]), columns, indexes, int(data["rows"]), str(data["schema"]))
