"""`tracks generate` wires the same identifiers the recipe templates render."""

from __future__ import annotations

import pytest

from tracks import recipes


def wiring_for(recipe: str, name: str) -> list:
    return recipes.get(recipe).wiring(name, {})


pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("name", "const"),
    [
        ("pricing", "Pricing"),
        ("blog_post", "BlogPost"),
        ("api_docs", "APIDocs"),
        ("user_id", "UserID"),
    ],
)
def test_page_wiring_uses_the_templates_pascal_case(name: str, const: str) -> None:
    lines = [ins.line for ins in wiring_for("page", name)]
    assert f"web.Get(routes.{const}, handlers.New{const}Page(s.log).Show)" in lines
    assert f'"GET " + {const},' in lines
    assert any(f"routes.{const})" in line for line in lines)


def test_other_recipes_need_no_wiring() -> None:
    assert wiring_for("component", "card") == []
    assert wiring_for("migration", "add_tags") == []
