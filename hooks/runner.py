"""Run external commands with plumbum and turn failures into HookErrors naming the command."""

from __future__ import annotations

from pathlib import Path

from plumbum import local
from plumbum.commands.base import BaseCommand
from plumbum.commands.processes import CommandNotFound

from hooks.errors import HookError


def resolve(program: str, hint: str) -> BaseCommand:
    """Find a program on PATH, or fail with a hint how to install it."""
    try:
        return local[program]
    except CommandNotFound as exc:
        raise HookError(f"{program} was not found on PATH", hint) from exc


def run(command: BaseCommand, cwd: Path, label: str | None = None) -> str:
    """Run `command` in `cwd`; on failure raise a HookError with its full output.

    Output is captured rather than streamed so a failure can be reported as one block, with the
    command line first: that is what a user needs to reproduce it by hand.
    """
    shown = label or str(command)
    with local.cwd(cwd):
        code, out, err = command.run(retcode=None)
    if code != 0:
        output = "\n".join(part.rstrip() for part in (out, err) if part.strip())
        raise HookError(
            f"`{shown}` failed with exit code {code} in {cwd}:\n{output}",
            "fix the problem above and run the command again by hand",
        )
    return out
