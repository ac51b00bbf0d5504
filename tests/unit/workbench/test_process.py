"""tracks/workbench/process.py: a real child's output, line by line, in order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.workbench.process import run_lines

pytestmark = pytest.mark.unit

CHILD = """
import os, sys
print("one", flush=True)
print("two on stderr", file=sys.stderr, flush=True)
sys.stdout.write("three\\r\\nno end")
sys.stdout.flush()
print(os.getcwd(), os.environ.get("EXTRA"), file=sys.stderr)
sys.exit(4)
"""


def test_lines_in_order_with_the_exit_code(tmp_path: Path) -> None:
    seen: list[str] = []
    result = run_lines(
        [sys.executable, "-c", CHILD], cwd=tmp_path, on_line=seen.append, env={"EXTRA": "yes"}
    )
    assert result.code == 4 and not result.ok
    # stderr's last line arrives after the unterminated "no end" written to stdout.
    assert seen[:3] == ["one", "two on stderr", "three"]
    assert "".join(seen[3:]) == f"no end{tmp_path} yes"
    assert result.output == "\n".join(seen)
    assert result.argv == (sys.executable, "-c", CHILD)


def test_without_a_callback(tmp_path: Path) -> None:
    result = run_lines([sys.executable, "-c", "print('hi')"], cwd=tmp_path)
    assert (result.code, result.output) == (0, "hi")


def test_a_missing_program(tmp_path: Path) -> None:
    with pytest.raises(TracksError) as err:
        run_lines(["no-such-program-here"], cwd=tmp_path, hint="install it")
    assert err.value.exit_code == 1
    assert err.value.hint == "install it"
