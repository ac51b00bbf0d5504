"""What starting the server loads: importing it, building it and listing its tools stay clear of
Copier, Jinja, the recipes, plumbum and the database drivers, which only the tools that need
them import (bench/mcpbench.py measures the time; no thresholds here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.mcp.client import server_env
from tracks.mcp import tools_generate
from tracks.recipes import RECIPES

pytestmark = pytest.mark.unit

#: Modules a server that only lists its tools has no use for.
HEAVY = (
    "copier",
    "jinja2",
    "questionary",
    "prompt_toolkit",
    "plumbum",
    "textual",
    "tracks.recipes",
    "tracks.commands.generate",
    "tracks.commands.test",
    "tracks.workbench.schema",
    "tracks.workbench.migrations",
    "sqlite3",
    "psycopg",
)

PROBE = """
import json, sys
from pathlib import Path

import anyio

HEAVY = {heavy!r}
loaded = {{}}
import tracks.mcp.server
loaded["import"] = [m for m in HEAVY if m in sys.modules]
server = tracks.mcp.server.build_server(Path.cwd())
tools = anyio.run(server.list_tools)
loaded["tools"] = len(tools)
loaded["list"] = [m for m in HEAVY if m in sys.modules]
print(json.dumps(loaded))
"""


def test_listing_the_tools_loads_nothing_heavy(tmp_path: Path) -> None:
    """In a fresh interpreter: this process has loaded everything already."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=tmp_path,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert loaded["tools"] == 13
    assert loaded["import"] == [], "importing tracks.mcp.server loads them"
    assert loaded["list"] == [], "building the server and listing its tools loads them"


def test_the_recipe_enum_is_the_recipes() -> None:
    """generate's `recipe` enum is written out (see RECIPE_NAMES): the recipes, in order."""
    assert tuple(RECIPES) == tools_generate.RECIPE_NAMES
