"""The tail_logs tool: the last request lines of the dev server's JSON log (tmp/dev.log)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from model.errors import TracksError
from tracks.mcp.common import App, call, jsonable, tool_error
from tracks.mcp.safety import confine
from tracks.workbench.logs import dev_log_path, tail_requests

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
Level = Literal["trace", "debug", "info", "warn", "error", "fatal", "panic"]


def register(server: MCPServer, app: App) -> None:
    @server.tool(annotations=READ_ONLY)
    async def tail_logs(
        limit: Annotated[int, Field(ge=1, le=1000, description="the last N request lines")] = 50,
        level: Annotated[Level | None, Field(description="this level and more severe")] = None,
        path_contains: Annotated[str | None, Field(max_length=500)] = None,
        status: Annotated[
            str | None, Field(pattern=r"^[1-5](\d\d|xx)$", description="404, or a class: 5xx")
        ] = None,
        request_id: Annotated[str | None, Field(max_length=200)] = None,
    ) -> dict[str, Any]:
        """The last request lines of the dev server's log (`tmp/dev.log`, which `tracks dev`
        writes), oldest first, filtered."""
        project = await call(app.project)
        path = await call(confine, project.root, dev_log_path(project))
        if not path.is_file():
            raise tool_error(
                TracksError(
                    f"no dev log at {path}",
                    hint="start the dev server with `tracks dev`: it writes its log there",
                    exit_code=1,
                )
            )
        lines = await call(tail_requests, path, limit, level, path_contains, status, request_id)
        return {"log": str(path), "count": len(lines), "lines": jsonable(lines)}
