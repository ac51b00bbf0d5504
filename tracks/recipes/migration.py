"""``tracks generate migration NAME``: an empty timestamped goose migration (GEN-4)."""

from __future__ import annotations

from model.errors import TracksError
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    clash = sorted((project.root / "internal/db/migrations").glob(f"*_{name}.sql"))
    if clash:
        raise TracksError(
            f"a migration named {name!r} already exists: {clash[0].name}",
            hint="pick another name",
        )
    return {"migration_ts": clock()}


RECIPE = Recipe(
    name="migration",
    summary="an empty timestamped goose migration",
    prepare=prepare,
    next_steps=("fill in the migration, then `tracks db migrate`",),
    destroyable=False,
)
