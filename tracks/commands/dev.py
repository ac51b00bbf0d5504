"""``tracks dev``: run the app for development, with live reload through Air.

Apps pin Air as a Go tool in their go.mod (``tool github.com/air-verse/air``), so with the
app's ``.air.toml`` at the project root it runs ``go tool air``: nothing to install, and the
version is the app's. An older app without the tool line uses ``air`` from the PATH. Air
regenerates the templ code, rebuilds the assets and restarts the server on each change.
Otherwise, or with ``--no-air``, it runs ``go run ./cmd/server`` once. Either way the program
runs at the project root, attached to this terminal, and its exit code is returned.

Ctrl-C reaches the child too (same process group). ``tracks dev`` then waits for it to stop
and returns its exit code: 0 when it shut down cleanly, so stopping the dev server is not an
error; a child killed by the signal gives 128 + the signal number (130 for SIGINT), like a shell.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from plumbum import local

from hooks import runner
from model.errors import TracksError
from tracks.commands.db import GO_HINT
from tracks.project import Project, require_project

AIR = "air"
AIR_MODULE = "github.com/air-verse/air"
AIR_CONFIG = ".air.toml"
# The version lives in the app's go.mod (the template's go.mod.jinja), not here.
AIR_ADD = f"go get -tool {AIR_MODULE}"
SERVER_PACKAGE = "./cmd/server"
_TOOL_LINE = re.compile(r"^tool\s+(\S+)\s*(?://.*)?$")
_TOOL_BLOCK_START = re.compile(r"^tool\s*\(\s*(?://.*)?$")


def go_mod_tools(root: Path) -> set[str]:
    """The ``tool`` directives of ``root/go.mod`` (both forms: one line, and a block)."""
    try:
        text = (root / "go.mod").read_text(encoding="utf-8")
    except OSError:
        return set()
    tools: set[str] = set()
    in_block = False
    for raw in text.splitlines():
        line = raw.strip()
        if in_block:
            if line.startswith(")"):
                in_block = False
            elif line and not line.startswith("//"):
                tools.add(line.split()[0])
        elif _TOOL_BLOCK_START.match(line):
            in_block = True
        elif m := _TOOL_LINE.match(line):
            tools.add(m.group(1))
    return tools


def _exit_code(code: int) -> int:
    """A child's exit code as a shell reports it: killed by signal N gives 128 + N."""
    return 128 - code if code < 0 else code


def stream_until_exit(argv: Sequence[str], cwd: Path, hint: str | None = None) -> int:
    """Run ``argv`` attached to this terminal and return its exit code, also after Ctrl-C.

    Unlike ``runner.stream`` a KeyboardInterrupt is not passed on: the child got the same SIGINT,
    so this waits for it to finish and returns its code. Raises TracksError (exit code 1) when
    the program is not on the PATH.
    """
    program, *args = argv
    path = runner.which(program)
    if path is None:
        raise TracksError(
            f"{program} not found on PATH",
            hint=hint or f"install {program} and make sure it is on your PATH",
            exit_code=1,
        )
    sys.stdout.flush()
    sys.stderr.flush()
    with _sigint_left_to_child():
        with runner.current_environment():
            process = local[path].popen(args, cwd=str(cwd), stdin=None, stdout=None, stderr=None)
        try:
            return _exit_code(int(process.wait()))
        except KeyboardInterrupt:
            return _exit_code(int(process.wait()))


@contextmanager
def _sigint_left_to_child() -> Iterator[None]:
    """While the child runs, a Ctrl-C is the child's to handle: this process ignores it with a
    handler of its own (exec resets handlers, so the child still gets the default). Without it,
    a SIGINT landing between starting the child and waiting for it would end this process
    first, and the child's exit code would be lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def dev_command(project: Project, no_air: bool = False) -> list[str]:
    """``go tool air`` (or an installed ``air``) when the app can live-reload, else
    ``go run ./cmd/server``; prints why it falls back."""
    if not no_air:
        if not (project.root / AIR_CONFIG).is_file():
            print(
                f"notice: no {AIR_CONFIG} at {project.root}, so no live reload; running "
                f"`go run {SERVER_PACKAGE}` instead",
                file=sys.stderr,
            )
        elif AIR_MODULE in go_mod_tools(project.root):
            return ["go", "tool", AIR]
        elif runner.which(AIR) is not None:
            return [AIR]
        else:
            print(
                f"notice: live reload needs Air, which this app's go.mod does not pin (add it "
                f"with `{AIR_ADD}`, or `copier update` the app); running "
                f"`go run {SERVER_PACKAGE}` instead",
                file=sys.stderr,
            )
    if not (project.root / "cmd" / "server").is_dir():
        raise TracksError(
            f"{project.root} has no {SERVER_PACKAGE} program",
            hint="it is part of every app generated by `tracks new`; restore it from git",
        )
    return ["go", "run", SERVER_PACKAGE]


def dev(no_air: bool = False, cwd: Path | None = None) -> int:
    """Run the app at the project root: Air for live reload, else ``go run ./cmd/server``."""
    project = require_project(cwd)
    argv = dev_command(project, no_air=no_air)
    hint = f"install Air with `go install {AIR_MODULE}@latest`" if argv[0] == AIR else GO_HINT
    return stream_until_exit(argv, cwd=project.root, hint=hint)
