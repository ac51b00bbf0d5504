"""Argument parsing: usage errors exit 2, --help and --version exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracks
from tracks.cli import main

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["bogus"],
        ["--bogus"],
        ["new"],
        ["new", "blog", "--db", "mysql"],
        ["new", "blog", "-d", "no-equals-sign"],
        ["new", "blog", "-d", "=value"],
        ["db"],
        ["db", "bogus"],
        ["db", "rollback", "abc"],
        ["db", "rollback", "0"],
        ["db", "rollback", "2", "--to", "5"],
        ["db", "migrate", "--steps", "-1"],
        ["db", "migrate", "--steps", "2", "--to", "5"],
        ["db", "create"],
        ["doctor", "--bogus"],
        ["version", "extra"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage:" in err
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("new", "db", "doctor", "version"):
        assert command in out


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"tracks {tracks.__version__}"


def test_script_usage_error_exits_2(tracks_script, tmp_path: Path) -> None:
    result = tracks_script(["db", "rollback", "nope"], cwd=tmp_path)
    assert result.code == 2
    assert "usage: tracks db rollback" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_m_tracks(tmp_path: Path) -> None:
    import sys

    from plumbum import local

    code, out, _ = local[sys.executable].run(
        ["-m", "tracks", "--version"], cwd=str(tmp_path), retcode=None
    )
    assert code == 0
    assert out.strip() == f"tracks {tracks.__version__}"
