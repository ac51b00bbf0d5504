"""``tracks version``: versions of the CLI, Copier, Go and the app's template (spec CLI-5)."""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

import tracks
from hooks import runner
from model.errors import TracksError
from tracks.project import find_project


def go_version() -> str | None:
    """``go env GOVERSION`` (e.g. ``go1.26.8``), or None when Go is missing."""
    if runner.which("go") is None:
        return None
    try:
        result = runner.capture(["go", "env", "GOVERSION"], timeout=60)
    except TracksError:
        return None
    if not result.ok:
        return None
    return result.stdout.strip() or None


def copier_version() -> str | None:
    try:
        return metadata.version("copier")
    except metadata.PackageNotFoundError:
        return None


def collect(cwd: Path | None = None) -> dict[str, Any]:
    """The version report: always the same keys, None where a value is unknown."""
    project = find_project(cwd)
    answers = project.answers if project is not None else {}
    commit = answers.get("_commit")
    src = answers.get("_src_path")
    return {
        "tracks": tracks.__version__,
        "copier": copier_version(),
        "go": go_version(),
        "python": platform.python_version(),
        "project_root": str(project.root) if project is not None else None,
        "template_commit": str(commit) if commit is not None else None,
        "template_src_path": str(src) if src is not None else None,
    }


def version(json_output: bool = False, cwd: Path | None = None) -> int:
    info = collect(cwd)
    if json_output:
        print(json.dumps(info, indent=2))
        return 0
    print(f"tracks   {info['tracks']}")
    print(f"copier   {info['copier'] or 'not installed'}")
    print(f"go       {info['go'] or 'not found'}")
    print(f"python   {info['python']}")
    if info["project_root"] is not None:
        print(f"project  {info['project_root']}")
        print(f"template {info['template_src_path'] or '?'} @ {info['template_commit'] or '?'}")
    return 0
