"""The recipes ``tracks generate`` knows, by name. Each module describes one recipe."""

from __future__ import annotations

from model.errors import TracksError
from tracks.recipes import component, handler, job, migration, page, repository, resource, service
from tracks.recipes.base import Clock, Recipe

__all__ = ["RECIPES", "Clock", "Recipe", "get"]

RECIPES: dict[str, Recipe] = {
    recipe.name: recipe
    for recipe in (
        migration.RECIPE,
        component.RECIPE,
        page.RECIPE,
        resource.RECIPE,
        handler.RECIPE,
        service.RECIPE,
        repository.RECIPE,
        job.RECIPE,
    )
}


def get(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except KeyError:
        raise TracksError(
            f"unknown recipe {name!r}", hint=f"available: {', '.join(RECIPES)}"
        ) from None
