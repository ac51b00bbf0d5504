"""``tracks generate repository NAME`` (placeholder, being written)."""

from __future__ import annotations

from tracks.recipes.base import Recipe

RECIPE = Recipe(name="repository", summary="(being written)")
