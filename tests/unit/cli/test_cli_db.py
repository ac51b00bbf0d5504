"""``tracks db``: argument mapping onto ./cmd/migrate and exit-code pass-through.

The fake project's ./cmd/migrate prints its arguments and working directory and exits with
its last argument when that is a number, so ``tracks db rollback 3`` must exit 3.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tracks.cli import main

pytestmark = pytest.mark.unit


def _args_line(out: str) -> str:
    lines = [line for line in out.splitlines() if line.startswith("ARGS:")]
    assert len(lines) == 1, out
    return lines[0].removeprefix("ARGS:").strip()


@pytest.mark.parametrize(
    ("argv", "expected_args", "expected_code"),
    [
        (["db", "status"], "status", 0),
        (["db", "status", "--json"], "status --json", 0),
        (["db", "migrate"], "up", 0),
        (["db", "migrate", "--steps", "4"], "up --steps 4", 4),
        (["db", "migrate", "--to", "20250101120000"], "up --to 20250101120000", 0),
        (["db", "rollback"], "down --steps 1", 1),
        (["db", "rollback", "3"], "down --steps 3", 3),
        (["db", "rollback", "--to", "7"], "down --to 7", 7),
        (["db", "create", "add_posts"], "create add_posts", 0),
        (["db", "seed"], "seed", 0),
        (["db", "seed", "--env", "development", "--force"], "seed --env development --force", 0),
        (["db", "reset", "--force"], "reset --force", 0),
    ],
)
def test_argument_mapping_and_exit_code(
    require_go: str,
    fake_project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    argv: list[str],
    expected_args: str,
    expected_code: int,
) -> None:
    monkeypatch.chdir(fake_project)
    assert main(argv) == expected_code
    out = capfd.readouterr().out
    assert _args_line(out) == expected_args
    assert f"CWD: {fake_project.resolve()}" in out


def test_runs_at_project_root_from_nested_folder(
    require_go: str, fake_project: Path, tracks_script
) -> None:
    nested = fake_project / "internal" / "store"
    nested.mkdir(parents=True)
    result = tracks_script(["db", "rollback", "3"], cwd=nested)
    assert result.code == 3
    assert _args_line(result.stdout) == "down --steps 3"
    assert f"CWD: {fake_project.resolve()}" in result.stdout


def test_dry_run_shows_status_and_applies_nothing(
    require_go: str, fake_project: Path, tracks_script
) -> None:
    result = tracks_script(["db", "migrate", "--dry-run"], cwd=fake_project)
    assert result.code == 0
    assert _args_line(result.stdout) == "status"
    assert "nothing was applied" in result.stdout


def test_reset_without_force_and_without_tty_exits_2(
    fake_project: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(fake_project)
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert main(["db", "reset"]) == 2
    captured = capfd.readouterr()
    assert "ARGS:" not in captured.out  # the migrate program never ran
    assert "--force" in captured.err
    assert "hint:" in captured.err


def test_script_reset_without_tty_exits_2(fake_project: Path, tracks_script) -> None:
    result = tracks_script(["db", "reset"], cwd=fake_project)
    assert result.code == 2
    assert "ARGS:" not in result.stdout
    assert "tracks db reset --force" in result.stderr


@pytest.mark.parametrize(("answer", "expected_code"), [("yes\n", 0), ("no\n", 1)])
def test_reset_on_a_terminal_asks_first(
    require_go: str, fake_project: Path, tracks_script, answer: str, expected_code: int
) -> None:
    primary, secondary = os.openpty()
    try:
        os.write(primary, answer.encode())
        result = tracks_script(["db", "reset"], cwd=fake_project, stdin=secondary)
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.code == expected_code
    assert "Type 'yes' to continue" in result.stderr
    if expected_code == 0:
        assert _args_line(result.stdout) == "reset --force"
    else:
        assert "ARGS:" not in result.stdout
        assert "reset cancelled" in result.stderr


def test_build_failure_exits_1(
    require_go: str, fake_project: Path, monkeypatch: pytest.MonkeyPatch, capfd
) -> None:
    (fake_project / "cmd" / "migrate" / "main.go").write_text(
        "package main\n\nfunc main() { undefined() }\n", encoding="utf-8"
    )
    monkeypatch.chdir(fake_project)
    assert main(["db", "status"]) == 1
    err = capfd.readouterr().err
    assert "error: `go build" in err
    assert "undefined" in err  # go's own message was streamed


def test_missing_go_exits_1(
    fake_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd
) -> None:
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.chdir(fake_project)
    assert main(["db", "migrate"]) == 1
    err = capfd.readouterr().err
    assert "error: go not found on PATH" in err
    assert "hint: install Go" in err


def test_project_without_migrate_program_exits_2(
    tmp_path: Path, answers_file, monkeypatch: pytest.MonkeyPatch, capfd
) -> None:
    answers_file(tmp_path, database="sqlite3")
    monkeypatch.chdir(tmp_path)
    assert main(["db", "status"]) == 2
    assert "./cmd/migrate" in capfd.readouterr().err
