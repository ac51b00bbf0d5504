"""``tracks dev``: run the app for development, with live reload through Air.

Apps pin Air as a Go tool in their go.mod (``tool github.com/air-verse/air``), so with the
app's ``.air.toml`` at the project root it runs ``go tool air``: nothing to install, and the
version is the app's. An older app without the tool line uses ``air`` from the PATH. Air
regenerates the templ code, rebuilds the assets and restarts the server on each change.
Otherwise, or with ``--no-air``, it runs ``go run ./cmd/server`` once. Either way the program
runs at the project root with this terminal as its stdin, and its exit code is returned.

The dev log: the program runs with ``<PREFIX>_LOG_FORMAT=json`` (unless that variable is set
already), and every line it writes, on stdout and on stderr, goes unchanged to
``<root>/tmp/dev.log`` (:data:`tracks.workbench.logs.DEV_LOG`, truncated at each start), where
``tracks tui``'s Logs screen and the MCP ``tail_logs`` tool read the JSON lines. The terminal
gets the same lines, the JSON ones rendered as the app's own console format renders them
(:func:`console_line`), the others (Air's messages, compiler errors, a panic) as they are.
Air deletes ``tmp/`` when it stops (``clean_on_exit`` in the app's ``.air.toml``); the log is
written back afterwards, so the last run's lines stay readable until the next ``tracks dev``.

Ctrl-C reaches the child too (same process group). ``tracks dev`` then waits for it to stop
and returns its exit code: 0 when it shut down cleanly, so stopping the dev server is not an
error; a child killed by the signal gives 128 + the signal number (130 for SIGINT), like a shell.
A SIGTERM sent to ``tracks dev`` alone is passed on to the child, and waited for the same way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, Any, BinaryIO

from plumbum import local

from hooks import runner
from model.errors import TracksError
from tracks.commands.db import GO_HINT
from tracks.project import Project, require_project
from tracks.workbench.logs import DEV_LOG, dev_log_path

AIR = "air"
AIR_MODULE = "github.com/air-verse/air"
AIR_CONFIG = ".air.toml"
# The version lives in the app's go.mod (the template's go.mod.jinja), not here.
AIR_ADD = f"go get -tool {AIR_MODULE}"
SERVER_PACKAGE = "./cmd/server"
_TOOL_LINE = re.compile(r"^tool\s+(\S+)\s*(?://.*)?$")
_TOOL_BLOCK_START = re.compile(r"^tool\s*\(\s*(?://.*)?$")

#: The app's setting (``<PREFIX>_LOG_FORMAT``) that ``tracks dev`` sets to ``json``.
LOG_FORMAT = "LOG_FORMAT"
#: How long the output of a finished child is still read: a grandchild that outlives it (and
#: keeps the pipe open) must not keep ``tracks dev`` from returning.
DRAIN_SECONDS = 5.0


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


# The console format ----------------------------------------------------------------------

#: zerolog's level names in its console format.
_LEVELS = {
    "trace": "TRC",
    "debug": "DBG",
    "info": "INF",
    "warn": "WRN",
    "error": "ERR",
    "fatal": "FTL",
    "panic": "PNC",
}
#: The fields of the app's JSON lines that its console format leaves out (internal/logging:
#: they would repeat on every line of a developer's terminal).
JSON_ONLY_FIELDS = frozenset({"service", "version", "env"})
_PARTS = frozenset({"time", "level", "message", "caller"})
_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


class _Number(str):
    """A JSON number as it was written (zerolog's console writer decodes with UseNumber)."""


def _go_quote(text: str) -> str:
    """Go's ``strconv.Quote``."""
    out = ['"']
    for ch in text:
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            cp = ord(ch)
            out.append(
                f"\\x{cp:02x}" if cp < 0x80 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"
            )
    out.append('"')
    return "".join(out)


def _go_json(value: Any) -> str:
    """zerolog's ``InterfaceMarshalFunc`` (Go's JSON encoder without HTML escaping) of a
    decoded value: compact, map keys sorted."""
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ",".join(_go_json(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_go_json(key)}:{_go_json(value[key])}" for key in sorted(value))
        return "{" + ",".join(items) + "}"
    return json.dumps(value)


def _needs_quote(text: str) -> bool:
    return any(ch < " " or ch > "~" or ch in ' \\"' for ch in text)


def _field_value(value: Any) -> str:
    if isinstance(value, _Number):
        return str(value)
    if isinstance(value, str):
        return _go_quote(value) if _needs_quote(value) else value
    return _go_json(value)


def _clock(stamp: Any) -> str:
    """The line's time in local time, ``15:04:05``; as written when it is no RFC 3339 time."""
    if not isinstance(stamp, str):
        return "<nil>"
    try:
        at = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if at.tzinfo is None:
        return stamp
    return at.astimezone().strftime("%H:%M:%S")


def _level(level: Any) -> str:
    """``INF`` for ``info``; an unknown level's first three letters; ``???`` without one."""
    if not isinstance(level, str) or not level:
        return "???"
    return _LEVELS.get(level.lower()) or level[:3].upper()


def console_line(text: str, cwd: Path | None = None) -> str | None:
    """A JSON line of the app's logger as its console format shows it (zerolog's
    ConsoleWriter as internal/logging configures it: local time, a three-letter level, the
    message, then the other fields sorted by name, ``error`` first, without the service fields
    :data:`JSON_ONLY_FIELDS`); None for any other line (not a JSON object with a ``time``).
    A ``caller`` is shown relative to ``cwd`` (default: the current folder), the app's folder."""
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text, parse_int=_Number, parse_float=_Number)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("time"), str):
        return None
    parts = [_clock(data.get("time")), _level(data.get("level"))]
    caller = data.get("caller")
    if isinstance(caller, str) and caller:
        if os.path.isabs(caller):
            caller = os.path.relpath(caller, cwd or Path.cwd())
        parts.append(f"{caller} >")
    message = data.get("message")
    if message is not None and message != "":
        parts.append(message if isinstance(message, str) else _go_json(message))
    names = sorted(key for key in data if key not in _PARTS and key not in JSON_ONLY_FIELDS)
    if "error" in names:
        names.remove("error")
        names.insert(0, "error")
    fields = " ".join(f"{name}={_field_value(data[name])}" for name in names)
    return " ".join(part for part in (*parts, fields) if part)


