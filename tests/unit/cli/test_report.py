"""tracks.report: how the program ends (error and hint lines, exit codes; no traceback)."""

from __future__ import annotations

import pytest

from model.errors import TracksError
from tracks import report

pytestmark = pytest.mark.unit


def test_error_prints_message_and_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code = report.error(TracksError("no app here", hint="cd into the app", exit_code=2))
    assert code == 2
    assert capsys.readouterr().err == "error: no app here\nhint: cd into the app\n"


def test_error_without_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert report.error(TracksError("go build failed", exit_code=1)) == 1
    assert capsys.readouterr().err == "error: go build failed\n"


def test_interrupted(capsys: pytest.CaptureFixture[str]) -> None:
    assert report.interrupted() == 130
    assert capsys.readouterr().err == "\nerror: interrupted\n"


@pytest.mark.parametrize(
    ("code", "want", "printed"), [(None, 0, ""), (0, 0, ""), (2, 2, ""), ("boom", 2, "boom\n")]
)
def test_exit_status(
    code: int | str | None, want: int, printed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report.exit_status(SystemExit(code)) == want
    assert capsys.readouterr().err == printed
