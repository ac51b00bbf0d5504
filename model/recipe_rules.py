"""Validators for recipe answers (`tracks generate <recipe> <name>` and plain Copier runs)."""

from __future__ import annotations

import re

from .gonames import BUILD_SUFFIXES

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


def job_name_error(value: object) -> str:
    """A job's name is also its type on the queue (`^[a-z][a-z0-9_.]{1,63}$` in internal/jobs,
    so at least two characters) and names `internal/jobs/tasks/<name>.go`, which must build
    everywhere and not be a test file."""
    problem = recipe_name_error(value)
    if problem:
        return problem
    text = str(value)
    if len(text) < 2:
        return (
            f"Job name {text!r} is its queue type too, which takes 2 characters or more. "
            "Example: send_digest"
        )
    last = text.rsplit("_", 1)[-1]
    if last in BUILD_SUFFIXES:
        return (
            f"Job name {text!r} ends in {last!r}: Go would build internal/jobs/tasks/{text}.go "
            + ("as a test" if last == "test" else f"only for {last}")
            + f". Example: {text}s"
        )
    return ""
