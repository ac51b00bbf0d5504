"""tracks/workbench/recipes.py: every recipe of `tracks generate`, with its arguments."""

from __future__ import annotations

import pytest

from model import fields
from model.errors import TracksError
from tracks import recipes
from tracks.cli import main
from tracks.workbench.recipes import field_modifiers, field_types, get_recipe, list_recipes

pytestmark = pytest.mark.unit


def test_every_recipe_with_its_summary_in_the_clis_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listed = list_recipes()
    assert [r.name for r in listed] == list(recipes.RECIPES)
    assert main(["generate", "--help"]) == 0
    help_text = capsys.readouterr().out
    for recipe in listed:
        assert recipe.summary == recipes.RECIPES[recipe.name].summary
        assert f"{recipe.name:<11} {recipe.summary}" in help_text


def test_arguments() -> None:
    by_name = {r.name: r for r in list_recipes()}
    resource = by_name["resource"]
    assert [a.name for a in resource.arguments] == ["NAME", "FIELD", "--auth", "--dry-run"]
    assert resource.takes_fields
    field = resource.arguments[1]
    assert field.required and field.repeatable and not field.flag
    assert "enum(a|b|c)" in field.help and "optional" in field.help
    assert resource.next_steps and resource.destroyable
    for name in ("page", "handler", "component", "service", "repository", "job", "migration"):
        assert [a.name for a in by_name[name].arguments] == ["NAME", "--dry-run"]
        assert not by_name[name].takes_fields
    assert not by_name["migration"].destroyable
    assert all(a.flag for r in by_name.values() for a in r.arguments if a.name.startswith("--"))


def test_the_field_language() -> None:
    assert len(field_types()) == len(fields.FIELD_TYPES)
    assert "references" in field_types() and "enum" not in field_types()
    assert field_modifiers() == fields.MODIFIERS


def test_get_recipe() -> None:
    assert get_recipe("job").summary == recipes.RECIPES["job"].summary
    with pytest.raises(TracksError) as err:
        get_recipe("widget")
    assert err.value.exit_code == 2
    assert err.value.hint and "resource" in err.value.hint
