"""``tracks generate repository NAME``: a repository over queries, tested on the database (GEN-3).

The repository needs a table its queries run on, on every driver. Rather than ask for one (and
a migration the user must fill in before anything builds), it keeps its values in the table
every Tracks app has, ``app_settings``, under keys prefixed ``<name>.``: ``Get``, ``Put``
(an upsert, ``ON CONFLICT ... DO UPDATE``, which SQLite and PostgreSQL share) and ``Delete``,
with ``sql.ErrNoRows`` and a delete of nothing mapped to ``domain.ErrNotFound``. That makes it a
working, tested starting point to point at a table of the user's own later.

Its files are ``internal/db/queries/<plural>.sql`` and ``internal/domain/<name>/repository.go``
with its test, so ``service NAME`` of the same name adds ``service.go`` to the same package.
Nothing is wired: a repository is passed to a service in ``cmd/server/main.go`` by hand.
sqlc query names are global to the app, hence the ``<Name>`` prefix on each.
"""

from __future__ import annotations

import re

from model.errors import TracksError
from model import naming
from model.naming import pascal
from tracks.project import Project
from tracks.recipes.base import Clock, Recipe, no_answers, refuse_existing_constant
from model.gonames import refuse_package_name

QUERIES = ("GetSetting", "PutSetting", "DeleteSetting")


def query_names(name: str) -> list[str]:
    return [f"{pascal(name)}{query}" for query in QUERIES]


def refuse_existing_queries(project: Project, name: str) -> None:
    """sqlc refuses two queries of one name anywhere in internal/db/queries."""
    folder = project.root / "internal/db/queries"
    for query in query_names(name):
        taken = re.compile(rf"^--\s*name:\s*{query}\s", re.M)
        for path in sorted(folder.glob("*.sql")):
            if taken.search(path.read_text()):
                raise TracksError(
                    f"the query {query} already exists in {path.relative_to(project.root)}",
                    hint="pick another name, or `tracks destroy` what made it first",
                )


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    refuse_package_name("repository", name)
    queries = project.root / "internal/db/queries" / f"{naming.plural(name)}.sql"
    if queries.exists():
        raise TracksError(
            f"{queries.relative_to(project.root)} already exists",
            hint="pick another name, or `tracks destroy` what made it first",
        )
    refuse_existing_queries(project, name)
    refuse_existing_constant(
        project.root, f"internal/domain/{name}", ["Repository", "NewRepository"]
    )
    return {}


RECIPE = Recipe(
    name="repository",
    summary="a repository over its own sqlc queries, with a test on the real database",
    prepare=prepare,
    next_steps=("pass the repository to a service in cmd/server/main.go",),
)
