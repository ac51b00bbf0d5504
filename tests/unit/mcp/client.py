"""Helpers of the MCP tests: the SDK's own client on `python -m tracks mcp`, over stdio or
HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, TextContent

from tests.support.paths import REPO

#: Long enough for a loaded CI machine; a real `generate` is the slowest call.
CALL_TIMEOUT = 600.0


def server_env() -> dict[str, str]:
    """This environment, with this checkout importable (the child runs `python -m tracks`)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def stdio_client(app: Path) -> Client:
    """A client that starts `python -m tracks mcp` in ``app`` and talks over its stdio."""
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "tracks", "mcp"], cwd=str(app), env=server_env()
    )
    return Client(params, read_timeout_seconds=CALL_TIMEOUT)


def text(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


def data(result: CallToolResult) -> dict[str, Any]:
    """A successful call's structured result."""
    assert not result.is_error, text(result)
    if result.structured_content is not None:
        return dict(result.structured_content)
    return json.loads(text(result))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def http_server(app: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """`tracks mcp --http --port PORT` in ``app``, once it accepts connections."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tracks", "mcp", "--http", "--port", str(port)],
        cwd=app,
        env=server_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"tracks mcp --http exited {process.returncode}:\n{output}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("tracks mcp --http did not listen within 60 s") from None
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
