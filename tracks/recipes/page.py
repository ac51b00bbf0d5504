"""``tracks generate page NAME``: a static page, its route and a nav entry (GEN-5)."""

from __future__ import annotations

from hooks.wiring import Insertion
from tracks.naming import pascal
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers, refuse_existing_constant


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    refuse_existing_constant(project.root, "internal/http/routes", [pascal(name)])
    return {}


def wiring(name: str, answers: dict[str, object]) -> list[Insertion]:
    const = pascal(name)
    title = name.replace("_", " ").title()
    return [
        Insertion(
            "internal/http/routes.go",
            "routes",
            f"web.Get(routes.{const}, handlers.New{const}Page(s.log).Show)",
        ),
        Insertion("internal/http/routes/routes.go", "routes-list", f'"GET " + {const},'),
        Insertion(
            "internal/http/views/components/nav.templ",
            "nav",
            f"<li><a href={{ templ.SafeURL(routes.{const}) }}>{title}</a></li>",
        ),
    ]


RECIPE = Recipe(
    name="page",
    summary="a static page with its route, handler, test and nav link",
    prepare=prepare,
    wiring=wiring,
)
