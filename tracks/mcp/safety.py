"""Path confinement: every path a tool takes is resolved inside the project root.

A path is resolved with its symlinks followed (``Path.resolve``), so a link in the app that
points outside it is refused like ``../..`` is; absolute paths are accepted only inside the root.
"""

from __future__ import annotations

from pathlib import Path

from model.errors import TracksError


def confine(root: Path, path: str | Path) -> Path:
    """``path`` (relative to ``root``, or absolute) resolved, when it is inside ``root``.

    Raises TracksError (2) when it is empty, holds a NUL, or resolves outside the root.
    """
    text = str(path)
    if not text.strip() or "\0" in text:
        raise TracksError(f"not a path: {text!r}")
    base = root.resolve()
    target = (base / path).resolve()
    if not target.is_relative_to(base):
        raise TracksError(
            f"{text!r} is outside the project ({base})",
            hint="tools act only inside the project root; symlinks out of it are refused",
        )
    return target


def confine_package(root: Path, pattern: str) -> str:
    """A Go package pattern of the app (``./internal/...``, ``internal/auth``) checked to name a
    folder inside the root; returned as ``./relative/path[/...]``, as ``go test`` takes it."""
    text = pattern.strip()
    if text.startswith("-"):
        raise TracksError(f"not a package: {pattern!r}", hint="for example: ./internal/...")
    folder, dots = text, ""
    if folder == "...":
        folder, dots = ".", "/..."
    elif folder.endswith("/..."):
        folder, dots = folder[: -len("/...")], "/..."
    target = confine(root, folder or ".")
    if not target.is_dir():
        raise TracksError(
            f"no package folder {pattern!r} in the project", hint="for example: ./internal/..."
        )
    relative = target.relative_to(root.resolve()).as_posix()
    return ("." if relative == "." else f"./{relative}") + dots
