"""``tracks generate component NAME``: a templ component with a test (GEN-6)."""

from __future__ import annotations

from model.errors import TracksError
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    existing = project.root / "internal/http/views/components" / f"{name}.templ"
    if existing.exists():
        raise TracksError(
            f"a component named {name!r} already exists: {existing.relative_to(project.root)}",
            hint="pick another name",
        )
    return {}


RECIPE = Recipe(name="component", summary="a templ component and its test", prepare=prepare)