# Running the child -----------------------------------------------------------------------


def _same_file(stream: IO[Any], path: Path) -> bool:
    """Whether ``stream`` is the file at ``path`` (``tracks dev > tmp/dev.log``)."""
    try:
        return os.path.samestat(os.fstat(stream.fileno()), os.stat(path))
    except (OSError, ValueError, AttributeError):
        return False


class _Pump(threading.Thread):
    """Copies one of the child's pipes, a line at a time: unchanged into the log, and to this
    process's stream (``out``), rendered with ``render`` when it returns a line. A stream that
    cannot be written any more (a closed pipe) is given up; the log and the draining go on, so
    the child never blocks on a full pipe."""

    def __init__(
        self,
        pipe: BinaryIO,
        out: IO[str],
        log: BinaryIO | None,
        lock: threading.Lock,
        render: Callable[[str], str | None] | None,
    ) -> None:
        super().__init__(daemon=True)
        self.pipe, self.out, self.log, self.lock, self.render = pipe, out, log, lock, render
        self.out_ok = True

    def run(self) -> None:
        for raw in iter(self.pipe.readline, b""):
            line = raw if raw.endswith(b"\n") else raw + b"\n"
            if self.log is not None:
                with self.lock:
                    try:
                        self.log.write(line)
                    except (OSError, ValueError):
                        self.log = None
            if self.out_ok:
                self.show(line)

    def show(self, line: bytes) -> None:
        shown = None
        if self.render is not None:
            shown = self.render(line.decode(errors="replace").rstrip("\r\n"))
        try:
            binary: IO[bytes] | None = getattr(self.out, "buffer", None)
            if shown is not None:
                self.out.write(shown + "\n")
            elif binary is not None:
                self.out.flush()
                binary.write(line)
            else:
                self.out.write(line.decode(errors="replace"))
            self.out.flush()
        except (OSError, ValueError):
            self.out_ok = False


