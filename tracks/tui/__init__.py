"""``tracks tui``: the Textual terminal UI over an app (dashboard, generator, logs, database,
jobs, new app); outside an app, the New app screen. Textual is imported only when the UI opens,
so the rest of the CLI stays quick."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tracks.project import find_project


def opens_by_default(args: Sequence[str]) -> bool:
    """Whether ``tracks`` with ``args`` opens the UI: no arguments, a terminal on stdin and
    stdout, inside an app. Otherwise the CLI prints its usage as before."""
    return not args and sys.stdin.isatty() and sys.stdout.isatty() and find_project() is not None


def run(start: Path | None = None) -> int:
    """Open the UI on the app at or above ``start`` (default: the current directory); outside
    an app, on the New app screen alone (creating apps in ``start``)."""
    project = find_project(start)
    from tracks.tui.app import TracksApp

    folder = None if project is not None else (start or Path.cwd())
    TracksApp(project, folder=folder).run()
    return 0
