"""Fixtures of the TUI tests: a small app on disk (answers, recipe runs, a dev log), Pilot
helpers, and SVG snapshots.

Snapshots are the screens at 120x40 exported with ``App.export_screenshot()``, compared with
``snapshots/<name>.svg`` after normalising what varies (the app's folder, Rich's content
hash). ``TRACKS_UPDATE_SNAPSHOTS=1 pytest tests/unit/tui`` writes them again.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Input

from tracks.project import Project, find_project

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_ENV = "TRACKS_UPDATE_SNAPSHOTS"
SIZE = (120, 40)


def make_app(root: Path, **answers: Any) -> Project:
    """An app folder with the answers a Tracks app records and a generated resource."""
    root.mkdir(parents=True, exist_ok=True)
    recorded: dict[str, Any] = {
        "_commit": "v0.1.0",
        "_src_path": "/nowhere/tracks",
        "project_name": "shop",
        "env_prefix": "SHOP",
        "module_path": "example.com/shop",
        "database": "go-libsql",
        **answers,
    }
    (root / ".copier-answers.yml").write_text(yaml.safe_dump(recorded), encoding="utf-8")
    tracks = root / ".tracks"
    tracks.mkdir(exist_ok=True)
    run = {
        "_commit": "v0.1.0",
        "recipe": "resource",
        "name": "post",
        "fields": "title:string body:text",
    }
    (tracks / "resource-post.yml").write_text(yaml.safe_dump(run), encoding="utf-8")
    project = find_project(root)
    assert project is not None
    return project


def request(n: int, path: str, status: int, ms: float, rid: str, level: str = "info") -> str:
    line = {
        "level": level,
        "request_id": rid,
        "method": "GET",
        "path": path,
        "status": status,
        "bytes": 120,
        "duration_ms": ms,
        "client_ip": "127.0.0.1",
        "time": f"2026-01-02T10:00:{n:02d}Z",
        "message": "request",
    }
    return json.dumps(line)


def dev_log_lines() -> list[str]:
    """A dev log: three requests, one of them failing with a line of its own, and a line that
    is no JSON."""
    return [
        json.dumps({"level": "info", "time": "2026-01-02T10:00:00Z", "message": "listening"}),
        request(1, "/", 200, 3.5, "r-home"),
        json.dumps(
            {
                "level": "error",
                "request_id": "r-boom",
                "time": "2026-01-02T10:00:02Z",
                "message": "posts: load failed",
                "error": "no such table: posts",
            }
        ),
        request(2, "/posts", 500, 12.0, "r-boom", level="error"),
        "panic: not json",
        request(3, "/missing", 404, 1.25, "r-missing", level="warn"),
    ]


@pytest.fixture
def fake_app(tmp_path: Path) -> Project:
    """The small app, with its dev log at tmp/dev.log."""
    project = make_app(tmp_path / "shop")
    (project.root / "tmp").mkdir()
    (project.root / "tmp" / "dev.log").write_text("\n".join(dev_log_lines()) + "\n")
    return project


@pytest.fixture
def no_metrics(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's metrics off, whatever the environment says."""
    monkeypatch.setenv("SHOP_OBSERVABILITY_METRICS_ADDR", "off")


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """An async test run with asyncio.run (no pytest plugin needed); fixtures as usual."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the workers are done and what they sent the screen is painted."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def normalise(svg: str, root: Path | None = None) -> str:
    if root is not None:
        svg = svg.replace(str(root), "/APP")
    svg = re.sub(r"terminal-\d+", "terminal-0", svg)
    # As committed: no trailing blanks, a final newline (the repository's whitespace hook).
    return "\n".join(line.rstrip() for line in svg.splitlines()) + "\n"


async def check_snapshot(pilot: Pilot[Any], name: str, root: Path | None = None) -> None:
    """The screen as ``snapshots/<name>.svg`` (written when :data:`UPDATE_ENV` is set)."""
    app = pilot.app
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()
    got = normalise(app.export_screenshot(title="tracks tui"), root)
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get(UPDATE_ENV) or not path.exists():
        if not os.environ.get(UPDATE_ENV) and os.environ.get("CI"):
            pytest.fail(f"no snapshot {path.name}: run with {UPDATE_ENV}=1 and commit it")
        path.write_text(got, encoding="utf-8")
        return
    want = path.read_text(encoding="utf-8")
    if got != want:
        (path.parent / f"{name}.actual.svg").write_text(got, encoding="utf-8")
    assert got == want, (
        f"screen {name} differs from {path.name} (see {name}.actual.svg); "
        f"if the change is intended, run with {UPDATE_ENV}=1"
    )


Factory = Callable[..., Project]
