"""``tracks generate handler NAME``: a handler with its route, page view and test (GEN-1).

Unlike ``page`` (a static ``<Name>Page`` with a ``Show`` action and a nav link), a handler is
the start of a feature: ``<Name>Handler`` with an ``Index`` action, meant to grow more actions
and take services through its constructor. Its names never match the page recipe's, so a
``page`` and a ``handler`` of different names live side by side; the same name is refused,
because both own the route constant ``routes.<Name>``.
"""

from __future__ import annotations

from model.naming import pascal
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers, refuse_existing_constant
from model.gonames import refuse_build_suffix


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    refuse_build_suffix("handler", name)
    const = pascal(name)
    refuse_existing_constant(project.root, "internal/http/routes", [const])
    refuse_existing_constant(
        project.root, "internal/http/handlers", [f"{const}Handler", f"New{const}Handler"]
    )
    refuse_existing_constant(
        project.root, "internal/http/views/pages", [f"{const}Index", f"{const}IndexContent"]
    )
    return {}



RECIPE = Recipe(
    name="handler",
    summary="a handler with an Index action, its route, page view and test",
    prepare=prepare,
)
