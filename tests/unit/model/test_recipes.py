"""Recipe answer validators."""

from __future__ import annotations

from types import ModuleType

import pytest

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", ["add_tags", "a", "users2", "x" * 64])
def test_good_recipe_names(recipes: ModuleType, name: str) -> None:
    assert recipes.recipe_name_error(name) == ""


@pytest.mark.parametrize(
    "name", ["", "Add", "add-tags", "1add", "_add", "add_", "add__tags", "x" * 65, None, "add tags"]
)
def test_bad_recipe_names_explain_the_rule(recipes: ModuleType, name: str | None) -> None:
    message = recipes.recipe_name_error(name)
    assert "Example" in message


@pytest.mark.parametrize(
    ("stamp", "ok"),
    [("20260102030405", True), ("2026010203040", False), ("2026-01-02", False), ("", False)],
)
def test_migration_timestamps(recipes: ModuleType, stamp: str, ok: bool) -> None:
    assert (recipes.migration_ts_error(stamp) == "") == ok