def _open_log(path: Path) -> BinaryIO | None:
    """The dev log, emptied; None (with a notice) when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w+b", buffering=0)
    except OSError as exc:
        print(
            f"notice: cannot write the dev log {path}: {exc.strerror or exc}; the app's lines "
            "are shown here only",
            file=sys.stderr,
        )
        return None


def _keep_log(log: BinaryIO, path: Path) -> None:
    """Write the log back when the child deleted it (Air's ``clean_on_exit`` removes ``tmp/``
    when it stops); a file someone else put there meanwhile is left alone."""
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        log.seek(0)
        with path.open("xb") as copy:
            shutil.copyfileobj(log, copy)
    except OSError as exc:
        print(f"notice: cannot keep the dev log {path}: {exc.strerror or exc}", file=sys.stderr)


def run_with_log(
    argv: Sequence[str],
    cwd: Path,
    log_path: Path | None,
    env: Mapping[str, str] | None = None,
    hint: str | None = None,
) -> int:
    """Run ``argv`` in ``cwd`` with this terminal as its stdin; copy its output to this
    process's stdout and stderr (JSON log lines rendered by :func:`console_line`) and,
    unchanged, to ``log_path`` (emptied first; None: no log). Returns its exit code, also
    after Ctrl-C (see :func:`_signals_left_to_child`).

    A stream of this process that is the log file itself (``tracks dev > tmp/dev.log``) gets
    the lines unchanged, and the log is not written a second time. Raises TracksError (exit
    code 1) when the program is not on the PATH.
    """
    program, *args = argv
    path = runner.which(program)
    if path is None:
        raise TracksError(
            f"{program} not found on PATH",
            hint=hint or f"install {program} and make sure it is on your PATH",
            exit_code=1,
        )
    outs = (sys.stdout, sys.stderr)
    into_log = [log_path is not None and _same_file(out, log_path) for out in outs]
    log = _open_log(log_path) if log_path is not None and not any(into_log) else None
    lock = threading.Lock()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with _signals_left_to_child() as children:
            with runner.current_environment(env):
                process = local[path].popen(
                    args, cwd=str(cwd), stdin=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE
                )
            children.append(process)
            pipes = (process.stdout, process.stderr)
            pumps = [
                _Pump(pipe, out, log, lock, None if raw else partial(console_line, cwd=cwd))
                for pipe, out, raw in zip(pipes, outs, into_log, strict=True)
            ]
            for pump in pumps:
                pump.start()
            try:
                code = int(process.wait())
            except KeyboardInterrupt:
                code = int(process.wait())
            for pump in pumps:
                pump.join(DRAIN_SECONDS)
        if log is not None and log_path is not None:
            with lock:
                _keep_log(log, log_path)
        return _exit_code(code)
    finally:
        if log is not None:
            with lock:
                log.close()


@contextmanager
def _signals_left_to_child() -> Iterator[list[subprocess.Popen[bytes]]]:
    """While the child runs, a Ctrl-C is the child's to handle: this process ignores it with a
    handler of its own (exec resets handlers, so the child still gets the default). Without it,
    a SIGINT landing between starting the child and waiting for it would end this process
    first, and the child's exit code (and the end of its output) would be lost. A SIGTERM sent
    to this process alone is passed on to the child (the caller appends it to the list this
    yields), which is then waited for in the same way."""
    children: list[subprocess.Popen[bytes]] = []
    if threading.current_thread() is not threading.main_thread():
        yield children
        return

    def pass_on(signum: int, frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous_int = signal.signal(signal.SIGINT, lambda signum, frame: None)
    previous_term = signal.signal(signal.SIGTERM, pass_on)
    try:
        yield children
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)


def log_environment(project: Project) -> dict[str, str]:
    """The variables ``tracks dev`` adds for the child: ``<PREFIX>_LOG_FORMAT=json``, unless
    the environment sets that variable already (then, when it is not ``json``, a notice says
    that the dev log gets no JSON lines)."""
    name = f"{project.env_prefix}_{LOG_FORMAT}"
    current = os.environ.get(name)
    if current is None:
        return {name: "json"}
    if current.strip().lower() != "json":
        print(
            f"notice: {name}={current} is set, so {DEV_LOG} gets no JSON lines for "
            "`tracks tui`'s Logs screen and the MCP tail_logs tool; unset it to have them",
            file=sys.stderr,
        )
    return {}


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
    """Run the app at the project root: Air for live reload, else ``go run ./cmd/server``;
    its lines go to the terminal and to the dev log (``tmp/dev.log``)."""
    project = require_project(cwd)
    argv = dev_command(project, no_air=no_air)
    hint = f"install Air with `go install {AIR_MODULE}@latest`" if argv[0] == AIR else GO_HINT
    return run_with_log(
        argv,
        cwd=project.root,
        log_path=dev_log_path(project),
        env=log_environment(project),
        hint=hint,
    )
