"""``tracks mcp``: an MCP server over an app, on the official MCP Python SDK (spec MCP-1, MCP-2).

Importing this package is cheap: the SDK is imported by :mod:`tracks.mcp.server` only when the
server starts (:mod:`tracks.mcp.command` is what ``tracks/cli.py`` registers).
"""
