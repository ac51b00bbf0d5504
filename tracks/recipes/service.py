"""``tracks generate service NAME`` (placeholder, being written)."""

from __future__ import annotations

from tracks.recipes.base import Recipe

RECIPE = Recipe(name="service", summary="(being written)")
