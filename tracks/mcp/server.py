"""Build and run the MCP server of ``tracks mcp``: stdio by default, streamable HTTP on
127.0.0.1 with ``--http``."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from mcp.server.mcpserver import MCPServer

import tracks
from tracks.mcp import (
    prompts,
    resources,
    tools_db,
    tools_generate,
    tools_logs,
    tools_project,
    tools_quality,
)
from tracks.mcp.common import App
from tracks.mcp.processes import stop_children
from tracks.project import find_project

#: Only the loopback interface: the tools act on this machine's files.
HOST = "127.0.0.1"
PATH = "/mcp"
INSTRUCTIONS = (
    "Tools over one Tracks app (a Go web app made from the Tracks template): read it "
    "(project_info, list_routes, describe_schema, ...), apply recipes with `generate` (a dry "
    "run by default), migrate the development database, run its tests and linters. They act "
    "only inside the project root; destroy and database resets are not served."
)


def build_server(start: Path) -> MCPServer:
    """The server for the app found from ``start`` upwards (looked up again on each call)."""
    server: MCPServer = MCPServer(
        "tracks",
        title="Tracks",
        version=tracks.__version__,
        instructions=INSTRUCTIONS,
        log_level="WARNING",
    )
    app = App(start.resolve())
    for module in (tools_project, tools_generate, tools_db, tools_quality, tools_logs):
        module.register(server, app)
    resources.register(server, app)
    prompts.register(server)
    return server


def interrupted(number: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Path | None = None, http: bool = False, port: int = 8765) -> int:
    """Run until the client hangs up (stdio) or an interrupt (HTTP); the exit code."""
    start = (project or Path.cwd()).resolve()
    if find_project(start) is None:
        print(
            f"notice: no Tracks app at {start} or above it: the app's tools will answer with "
            "an error (pass --project DIR)",
            file=sys.stderr,
        )
    server = build_server(start)
    signal.signal(signal.SIGTERM, interrupted)  # stop the children too (see finally)
    try:
        if http:
            print(f"tracks mcp: serving http://{HOST}:{port}{PATH}", file=sys.stderr)
            server.run("streamable-http", host=HOST, port=port, streamable_http_path=PATH)
        else:
            server.run("stdio")
    except KeyboardInterrupt:
        return 130
    finally:
        stop_children()
    return 0
