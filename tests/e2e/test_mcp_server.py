"""`tracks mcp` driven by the MCP SDK's own client, over stdio and streamable HTTP, on a rendered
app: the tools, resources and prompts it lists, a dry-run `generate`, the refusals (paths out of
the project, bad arguments) and that a long session leaves no processes behind."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import MCPError
from mcp.types import CallToolResult

from tests.support.render import answers, render
from tests.unit.mcp.client import data, free_port, http_server, stdio_client, text
from tracks.mcp.processes import descendants, parents

pytestmark = pytest.mark.e2e

TOOLS = {
    "project_info",
    "list_recipes",
    "list_resources",
    "list_routes",
    "describe_schema",
    "generate",
    "migrate_status",
    "migrate_up",
    "run_tests",
    "check_coverage",
    "doctor",
    "lint",
    "tail_logs",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app `shop` (go-libsql), with a symlink `escape` to a folder outside it."""
    root = render(tmp_path_factory.mktemp("mcp") / "shop", answers("go-libsql"))
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.go").write_text("package x\n")
    (root / "escape").symlink_to(outside, target_is_directory=True)
    return root


def run(test: Callable[[], Awaitable[None]]) -> None:
    anyio.run(test)


def git_status(app: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=app, capture_output=True, text=True, check=True
    ).stdout


def refused(result: CallToolResult, *words: str) -> str:
    assert result.is_error, text(result)
    message = text(result)
    assert "Traceback" not in message, message
    for word in words:
        assert word in message, message
    return message


def test_lists_tools_resources_and_prompts(app: Path) -> None:
    async def session() -> None:
        async with stdio_client(app) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert set(tools) == TOOLS
            schema = tools["generate"].input_schema
            assert schema["properties"]["dry_run"]["default"] is True
            assert set(schema["required"]) == {"recipe", "name"}
            migrate = tools["migrate_up"].annotations
            assert migrate is not None and migrate.read_only_hint is False

            uris = {str(r.uri) for r in (await client.list_resources()).resources}
            assert {"tracks://reference/fields", "tracks://project/answers"} <= uris
            assert "tracks://docs/cli" in uris and "tracks://docs/mcp" in uris
            answers_file = (await client.read_resource("tracks://project/answers")).contents[0]
            assert "database: go-libsql" in getattr(answers_file, "text", "")
            fields = (await client.read_resource("tracks://reference/fields")).contents[0]
            assert "references" in getattr(fields, "text", "")
            with pytest.raises(MCPError):
                await client.read_resource("tracks://docs/../../etc/passwd")

            prompts = {p.name for p in (await client.list_prompts()).prompts}
            assert prompts == {"add_resource", "add_page"}
            prompt = await client.get_prompt("add_resource", {"name": "post"})
            assert "generate" in getattr(prompt.messages[0].content, "text", "")

            info = data(await client.call_tool("project_info", {}))
            assert info["database"] == "go-libsql" and info["name"] == "shop"
            routes = data(await client.call_tool("list_routes", {}))["routes"]
            assert any(route["path"] == "/" for route in routes), routes
            recipes = data(await client.call_tool("list_recipes", {}))
            assert "resource" in {recipe["name"] for recipe in recipes["recipes"]}

    run(session)


def test_dry_run_generate_writes_nothing(app: Path) -> None:
    before = git_status(app)
    progress: list[str] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append(message or "")

    async def session() -> None:
        async with stdio_client(app) as client:
            args = {"recipe": "resource", "name": "post", "fields": ["title:string", "body:text"]}
            result = data(await client.call_tool("generate", args, progress_callback=on_progress))
            assert result["ok"] and result["dry_run"] and result["exit_code"] == 0
            assert any("posts" in rel for rel in result["would_create"]), result
            assert result["would_wire"], result

            # the CLI's own validation, its message and exit code
            bad_field = await client.call_tool(
                "generate", {"recipe": "resource", "name": "post", "fields": ["title:nope"]}
            )
            refused(bad_field, "error:", "exit code: 2")
            option = await client.call_tool("generate", {"recipe": "page", "name": "--force"})
            refused(option, "exit code: 2")

    run(session)
    assert git_status(app) == before
    assert not (app / "internal/domain/posts").exists()
    assert progress, "no progress notification"


