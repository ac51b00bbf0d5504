"""Tools that read the app: project_info, list_recipes, list_resources, list_routes,
describe_schema, doctor."""

from __future__ import annotations

import json
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from tracks.mcp.common import App, call, jsonable, run_cli, tail
from tracks.project import find_project

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)


def register(server: MCPServer, app: App) -> None:
    @server.tool(annotations=READ_ONLY)
    async def project_info() -> dict[str, Any]:
        """The app at a glance: name, Go module, database, providers, template version and the
        recipes generated so far."""
        from tracks.workbench.info import project_info as read_project_info  # loads Copier

        project = await call(app.project)
        return jsonable(await call(read_project_info, project))

    @server.tool(annotations=READ_ONLY)
    async def list_recipes() -> dict[str, Any]:
        """The recipes `generate` takes, their arguments, and the field language (types and
        modifiers) of a resource's fields."""
        # imported here: the recipes module loads Copier, which `initialize` need not wait for
        from tracks.workbench.recipes import field_modifiers, field_types
        from tracks.workbench.recipes import list_recipes as read_recipes

        return {
            "recipes": [
                {**jsonable(recipe), "takes_fields": recipe.takes_fields}
                for recipe in read_recipes()
            ],
            "field_types": list(field_types()),
            "field_modifiers": list(field_modifiers()),
        }

    @server.tool(annotations=READ_ONLY)
    async def list_resources() -> dict[str, Any]:
        """The resources generated in the app, with the fields they were generated with."""
        from tracks.workbench.info import recipe_runs  # loads Copier

        project = await call(app.project)
        runs = await call(recipe_runs, project)
        return {"resources": [jsonable(run) for run in runs if run.recipe == "resource"]}

    @server.tool(annotations=READ_ONLY)
    async def list_routes() -> dict[str, Any]:
        """The app's routes from its Go source: method, path, route constant, handler and
        where the handler is registered (file:line)."""
        from tracks.workbench.routes import list_routes as read_routes

        project = await call(app.project)
        return {"routes": jsonable(await call(read_routes, project))}

    @server.tool(annotations=READ_ONLY)
    async def describe_schema() -> dict[str, Any]:
        """The tables of the app's development database: columns, indexes and row counts (the
        database must exist: run migrate_up first)."""
        from tracks.workbench.schema import describe_schema as read_schema  # database drivers

        project = await call(app.project)
        return jsonable(await call(read_schema, project))

    @server.tool(annotations=READ_ONLY)
    async def doctor() -> dict[str, Any]:
        """`tracks doctor`: the tools the app needs (Go, sqlc, templ, a C compiler, ...) and its
        providers' settings; each check with a fix when it fails."""
        project = find_project(app.start)  # outside an app: the tools only
        where = project.root if project is not None else app.start
        result = await call(run_cli, where, ["doctor", "--json"])
        try:
            checks = json.loads(result.output[result.output.index("[") :])
        except ValueError:
            return {"ok": False, "exit_code": result.code, "output": tail(result.output)}
        return {"ok": result.code == 0, "exit_code": result.code, "checks": checks}
