"""``tracks generate job NAME``: a background job handler, its payload type and its test.

The job lives in the app's ``internal/jobs/tasks`` package: ``Type<Name>`` (the name on the
queue, equal to NAME), ``<Name>Payload`` and ``<Name>(deps Deps)``, which returns the typed
handler. The wiring registers it in ``tasks.Register`` between the ``tracks:jobs`` markers, so
the server (which checks types at enqueue) and the worker (which runs them) both know it.
"""

from __future__ import annotations

from model import recipe_rules
from model.errors import TracksError
from model.naming import pascal
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers, refuse_existing_constant

TASKS = "internal/jobs/tasks"


def identifiers(name: str) -> list[str]:
    """The Go names a job adds to the tasks package."""
    job = pascal(name)
    return [f"Type{job}", f"{job}Payload", job]


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    problem = recipe_rules.job_name_error(name)
    if problem:
        raise TracksError(problem, hint="for example: tracks generate job send_digest")
    refuse_existing_constant(project.root, TASKS, identifiers(name))
    return {}


RECIPE = Recipe(
    name="job",
    summary="a background job: its handler, payload type and test, registered in tasks.Register",
    prepare=prepare,
    next_steps=(
        "fill in the handler and its payload in internal/jobs/tasks/<name>.go",
        "enqueue it: client.Enqueue(ctx, tasks.Type<Name>, tasks.<Name>Payload{...})",
    ),
)
