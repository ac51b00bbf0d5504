"""Validators for recipe answers (`tracks generate <recipe> <name>` and plain Copier runs)."""

from __future__ import annotations

import re

RECIPE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
TIMESTAMP = re.compile(r"^\d{14}$")


def recipe_name_error(value: object) -> str:
    """A recipe's name becomes part of file names and Go identifiers: lower snake case only."""
    text = "" if value is None else str(value)
    if not RECIPE_NAME.match(text):
        return (
            f"Recipe name {text!r} must match {RECIPE_NAME.pattern} (lower snake case, at most "
            "64 characters). Example of a valid name: add_tags"
        )
    if "__" in text or text.endswith("_"):
        return f"Recipe name {text!r} must not end with or double an underscore. Example: add_tags"
    return ""


def migration_ts_error(value: object) -> str:
    """Migration versions are UTC timestamps, YYYYMMDDHHMMSS, so goose orders them by time."""
    text = "" if value is None else str(value)
    if not TIMESTAMP.match(text):
        return (
            f"migration_ts {text!r} must be 14 digits, YYYYMMDDHHMMSS in UTC. "
            "Example: 20260102030405"
        )
    return ""
