"""model/layout.py names the files Tracks keeps in an app; copier.yml and the recipes' templates
spell the same names in Jinja. These tests hold the two together."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
import yaml

from model import layout

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
RECIPES = ROOT / "recipes"
COPIER = yaml.safe_load((ROOT / "copier.yml").read_text())
RECIPE_NAMES = [c for c in COPIER["recipe"]["choices"] if c != "app"]


def render(expression: str, **context: str) -> str:
    return (
        jinja2.Environment(undefined=jinja2.StrictUndefined)
        .from_string(expression)
        .render(**context)
    )


def test_the_app_answers_file() -> None:
    assert render(COPIER["_answers_file"], recipe="app", name="") == layout.APP_ANSWERS
    assert COPIER["_external_data"]["app"] == layout.APP_ANSWERS


@pytest.mark.parametrize("recipe", RECIPE_NAMES)
@pytest.mark.parametrize("name", ["add_tags", "blog_post", "x"])
def test_a_recipe_answers_file(recipe: str, name: str) -> None:
    expected = layout.recipe_answers(recipe, name)
    assert render(COPIER["_answers_file"], recipe=recipe, name=name) == expected
    assert expected.startswith(layout.TRACKS_DIR + "/")


def test_the_wire_task_reads_the_declaration_the_recipe_renders() -> None:
    wire = [task for task in COPIER["_tasks"] if "wire" in task["command"]]
    assert len(wire) == 1
    command = wire[0]["command"]
    arg = command[command.index("wire") + 1]
    assert render(arg, recipe="resource", name="blog_post") == layout.recipe_wiring(
        "resource", "blog_post"
    )


def wiring_templates() -> list[Path]:
    return sorted(RECIPES.glob(f"*/{layout.TRACKS_DIR}/wiring/*.jinja"))


def test_the_recipes_that_wire_declare_it() -> None:
    assert {path.relative_to(RECIPES).parts[0] for path in wiring_templates()} == {
        "handler",
        "job",
        "page",
        "resource",
        "service",
    }


@pytest.mark.parametrize(
    "template", wiring_templates(), ids=lambda p: p.relative_to(RECIPES).parts[0]
)
@pytest.mark.parametrize("name", ["pricing", "blog_post"])
def test_each_wiring_template_renders_at_layout_recipe_wiring(template: Path, name: str) -> None:
    recipe = template.relative_to(RECIPES).parts[0]
    rel = template.relative_to(RECIPES / recipe).as_posix().removesuffix(".jinja")
    assert render(rel, recipe=recipe, name=name) == layout.recipe_wiring(recipe, name)


def test_the_wiring_declarations_live_under_the_tracks_folder() -> None:
    assert layout.recipe_wiring("page", "a").startswith(layout.TRACKS_DIR + "/wiring/")
    # The answers files and the declarations never share a name (copier update -a takes the one).
    assert layout.recipe_wiring("page", "a") != layout.recipe_answers("page", "a")
