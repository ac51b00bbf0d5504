"""The generate tool: `tracks generate` run as a child process (it prints, and its children
write to file descriptors 1 and 2: never in this process, whose stdout is the MCP channel)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from tracks.mcp.common import App, call, progress, run_cli, tail

#: The recipes' names, in the order `tracks generate` lists them: ``tuple(tracks.recipes.RECIPES)``
#: (tests/unit/mcp checks it), written out so that listing the tools does not load the recipes.
RECIPE_NAMES = (
    "migration",
    "component",
    "page",
    "resource",
    "handler",
    "service",
    "repository",
    "job",
)
#: The recipes as a JSON schema enum.
Recipe = Literal[RECIPE_NAMES]  # type: ignore[valid-type]
FieldSpec = Annotated[str, Field(min_length=1, max_length=200)]

WRITES = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)


def command(recipe: str, name: str, fields: list[str], dry_run: bool, auth: bool) -> list[str]:
    """The CLI's arguments; ``--`` ends the options, so no name or field is read as one."""
    flags = (["--dry-run"] if dry_run else []) + (["--auth"] if auth else [])
    return ["generate", *flags, "--", recipe, name, *fields]


def listed(output: str, prefix: str) -> list[str]:
    return [line[len(prefix) :].strip() for line in output.splitlines() if line.startswith(prefix)]


def created(output: str) -> list[str]:
    """The files under the CLI's ``created:`` line (indented, up to the next plain line)."""
    files: list[str] = []
    inside = False
    for line in output.splitlines():
        if line == "created:":
            inside = True
        elif inside and line.startswith("  "):
            files.append(line.strip())
        else:
            inside = False
    return files


def register(server: MCPServer, app: App) -> None:
    @server.tool(annotations=WRITES)
    async def generate(
        recipe: Recipe,
        name: Annotated[str, Field(min_length=1, max_length=64, description="lower snake case")],
        ctx: Context,
        fields: Annotated[
            list[FieldSpec],
            Field(max_length=64, description="resource only: name:type[:modifier...]"),
        ] = [],  # noqa: B006 - pydantic copies defaults
        dry_run: bool = True,
        auth: Annotated[bool, Field(description="resource only: routes behind a login")] = False,
    ) -> dict[str, Any]:
        """Apply a recipe inside the app, exactly as `tracks generate` does: its validation
        first (bad input writes nothing), all or nothing. `dry_run` (the default) lists the
        files and wiring and writes nothing; call again with dry_run false to write. Returns
        the CLI's exit code and messages."""
        project = await call(app.project)
        argv = command(recipe, name, list(fields), dry_run, auth)
        result = await call(run_cli, project.root, argv, progress(ctx))
        output = result.output
        outcome: dict[str, Any] = {
            "ok": result.ok,
            "exit_code": result.code,
            "dry_run": dry_run,
            "command": "tracks " + " ".join(argv),
        }
        if dry_run:
            outcome["would_create"] = listed(output, "would create:")
            outcome["would_wire"] = listed(output, "would wire:")
        else:
            outcome["created"] = created(output)
            outcome["wired"] = listed(output, "wired:")
            outcome["next_steps"] = listed(output, "next:")
        messages = [
            line for line in output.splitlines() if line.startswith(("error:", "hint:", "notice:"))
        ]
        if not result.ok:
            text = "\n".join(messages) or tail(output)
            raise ToolError(f"{text}\nexit code: {result.code} ({outcome['command']})")
        outcome["messages"] = messages
        outcome["output"] = tail(output)
        return outcome
