"""Migration tools: migrate_status and migrate_up, through the app's own ./cmd/migrate (as
`tracks db status` and `tracks db migrate`). Rollback and reset are not served."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from tracks.mcp.common import App, call, jsonable, progress, tail

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)


def register(server: MCPServer, app: App) -> None:
    @server.tool(annotations=READ_ONLY)
    async def migrate_status() -> dict[str, Any]:
        """Each migration of the app and whether the development database has it applied."""
        from tracks.workbench.migrations import migration_status

        project = await call(app.project)
        status = await call(migration_status, project)
        return {
            "current_version": status.current_version,
            "pending": len(status.pending),
            "migrations": jsonable(status.migrations),
        }

    @server.tool(annotations=WRITES)
    async def migrate_up(
        ctx: Context,
        steps: Annotated[int | None, Field(ge=1, le=10_000, description="apply at most N")] = None,
        to: Annotated[
            str | None, Field(pattern=r"^\d{1,20}$", description="migrate up to VERSION")
        ] = None,
    ) -> dict[str, Any]:
        """Apply pending migrations to the development database (`tracks db migrate`), all of
        them or `steps` or up `to` a version. This changes the database: confirm first."""
        from tracks.workbench.migrations import migrate_up as run_migrate_up
        from tracks.workbench.migrations import migration_status

        if steps is not None and to is not None:
            raise ToolError("give steps or to, not both (as `tracks db migrate`)\nexit code: 2")
        project = await call(app.project)
        result = await call(run_migrate_up, project, steps, to, progress(ctx))
        if not result.ok:
            raise ToolError(f"migrate up failed:\n{tail(result.output)}\nexit code: {result.code}")
        after = await call(migration_status, project)
        return {
            "ok": True,
            "exit_code": result.code,
            "current_version": after.current_version,
            "pending": len(after.pending),
            "output": tail(result.output),
        }
