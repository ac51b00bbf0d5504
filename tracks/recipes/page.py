"""``tracks generate page NAME``: a static page, its route and a nav entry (GEN-5)."""

from __future__ import annotations

from model.naming import pascal
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers, refuse_existing_constant


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    refuse_existing_constant(project.root, "internal/http/routes", [pascal(name)])
    return {}



RECIPE = Recipe(
    name="page",
    summary="a static page with its route, handler, test and nav link",
    prepare=prepare,
)
