"""The ``tracks`` program's entry point: ``tracks mcp`` starts without the rest of the CLI.

An MCP client starts ``tracks mcp`` for every session and waits for its first answer, so what
it imports is its start-up time. The full CLI (:mod:`tracks.cli`) imports every command, Copier
and its prompt libraries among them, which ``tracks mcp`` never uses: a few hundred ms of CPU
(bench/mcpbench.py ``--breakdown``). Every other command goes through :mod:`tracks.cli` as before.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from model.errors import TracksError
from tracks import report


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``tracks`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["mcp"]:
        return mcp(args[1:])
    from tracks.cli import main as cli_main

    return cli_main(argv)


def mcp(argv: Sequence[str]) -> int:
    """``tracks mcp ARGS``: the same arguments, help and exit codes as through the full CLI."""
    from tracks.mcp import command

    try:
        parsed = command.parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return report.exit_status(exc)
    try:
        return command.run(parsed)
    except TracksError as err:
        return report.error(err)
    except KeyboardInterrupt:
        return report.interrupted()