def test_refuses_paths_out_of_the_project_and_bad_arguments(app: Path) -> None:
    async def session() -> None:
        async with stdio_client(app) as client:
            for package in ("../..", "/etc", "./escape", "./escape/..."):
                result = await client.call_tool("run_tests", {"packages": [package]})
                refused(result, "outside the project")
            for name, args in [
                ("generate", {"recipe": "nope", "name": "post"}),
                ("generate", {"recipe": "page"}),
                ("generate", {"recipe": "page", "name": "about", "fields": "x:string"}),
                ("tail_logs", {"limit": 0}),
                ("tail_logs", {"limit": "many"}),
                ("tail_logs", {"status": "99x"}),
                ("migrate_up", {"steps": 0}),
                ("migrate_up", {"steps": 1, "to": "2"}),
                ("migrate_up", {"to": "latest; rm -rf /"}),
                ("no_such_tool", {}),
            ]:
                refused(await client.call_tool(name, args))
            # the server is still there
            assert data(await client.call_tool("project_info", {}))["name"] == "shop"

    run(session)


def test_a_hundred_calls_leave_no_processes(app: Path) -> None:
    before = descendants(os.getpid())
    calls: list[tuple[str, dict[str, Any]]] = [
        ("project_info", {}),
        ("list_routes", {}),
        ("list_resources", {}),
        ("tail_logs", {}),
        ("run_tests", {"packages": ["../outside"]}),
    ]

    async def session() -> None:
        async with stdio_client(app) as client:
            for number in range(100):
                if number % 25 == 24:  # a child process (the CLI) that fails fast
                    result = await client.call_tool("generate", {"recipe": "page", "name": "Bad"})
                    refused(result, "exit code: 2")
                    continue
                name, args = calls[number % len(calls)]
                await client.call_tool(name, args)
            server = descendants(os.getpid()) - before
            assert len(server) == 1, f"the server and nothing below it: {server}"

    run(session)
    deadline = time.monotonic() + 10
    while descendants(os.getpid()) - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not descendants(os.getpid()) - before


def test_hanging_up_stops_the_work(app: Path) -> None:
    """A client that goes away in the middle of `run_tests` leaves no `make` or `go test`."""
    before = descendants(os.getpid())
    seen: set[int] = set()

    async def session() -> None:
        async with stdio_client(app) as client, anyio.create_task_group() as group:
            group.start_soon(client.call_tool, "run_tests", {})
            with anyio.fail_after(120):
                while len(seen) < 2:  # the server and what it runs
                    await anyio.sleep(0.1)
                    seen.update(descendants(os.getpid()) - before)
            group.cancel_scope.cancel()

    run(session)
    deadline = time.monotonic() + 20
    while seen & set(parents()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not seen & set(parents()), "left running"


def test_http_on_loopback(app: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/mcp"
    with http_server(app, port):

        async def session() -> None:
            from mcp import Client

            async with Client(url) as client:
                assert {t.name for t in (await client.list_tools()).tools} == TOOLS
                assert data(await client.call_tool("project_info", {}))["database"] == "go-libsql"
                answers_file = (await client.read_resource("tracks://project/answers")).contents
                assert "go-libsql" in getattr(answers_file[0], "text", "")
                refused(await client.call_tool("run_tests", {"packages": ["/"]}), "outside")

        run(session)

        # a page of another site (DNS rebinding) is refused by the Host check
        request = urllib.request.Request(
            url,
            data=b"{}",
            headers={"Host": "evil.example", "Content-Type": "application/json"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refusal:
            urllib.request.urlopen(request, timeout=10)
        assert refusal.value.code >= 400
