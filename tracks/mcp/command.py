"""The ``tracks mcp`` subcommand: its arguments; the server itself is :mod:`tracks.mcp.server`,
imported only when the command runs, so the rest of the CLI does not load the MCP SDK."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_PORT = 8765


def port_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, got {value}")
    return value


DESCRIPTION = (
    "Serve the app's tools (project info, routes, schema, generate, migrations, tests, lint, "
    "logs), its answers and the docs to an MCP client, over stdio by default or streamable HTTP "
    "on 127.0.0.1 with --http. Destructive commands (destroy, db reset) are not served. See "
    "docs/mcp.md."
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "mcp",
        help="serve the app to an AI assistant over MCP (stdio, or HTTP on 127.0.0.1)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--http",
        action="store_true",
        help=f"serve streamable HTTP at http://127.0.0.1:PORT/mcp (default port {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, metavar="N", help="port for --http"
    )
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the app to serve (default: the app around the current folder)",
    )
    parser.set_defaults(handler=run)


def parser() -> argparse.ArgumentParser:
    """``tracks mcp`` on its own, for :mod:`tracks.entry`: the same arguments and help as the
    subcommand of the full CLI."""
    own = argparse.ArgumentParser(
        prog="tracks mcp",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(own)
    return own


def run(args: argparse.Namespace) -> int:
    from tracks.mcp.server import serve

    return serve(project=args.project, http=args.http, port=args.port)
