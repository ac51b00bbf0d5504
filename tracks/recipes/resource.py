"""``tracks generate resource NAME FIELD...`` (placeholder, being written)."""

from __future__ import annotations

from tracks.recipes.base import Recipe

RECIPE = Recipe(name="resource", summary="(being written)", takes_fields=True)
