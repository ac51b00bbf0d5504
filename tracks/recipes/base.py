"""What every recipe tells ``tracks generate`` and ``tracks destroy``.

A recipe's Copier templates live in ``recipes/<name>/``; the Python side of a recipe only
checks the input against the app (before anything is written) and names the extra answers Copier needs. What a recipe
wires into files the app owns is declared by its templates (`.tracks/wiring/<recipe>-<name>.yml`,
see hooks/wiring.py), so it is versioned with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from model import layout
from model.errors import TracksError
from tracks.project import Project

#: ``clock()`` gives the UTC timestamp (YYYYMMDDHHMMSS) a new migration is named after.
Clock = Callable[[], str]


def nothing_before(project: Project, name: str, answers: dict[str, object]) -> None:
    return None


def nothing_after(
    project: Project, name: str, answers: dict[str, object], clock: Clock
) -> list[str]:
    return []


def keeps_nothing(rel: str) -> bool:
    return False


def no_answers(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    if args:
        raise TracksError(
            f"unexpected arguments {' '.join(args)!r}: this recipe takes only a name",
            hint=f"for example: tracks generate component {name}",
        )
    return {}


@dataclass(frozen=True)
class Recipe:
    """One recipe as the CLI sees it.

    ``prepare`` checks NAME and the extra arguments against the app and returns the Copier
    answers the recipe needs beyond ``recipe`` and ``name``; it raises :class:`TracksError`
    (exit 2) for bad input.
    """

    name: str
    summary: str
    prepare: Callable[[Project, str, list[str], Clock], dict[str, object]] = no_answers
    next_steps: tuple[str, ...] = ()
    takes_fields: bool = False
    destroyable: bool = True
    #: ``destroy`` checks first (e.g. that no other resource references this one) ...
    before_destroy: Callable[[Project, str, dict[str, object]], None] = nothing_before
    #: ... never deletes the files this says to keep (an applied migration) ...
    keeps_on_destroy: Callable[[str], bool] = keeps_nothing
    #: ... and afterwards may add files of its own (a migration that drops the table).
    after_destroy: Callable[[Project, str, dict[str, object], Clock], list[str]] = nothing_after


def refuse_existing_constant(root: Path, folder: str, names: list[str]) -> None:
    """Refuse when a Go package already declares one of ``names`` (``Name =``, ``const Name =``,
    ``func Name`` or ``type Name``)."""
    for const in names:
        taken = re.compile(
            rf"^\s*(?:(?:const\s+|var\s+)?{const}\s*=|func {const}\(|type {const}\s)", re.M
        )
        for path in sorted((root / folder).glob("*.go")):
            if taken.search(path.read_text()):
                raise TracksError(
                    f"{const} already exists in {path.relative_to(root)}",
                    hint="pick another name, or `tracks destroy` what made it first",
                )


def refuse_deps_field(root: Path, field: str) -> None:
    """``apphttp.Deps`` must not already have the field a service is wired in as."""
    server = root / "internal/http/server.go"
    if not server.is_file():
        return  # wiring.check reports the missing file with a hint
    for line in server.read_text().splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == field and line.startswith("\t"):
            raise TracksError(
                f"apphttp.Deps already has a field {field} (internal/http/server.go)",
                hint="pick another name, or `tracks destroy` what made it first",
            )


def answers_path(root: Path, recipe: str, name: str) -> Path:
    return root / layout.recipe_answers(recipe, name)


def check_not_generated(root: Path, recipe: str, name: str) -> None:
    """Running a recipe twice would duplicate its files; refuse before Copier runs."""
    answers = answers_path(root, recipe, name)
    if answers.exists():
        rel = answers.relative_to(root)
        raise TracksError(
            f"{recipe} {name!r} already exists: it was already generated ({rel})",
            hint=f"update it with `copier update --trust -a {rel}`, or `tracks destroy "
            f"{recipe} {name}` first",
        )
