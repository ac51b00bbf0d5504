"""How the ``tracks`` program ends: a TracksError as ``error:`` and ``hint:`` lines on stderr
and its exit code, argparse's exits as exit codes. No traceback reaches the user."""

from __future__ import annotations

import sys

from model.errors import TracksError


def error(err: TracksError) -> int:
    """Print err as the CLI does and return its exit code."""
    sys.stdout.flush()
    print(f"error: {err.message}", file=sys.stderr)
    if err.hint:
        print(f"hint: {err.hint}", file=sys.stderr)
    return err.exit_code


def interrupted() -> int:
    print("\nerror: interrupted", file=sys.stderr)
    return 130


def exit_status(exc: SystemExit) -> int:
    """argparse's SystemExit as an exit code: --help/--version 0, a usage error 2."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 2
