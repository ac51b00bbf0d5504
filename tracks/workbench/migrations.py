"""The app's migrations: which are applied and which pending, and ``migrate up``.

Both go through the app's own ``./cmd/migrate`` as ``tracks db`` does
(:mod:`tracks.commands.db`): the CLI never reimplements goose. The program is built quietly
(its build output goes into the error when it fails) and reads the database URL from the app's
environment and ``.env``, like the app itself. Its ``status --json`` lists each migration as
``{"version", "file", "state", "applied_at"}``; goose's states are ``applied``, ``pending``
and ``untracked`` (applied, but its file is gone).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from model.errors import TracksError
from tracks.commands import db
from tracks.project import Project
from tracks.workbench.process import CommandResult, OnLine, run_lines

_FILE = re.compile(r"^(?P<version>\d+)_(?P<name>.+?)(?:\.sql|\.go)?$")


@dataclass(frozen=True)
class Migration:
    """One migration as goose sees it."""

    version: int
    #: The file name without its version and extension: ``create_posts``.
    name: str
    file: str
    #: ``applied``, ``pending`` or ``untracked``.
    state: str
    #: UTC, ``2026-01-31T12:00:00Z``; None when not applied.
    applied_at: str | None

    @property
    def applied(self) -> bool:
        return self.state != "pending"


@dataclass(frozen=True)
class MigrationStatus:
    """Every migration, oldest first."""

    migrations: tuple[Migration, ...]

    @property
    def pending(self) -> tuple[Migration, ...]:
        return tuple(m for m in self.migrations if m.state == "pending")

    @property
    def applied(self) -> tuple[Migration, ...]:
        return tuple(m for m in self.migrations if m.applied)

    @property
    def current_version(self) -> int | None:
        """The newest applied version; None when nothing is applied."""
        versions = [m.version for m in self.applied]
        return max(versions) if versions else None


def parse_status(text: str) -> MigrationStatus:
    """``./cmd/migrate status --json`` output, read. Raises TracksError (exit code 1) when it
    is not that."""
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TracksError(
            f"`migrate status --json` printed something else than JSON: {text[:300]}",
            exit_code=1,
        ) from exc
    if not isinstance(entries, list):
        raise TracksError("`migrate status --json` did not print a list", exit_code=1)
    return MigrationStatus(tuple(_migration(entry) for entry in entries))


def _migration(entry: Any) -> Migration:
    if not isinstance(entry, dict) or "version" not in entry or "file" not in entry:
        raise TracksError(f"unexpected migration status entry: {entry!r}", exit_code=1)
    file = str(entry["file"])
    m = _FILE.match(file)
    return Migration(
        version=int(entry["version"]),
        name=m["name"] if m else file,
        file=file,
        state=str(entry.get("state") or "pending"),
        applied_at=str(entry["applied_at"]) if entry.get("applied_at") else None,
    )


def migration_status(project: Project) -> MigrationStatus:
    """The state of each migration, from ``./cmd/migrate status --json``.

    Raises TracksError: exit code 2 when the app has no ``./cmd/migrate``; 1 when Go is
    missing, the build fails or the program fails (the database cannot be reached, say), with
    its output.
    """
    result = db.capture_migrate(project, db.status_args(json_output=True))
    if not result.ok:
        raise TracksError(
            f"`migrate status` exited with status {result.code}:\n{result.output}",
            hint="check the database settings (<PREFIX>_DATABASE_URL, `tracks doctor`)",
            exit_code=1,
        )
    return parse_status(result.stdout)


def migrate_up(
    project: Project,
    steps: int | None = None,
    to: str | None = None,
    on_line: OnLine | None = None,
) -> CommandResult:
    """Apply pending migrations: ``tracks db migrate [--steps N | --to V]`` (the same
    arguments, :func:`tracks.commands.db.migrate_args`), with the program's output handed to
    ``on_line`` as it comes.

    Returns the program's exit code and output. Raises TracksError for what stops it before it
    runs: no ``./cmd/migrate`` (2), no Go or a failed build (1).
    """
    with db.built_program(project, db.MIGRATE_PACKAGE, db.MIGRATE_HINT, quiet=True) as binary:
        return run_lines(
            [binary, *db.migrate_args(steps=steps, to=to)], cwd=project.root, on_line=on_line
        )
