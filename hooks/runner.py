"""Run external programs with plumbum: capture their output or stream it to the terminal."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from plumbum import local
from plumbum.machines.local import LocalCommand

from model.errors import TracksError

StrPath = str | os.PathLike[str]


@dataclass(frozen=True)
class Result:
    """The outcome of a captured command."""

    argv: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def output(self) -> str:
        """stdout and stderr together, stripped."""
        return "\n".join(part.strip() for part in (self.stdout, self.stderr) if part.strip())


@contextmanager
def current_environment(extra: Mapping[str, str] | None = None) -> Iterator[None]:
    """Make plumbum's ``local`` use ``os.environ`` as it is now, plus ``extra``.

    plumbum copies the environment once, when it is imported; without this, changes made to
    ``os.environ`` afterwards (by a caller or a test) would not reach the programs we start.
    ``extra`` reaches only the programs started inside, never this process's ``os.environ``.
    """
    with local.env():
        local.env.clear()
        local.env.update(os.environ)
        local.env.update(extra or {})
        yield


def which(name: str) -> str | None:
    """The full path of ``name`` on the current ``PATH`` (or ``name`` itself if it has a slash)."""
    return shutil.which(name, path=os.environ.get("PATH", os.defpath))


def format_argv(argv: Sequence[StrPath]) -> str:
    return shlex.join(str(arg) for arg in argv)


def _command(program: StrPath, hint: str | None) -> LocalCommand:
    path = which(str(program))
    if path is None:
        raise TracksError(
            f"{program} not found on PATH",
            hint=hint or f"install {program} and make sure it is on your PATH",
            exit_code=1,
        )
    return local[path]


def capture(
    argv: Sequence[StrPath],
    cwd: StrPath | None = None,
    timeout: float | None = None,
    hint: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """Run ``argv`` and capture its output, whatever its exit code; ``env`` adds variables.

    Raises TracksError (exit code 1) when the program is missing or runs out of time. An
    interrupt (Ctrl-C, or a stopping signal raised as an exception) stops the child before it
    goes on: a caller that rolls back must not see the child write after the rollback.
    """
    program, *args = (str(arg) for arg in argv)
    command = _command(program, hint)
    with current_environment(env):
        process = command.popen(
            args, cwd=str(cwd or Path.cwd()), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        stop(process)
        raise TracksError(
            f"`{format_argv(argv)}` did not finish within {timeout:g} s",
            hint=hint,
            exit_code=1,
        ) from exc
    except BaseException:
        stop(process)
        raise
    return Result(
        tuple(str(arg) for arg in argv),
        int(process.returncode),
        stdout.decode(errors="replace"),
        stderr.decode(errors="replace"),
    )


def check_output(
    argv: Sequence[StrPath],
    cwd: StrPath | None = None,
    timeout: float | None = None,
    hint: str | None = None,
) -> str:
    """Run ``argv`` and return its stdout; raise TracksError (exit code 1) if it fails."""
    result = capture(argv, cwd=cwd, timeout=timeout, hint=hint)
    if not result.ok:
        detail = f":\n{result.output}" if result.output else ""
        raise TracksError(
            f"`{format_argv(argv)}` exited with status {result.code}{detail}",
            hint=hint,
            exit_code=1,
        )
    return result.stdout


def stream(
    argv: Sequence[StrPath],
    cwd: StrPath | None = None,
    hint: str | None = None,
    stop_on_interrupt: bool = False,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run ``argv`` attached to this terminal (stdin, stdout, stderr) and return its exit code;
    ``env`` adds variables.

    On Ctrl-C the child is waited for (it got the same SIGINT), or with ``stop_on_interrupt``
    stopped: for a step that a caller rolls back, whose output must not land afterwards.
    """
    program, *args = (str(arg) for arg in argv)
    command = _command(program, hint)
    sys.stdout.flush()
    sys.stderr.flush()
    with current_environment(env):
        process = command.popen(
            args, cwd=str(cwd or Path.cwd()), stdin=None, stdout=None, stderr=None
        )
    try:
        return int(process.wait())
    except KeyboardInterrupt:
        if stop_on_interrupt:
            stop(process)
        else:
            # The child got the same SIGINT; let it finish its own cleanup.
            process.wait()
        raise
    except BaseException:
        # A stopping signal raised as an exception (tracks.snapshot.Interrupted): stop the child
        # before going on, so that nothing it writes lands after the caller has cleaned up.
        stop(process)
        raise


def stop(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    """Ask a child to stop with SIGINT (from a terminal it may have one already, which is
    harmless), wait ``grace`` seconds, then kill it; further signals wait meanwhile."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None
    try:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def check_stream(
    argv: Sequence[StrPath],
    cwd: StrPath | None = None,
    hint: str | None = None,
    stop_on_interrupt: bool = False,
) -> None:
    """Run ``argv`` attached to this terminal; raise TracksError (exit code 1) if it fails."""
    code = stream(argv, cwd=cwd, hint=hint, stop_on_interrupt=stop_on_interrupt)
    if code != 0:
        raise TracksError(
            f"`{format_argv(argv)}` exited with status {code} (its output is above)",
            hint=hint,
            exit_code=1,
        )
