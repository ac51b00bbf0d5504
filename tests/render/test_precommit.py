"""Render tier: pre-commit passes, offline, on a fresh app and on this repository.

Both configurations use local hooks only (nothing is cloned or installed), so they run with the
Go module proxy switched off and a pre-commit home of their own. The app's hooks are the
formatting checks a commit hook would be too slow for here (gofmt, templ fmt, go vet) and the
refusal of the conflict markers `copier update` leaves.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from plumbum import local

from tests.support.paths import DEFAULT_DRIVER, REPO, only_with

pytestmark = pytest.mark.render

APP_HOOKS = ("check-merge-conflict", "gofmt", "templ-fmt", "go-vet")


def pre_commit(cwd: Path, home: Path, *args: str, offline: bool = True) -> tuple[int, str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    if offline:
        # A module the cache lacks fails instead of being fetched; so does a newer toolchain.
        env.update(GOPROXY="off", GOTOOLCHAIN="local", GOFLAGS="-mod=readonly")
    command = local[sys.executable]["-m", "pre_commit", "run", *args]
    code, out, err = command.with_cwd(str(cwd)).with_env(**env).run(retcode=None)
    return code, out + err


def test_a_fresh_app_passes_its_own_pre_commit(
    app_copy: Callable[[str], Path], driver: str, tmp_path: Path
) -> None:
    app = app_copy(driver)
    assert (app / ".git").is_dir(), "the git-init task makes the app a repository"
    code, out = pre_commit(app, tmp_path / "pre-commit", "--all-files", "--show-diff-on-failure")
    assert code == 0, out
    for hook in APP_HOOKS:
        assert f"- hook id: {hook}" not in out, out
    # Every hook ran on something (none was "(no files to check)Skipped").
    assert "Skipped" not in out, out
    assert local["git"]["-C", str(app), "status", "--porcelain"]() == ""


@only_with(DEFAULT_DRIVER)
def test_the_app_hooks_refuse_conflicts_and_unformatted_code(
    app_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    app = app_copy(DEFAULT_DRIVER)
    home = tmp_path / "pre-commit"
    readme = app / "README.md"
    readme.write_text(readme.read_text() + "<<<<<<< before updating\nmine\n=======\n")
    code, out = pre_commit(app, home, "check-merge-conflict", "--all-files")
    assert code == 1, out
    assert "README.md:" in out, out

    main_go = app / "cmd/server/main.go"
    main_go.write_text(main_go.read_text().replace("\n\t", "\n    ", 1))
    code, out = pre_commit(app, home, "gofmt", "--all-files")
    assert code == 1, out
    assert "cmd/server/main.go" in out, out


def test_this_repository_passes_pre_commit(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: pre-commit lists files with git")
    code, out = pre_commit(REPO, tmp_path / "pre-commit", "--all-files", offline=False)
    assert code == 0, out
