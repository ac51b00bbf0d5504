"""The ``resource(...)`` global of the resource recipe's templates.

``{%- set r = resource(name, fields, app_database, ref_labels) %}`` at the top of a template
gives the parsed resource (tracks/scaffold.py) with its fields, names and per-driver Go and SQL.

Loaded by file path (see copier.yml). The parser lives in the ``tracks`` package; when Copier
runs without it installed (plain ``copier copy`` from a clone), this repository's root is put
on ``sys.path`` so the clone's own copy is used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import Extension

try:
    from tracks.errors import TracksError
    from tracks.scaffold import resource_view
except ImportError:  # pragma: no cover - only without the tracks package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tracks.errors import TracksError
    from tracks.scaffold import resource_view


def fields_error(fields: object, driver: object) -> str:
    """Copier validator of the `fields` answer: the parser's message, or "" when valid."""
    try:
        resource_view("item", str(fields or ""), str(driver or "go-libsql"))
    except TracksError as err:
        return f"{err.message} ({err.hint})" if err.hint else err.message
    return ""


class ResourceExtension(Extension):
    """Registers ``resource()`` and the ``fields_error`` validator filter."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["resource"] = resource_view
        environment.filters["fields_error"] = fields_error
