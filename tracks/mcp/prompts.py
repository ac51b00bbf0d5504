"""Prompts: "add a resource" and "add a page", each a short plan that goes through the tools
(a dry run first, then the real run, migrations, tests)."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

from tracks.mcp.resources import FIELDS_URI


def add_resource_text(name: str, description: str = "") -> str:
    want = f" It should hold: {description}." if description else ""
    return (
        f"Add the resource `{name}` to this Tracks app.{want}\n\n"
        "1. Call `list_resources` and `project_info` to see what the app has; a field "
        "`other:references` needs the resource `other` first.\n"
        f"2. Choose its fields in the field language (resource {FIELDS_URI}, or "
        "`list_recipes`): `name:type[:modifier...]`.\n"
        f"3. Call `generate` with recipe `resource`, name `{name}`, the fields and dry_run true; "
        "show me the files it would create and wire.\n"
        "4. When I agree, call `generate` again with dry_run false; report its exit code and "
        "messages.\n"
        "5. Call `migrate_up` (ask me first: it changes the development database), then "
        "`run_tests` for the new packages, and fix what fails."
    )


def add_page_text(name: str, description: str = "") -> str:
    want = f" It should show: {description}." if description else ""
    return (
        f"Add the static page `{name}` to this Tracks app.{want}\n\n"
        "1. Call `list_routes` to check that no route has its path yet.\n"
        f"2. Call `generate` with recipe `page`, name `{name}` and dry_run true; show me the "
        "files and wiring.\n"
        "3. When I agree, call `generate` with dry_run false, then edit the page's templ view "
        "to hold the content.\n"
        "4. Call `run_tests` for ./internal/http/... and fix what fails."
    )


def register(server: MCPServer) -> None:
    server.prompt(
        name="add_resource", title="Add a resource", description="Generate a CRUD resource"
    )(add_resource_text)
    server.prompt(name="add_page", title="Add a page", description="Generate a static page")(
        add_page_text
    )
