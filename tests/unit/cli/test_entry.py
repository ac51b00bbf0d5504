"""The program's entry point (tracks.entry): `tracks mcp` starts without the full CLI, with the
same arguments, help and exit codes; every other command goes through tracks.cli."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracks import entry

pytestmark = pytest.mark.unit

#: What `tracks mcp` has no use for before it serves (tracks.cli imports every command).
NOT_FOR_MCP = ("tracks.cli", "copier", "questionary", "tracks.commands.new", "textual")

PROBE = """
import json, sys
from tracks import entry
try:
    code = entry.main(["mcp", "--port", "70000"])
finally:
    print(json.dumps({{"code": code, "loaded": [m for m in {names!r} if m in sys.modules]}}))
"""


def test_tracks_mcp_does_not_load_the_cli(tmp_path: Path) -> None:
    """In a fresh interpreter, up to the point where the server would start (a bad --port stops
    it there, with argparse's exit code)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(names=NOT_FOR_MCP)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 2, done.stderr
    assert "tracks mcp: error: argument --port: a port is 1 to 65535, got 70000" in done.stderr
    assert result["loaded"] == []


def test_mcp_help_is_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    from tracks.cli import main as cli_main

    assert cli_main(["mcp", "--help"]) == 0
    through_cli = capsys.readouterr().out
    assert entry.main(["mcp", "--help"]) == 0
    direct = capsys.readouterr().out
    assert direct.startswith("usage: tracks mcp [-h] [--http] [--port N] [--project DIR]")
    assert direct == through_cli


def test_other_commands_go_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["version", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tracks"]
    assert entry.main(["no-such-command"]) == 2
    assert "invalid choice: 'no-such-command'" in capsys.readouterr().err
