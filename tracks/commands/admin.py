"""``tracks admin ...``: run the app's own admin program (``./cmd/admin``) at the project root.

Users, roles, permissions and the audit trail are the app's business, so the CLI only passes
the arguments through: ``tracks admin roles grant --email E --role admin`` runs
``./cmd/admin roles grant --email E --role admin``. Like ``tracks db``, it builds the program
with ``go build`` and runs the binary, so the program's exit code (0 ok, 1 failure, 2 usage)
comes back unchanged; ``go run`` would turn every non-zero exit into 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tracks.commands.db import run_app_program
from tracks.project import require_project

ADMIN_PACKAGE = "./cmd/admin"


def run_admin(args: Sequence[str], cwd: Path | None = None) -> int:
    """Build ``./cmd/admin`` of the project around ``cwd`` and run it with ``args`` at its root.

    Returns the program's exit code. Raises TracksError when the project has no admin program
    (exit 2), or Go is missing or the build fails (exit 1).
    """
    return run_app_program(
        require_project(cwd),
        ADMIN_PACKAGE,
        args,
        "apps generated before users and roles existed have none; `tracks update` adds it",
    )
