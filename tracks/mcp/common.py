"""What the tools share: the app being served, running blocking work off the event loop with
errors turned into tool errors, progress notifications, JSON-friendly values, and running the
CLI itself as a child process."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import anyio.from_thread
import anyio.to_thread
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError

import tracks
from model.errors import TracksError
from tracks.project import Project, require_project

if TYPE_CHECKING:  # the runner loads plumbum: imported when a tool runs a program
    from tracks.workbench.process import CommandResult, OnLine

T = TypeVar("T")

#: The last lines of a long output a tool returns (the whole of it can be thousands of lines).
TAIL_LINES = 60
#: At most one progress notification per this many seconds (the last line always goes out).
PROGRESS_INTERVAL = 0.2


@dataclass(frozen=True)
class App:
    """The app a server serves: found from ``start`` upwards on every call, so a tool sees the
    answers as they are now (a recipe run adds to them)."""

    start: Path

    def project(self) -> Project:
        return require_project(self.start)

    @property
    def root(self) -> Path:
        return self.project().root


def tool_error(err: TracksError) -> ToolError:
    """A TracksError as the tool error the client sees: the CLI's message, hint and exit code."""
    return ToolError(f"{err.render()}\nexit code: {err.exit_code}")


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a worker thread; a TracksError becomes a tool error.

    A cancelled call (the client cancelled it, or went away) returns at once and leaves the
    thread to finish; the server stops the children left when it shuts down
    (:func:`tracks.mcp.processes.stop_children`).
    """
    try:
        return await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs), abandon_on_cancel=True)
    except TracksError as err:
        raise tool_error(err) from err


def progress(ctx: Context) -> OnLine:
    """An ``on_line`` for a worker thread that reports each line as a progress notification
    (a no-op when the client asked for none), at most one per PROGRESS_INTERVAL."""
    count = 0
    last = 0.0

    def on_line(line: str) -> None:
        nonlocal count, last
        count += 1
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL or not line.strip():
            return
        last = now
        # a client that went away must not stop the work
        with contextlib.suppress(Exception):
            anyio.from_thread.run(ctx.report_progress, count, None, line[:500])

    return on_line


def jsonable(value: Any) -> Any:
    """Dataclasses, paths, tuples and mappings as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def tail(text: str, lines: int = TAIL_LINES) -> str:
    kept = text.splitlines()[-lines:]
    return "\n".join(kept)


def run_cli(root: Path, args: list[str], on_line: OnLine | None = None) -> CommandResult:
    """``python -m tracks ARGS`` at ``root``, its output captured: the CLI prints (and its
    children write to file descriptors 1 and 2), which must never reach the protocol channel."""
    from tracks.workbench.process import run_lines

    package_parent = str(Path(tracks.__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH")
    env = {"PYTHONPATH": package_parent + (os.pathsep + path if path else "")}
    return run_lines([sys.executable, "-m", "tracks", *args], cwd=root, on_line=on_line, env=env)
