"""``tracks admin``: arguments pass through to ./cmd/admin unchanged, and so does its exit code.

The fake project's ./cmd/admin is the fake migrate program of conftest: it prints its
arguments and working directory and exits with its last argument when that is a number.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tracks.cli import main

pytestmark = pytest.mark.unit


@pytest.fixture
def admin_project(fake_project: Path) -> Path:
    admin = fake_project / "cmd" / "admin"
    admin.mkdir(parents=True)
    shutil.copy(fake_project / "cmd" / "migrate" / "main.go", admin / "main.go")
    return fake_project


def _args_line(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("ARGS:")]
    assert len(lines) == 1, out
    return lines[0].removeprefix("ARGS:").strip()


@pytest.mark.parametrize(
    ("argv", "expected_args", "expected_code"),
    [
        (["admin", "roles", "list", "--json"], "roles list --json", 0),
        (
            ["admin", "roles", "grant", "--email", "a@example.com", "--role", "admin"],
            "roles grant --email a@example.com --role admin",
            0,
        ),
        (["admin", "users", "list", "--help"], "users list --help", 0),
        (["admin", "audit", "list", "--limit", "2"], "audit list --limit 2", 2),
        (["admin", "roles", "delete", "1"], "roles delete 1", 1),
        (["admin"], "", 0),
    ],
)
def test_arguments_and_exit_code_pass_through(
    require_go: str,
    admin_project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    argv: list[str],
    expected_args: str,
    expected_code: int,
) -> None:
    monkeypatch.chdir(admin_project)
    assert main(argv) == expected_code
    out = capfd.readouterr().out
    assert _args_line(out) == expected_args
    assert f"CWD: {admin_project.resolve()}" in out


def test_runs_at_project_root_from_nested_folder(
    require_go: str, admin_project: Path, tracks_script
) -> None:
    nested = admin_project / "internal" / "rbac"
    nested.mkdir(parents=True)
    result = tracks_script(["admin", "perms", "add", "--role", "editor", "3"], cwd=nested)
    assert result.code == 3
    assert _args_line(result.stdout) == "perms add --role editor 3"
    assert f"CWD: {admin_project.resolve()}" in result.stdout


def test_help_describes_the_passthrough(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "--help"]) == 0
    out = capsys.readouterr().out
    assert "./cmd/admin" in out
    assert "roles grant --email" in out


def test_project_without_admin_program_exits_2(
    fake_project: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(fake_project)
    assert main(["admin", "roles", "list"]) == 2
    err = capfd.readouterr().err
    assert "./cmd/admin" in err
    assert "hint:" in err


def test_outside_a_project_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["admin", "roles", "list"]) != 0
    assert "error:" in capfd.readouterr().err
