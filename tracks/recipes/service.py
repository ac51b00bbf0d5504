"""``tracks generate service NAME``: a domain service, its interface, double and test (GEN-2).

The service is the package ``internal/domain/<name>`` (the directory and the package share the
name, so ``repository NAME`` adds to the same package). The HTTP layer sees it through
``interfaces.<Name>Service``; ``tests/mocks/<name>_service.go`` is a hand-written double of that
interface (function fields, like matryer/moq) so the app's go.mod gains no mocking module.

Wiring constructs it in ``cmd/server/main.go`` and hands it to ``apphttp.Deps``, whose
``validate`` refuses it when nil (one line through the ``required`` helper of server.go, since a
wiring line is one statement). The ``tests/mocks`` import is shared with every other service;
``tracks destroy`` leaves it while another recipe run still wires it.
"""

from __future__ import annotations

from model import naming
from model.naming import pascal
from tracks.project import Project
from tracks.recipes.base import (
    Clock,
    Recipe,
    no_answers,
    refuse_deps_field,
    refuse_existing_constant,
)
from model.gonames import refuse_package_name

def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    refuse_package_name("service", name)
    field = pascal(name)
    refuse_existing_constant(project.root, "internal/interfaces", [f"{field}Service"])
    refuse_existing_constant(project.root, f"internal/domain/{name}", ["Service", "NewService"])
    refuse_deps_field(project.root, field)
    return {}



RECIPE = Recipe(
    name="service",
    summary="a domain service with its interface, test double, test and constructor wiring",
    prepare=prepare,
)
