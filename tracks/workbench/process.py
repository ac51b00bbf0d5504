"""Run a program and hand its output to the caller line by line, as it comes.

``hooks.runner`` either captures a program's output (``capture``: all of it at the end) or
attaches it to this terminal (``stream``). A TUI pane, an MCP progress notification or
``tracks test``'s own progress lines need a third way: each line as it is written, and all of
it at the end. stderr is merged into stdout, so lines keep their order.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from plumbum import local

from hooks import runner
from model.errors import TracksError

#: Called with each line of output, without its line end.
OnLine = Callable[[str], None]


@dataclass(frozen=True)
class CommandResult:
    """A finished program: its exit code and its output (stdout and stderr, in order)."""

    argv: tuple[str, ...]
    code: int
    output: str

    @property
    def ok(self) -> bool:
        return self.code == 0


def run_lines(
    argv: Sequence[str | Path],
    cwd: Path,
    on_line: OnLine | None = None,
    env: Mapping[str, str] | None = None,
    hint: str | None = None,
) -> CommandResult:
    """Run ``argv`` in ``cwd`` (``env`` adds variables), call ``on_line`` with each line of its
    output as it comes, and return the exit code and the whole output.

    Raises TracksError (exit code 1) when the program is not on the PATH. An interrupt stops
    the child (SIGINT, then SIGKILL after a grace period) and is raised again.
    """
    program, *args = (str(arg) for arg in argv)
    path = runner.which(program)
    if path is None:
        raise TracksError(
            f"{program} not found on PATH",
            hint=hint or f"install {program} and make sure it is on your PATH",
            exit_code=1,
        )
    sys.stdout.flush()
    sys.stderr.flush()
    with runner.current_environment(env):
        process = local[path].popen(
            args,
            cwd=str(cwd),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for raw in iter(process.stdout.readline, b""):
            line = raw.decode(errors="replace").rstrip("\r\n")
            lines.append(line)
            if on_line is not None:
                on_line(line)
        code = int(process.wait())
    except BaseException:
        runner.stop(process)
        raise
    finally:
        if process.stdout is not None:
            process.stdout.close()
    return CommandResult(tuple(str(arg) for arg in argv), code, "\n".join(lines))
