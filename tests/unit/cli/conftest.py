"""Fixtures for the ``tracks`` CLI tests: hand-made projects and a way to run the script."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from plumbum import local

FAKE_MIGRATE = """\
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Prints its arguments and working directory, then exits with the last argument when it is
// a number: `down --steps 3` exits 3.
func main() {
	args := os.Args[1:]
	wd, _ := os.Getwd()
	fmt.Println("ARGS:", strings.Join(args, " "))
	fmt.Println("CWD:", wd)
	if len(args) > 0 {
		if code, err := strconv.Atoi(args[len(args)-1]); err == nil {
			os.Exit(code)
		}
	}
}
"""


def write_answers(root: Path, **answers: Any) -> Path:
    """Write a ``.copier-answers.yml`` like Copier would."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / ".copier-answers.yml"
    path.write_text(
        "# Changes here will be overwritten by Copier\n" + yaml.safe_dump(answers),
        encoding="utf-8",
    )
    return path


def make_project(root: Path, database: str = "sqlite3", **answers: Any) -> Path:
    """A fake Tracks app: answers file, go.mod and a tiny ./cmd/migrate."""
    defaults: dict[str, Any] = {
        "_commit": "v0.1.0",
        "_src_path": "/templates/tracks",
        "project_name": "fake",
        "env_prefix": "FAKE",
        "database": database,
    }
    write_answers(root, **{**defaults, **answers})
    (root / "go.mod").write_text("module example.com/fake\n\ngo 1.25\n", encoding="utf-8")
    migrate = root / "cmd" / "migrate"
    migrate.mkdir(parents=True, exist_ok=True)
    (migrate / "main.go").write_text(FAKE_MIGRATE, encoding="utf-8")
    return root


@pytest.fixture
def fake_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "fake")


def tracks_command() -> list[str]:
    """The installed ``tracks`` script (its shebang is an absolute python), or ``-m tracks``."""
    script = Path(sysconfig.get_path("scripts")) / "tracks"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "tracks"]


@dataclass(frozen=True)
class Completed:
    code: int
    stdout: str
    stderr: str


def run_tracks(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdin: Any = None,
) -> Completed:
    """Run the installed script in a child process, with exactly ``env`` (default: ours)."""
    program, *prefix = tracks_command()
    environment = dict(os.environ if env is None else env)
    with local.env():
        local.env.clear()
        local.env.update(environment)
        extra = {} if stdin is None else {"stdin": stdin}
        code, stdout, stderr = local[program][prefix].run(
            list(args), cwd=str(cwd), retcode=None, timeout=300, **extra
        )
    return Completed(int(code), stdout, stderr)


@pytest.fixture
def tracks_script() -> Callable[..., Completed]:
    """Run the installed ``tracks`` script: ``tracks_script(args, cwd, env=None, stdin=None)``."""
    return run_tracks


@pytest.fixture
def answers_file() -> Callable[..., Path]:
    """Write a ``.copier-answers.yml``: ``answers_file(root, **answers)``."""
    return write_answers


@pytest.fixture
def project_factory() -> Callable[..., Path]:
    """Make a fake app: ``project_factory(root, database="sqlite3", **answers)``."""
    return make_project


@pytest.fixture
def require_go() -> str:
    go = shutil.which("go")
    if go is None:
        pytest.skip("go is not installed")
    return go
