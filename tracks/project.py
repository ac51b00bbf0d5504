"""Find the root of a generated Tracks app (spec CLI-2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from model import layout
from model.errors import TracksError

ANSWERS_FILE = layout.APP_ANSWERS


@dataclass(frozen=True)
class Project:
    """A Tracks app: its root folder and the Copier answers recorded there."""

    root: Path
    answers: dict[str, Any]

    @property
    def database(self) -> str:
        return str(self.answers.get("database", ""))

    @property
    def name(self) -> str:
        return str(self.answers.get("project_name") or self.root.name)

    @property
    def env_prefix(self) -> str:
        """The prefix of the app's environment variables (``<P>_DATABASE_URL``)."""
        prefix = self.answers.get("env_prefix")
        if prefix:
            return str(prefix)
        return re.sub(r"[^A-Za-z0-9]+", "_", self.name).strip("_").upper()


def read_answers(path: Path) -> dict[str, Any] | None:
    """The answers in ``path`` as a mapping, or None if it is unreadable or not a mapping."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def find_project(start: Path | None = None) -> Project | None:
    """The nearest folder, from ``start`` (default: cwd) upwards, whose ``.copier-answers.yml``
    has a ``database`` key; None when there is none.

    Answers files without that key (other Copier templates) are skipped.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / ANSWERS_FILE
        if not candidate.is_file():
            continue
        answers = read_answers(candidate)
        if answers is not None and "database" in answers:
            return Project(root=folder, answers=answers)
    return None


def require_project(start: Path | None = None) -> Project:
    """Like find_project, but raise TracksError (exit code 2) outside a Tracks app."""
    project = find_project(start)
    if project is None:
        here = (start or Path.cwd()).resolve()
        raise TracksError(
            f"not inside a Tracks app (no {ANSWERS_FILE} with a `database` answer in {here} "
            "or any folder above it)",
            hint="cd into an app made with `tracks new NAME`, or create one",
        )
    return project
