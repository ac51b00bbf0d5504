"""e2e tier: `tracks mcp` over stdio writes for real: `generate` a resource (dry_run false: the
CLI's Copier run, sqlc, templ, `go build`), then `run_tests` on its package, with one failing
test of ours reported with its file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anyio
import pytest

from tests.unit.mcp.client import data, stdio_client, text

pytestmark = pytest.mark.e2e

FAILING_TEST = """package posts

import "testing"

func TestMCPReportsThisFailure(t *testing.T) {
	t.Fatal("failing on purpose")
}
"""


def test_generate_then_run_tests(app_copy: Callable[[str], Path]) -> None:
    app = app_copy("go-libsql")
    progress: list[str] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append(message or "")

    async def session() -> None:
        async with stdio_client(app) as client:
            args = {
                "recipe": "resource",
                "name": "post",
                "fields": ["title:string", "body:text:optional"],
                "dry_run": False,
            }
            result = await client.call_tool("generate", args, progress_callback=on_progress)
            made = data(result)
            assert made["exit_code"] == 0 and not made["dry_run"], text(result)
            assert "internal/domain/posts/service.go" in made["created"], made
            assert "cmd/server/main.go" in made["wired"], made

            resources = data(await client.call_tool("list_resources", {}))["resources"]
            assert [(r["name"], r["fields"]) for r in resources] == [
                ("post", "title:string body:text:optional")
            ]
            routes = data(await client.call_tool("list_routes", {}))["routes"]
            paths = {route["path"] for route in routes}
            assert "/posts" in paths and any(p.startswith("/posts/") for p in paths), paths

            # a second run of the same recipe is refused by the CLI, nothing written
            again = await client.call_tool("generate", args)
            assert again.is_error and "exit code: 2" in text(again), text(again)

            (app / "internal/domain/posts/mcp_fail_test.go").write_text(FAILING_TEST)
            tested = data(
                await client.call_tool(
                    "run_tests",
                    {"packages": ["./internal/domain/posts/..."]},
                    progress_callback=on_progress,
                )
            )
            assert not tested["ok"] and tested["exit_code"] != 0, tested
            summary = tested["summary"]
            assert summary["failed"] == 1 and summary["passed"] > 0, summary
            (failure,) = tested["failures"]
            assert failure["name"].endswith("TestMCPReportsThisFailure"), failure
            assert failure["location"] == "internal/domain/posts/mcp_fail_test.go:6", failure
            assert "failing on purpose" in failure["output"], failure

    anyio.run(session)
    assert progress, "no progress notification"
