"""``tracks generate resource NAME FIELD...``: CRUD for one table, every layer, with tests.

The field tokens are parsed here against the app (its driver, the resources it has) before
anything is written; the recipe's templates parse them again from the stored ``fields`` answer,
so ``copier update`` renders the same files. ``references`` fields need the target's display
column, which is read from the target's own answers file and stored as ``ref_labels``.

Destroying a resource keeps its create migration (it may be applied somewhere) and adds a new
migration that drops the table, whose Down section is the create migration's Up section.
"""

from __future__ import annotations

import re
from pathlib import Path

from model.errors import TracksError
from model.fields import parse_resource_name
from model.gonames import package_clash, refuse_build_suffix
from model.resource import ResourceView, resource_view
from tracks.project import Project, read_answers
from tracks.recipes.base import (
    Clock,
    Recipe,
    check_not_generated,
    refuse_deps_field,
    refuse_existing_constant,
)

ANSWERS_GLOB = "resource-*.yml"
MIGRATIONS = "internal/db/migrations"


def existing_resources(root: Path) -> dict[str, dict[str, object]]:
    """The resources generated in the app, by name, with their stored answers."""
    found: dict[str, dict[str, object]] = {}
    for path in sorted((root / ".tracks").glob(ANSWERS_GLOB)):
        answers = read_answers(path)
        if answers and answers.get("recipe") == "resource" and answers.get("name"):
            found[str(answers["name"])] = answers
    return found


def label_column(answers: dict[str, object], driver: str) -> str:
    """The display column of a resource: its first string field, else its id."""
    view = resource_view(str(answers["name"]), str(answers.get("fields", "")), driver)
    return view.label_field.column if view.label_field else "id"


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    names = parse_resource_name(name)
    if names.notice:
        print(f"notice: {names.notice}")
    if not args:
        raise TracksError(
            f"resource {names.name!r} needs at least one field",
            hint=f"for example: tracks generate resource {names.name} title:string body:text",
        )
    check_not_generated(project.root, "resource", names.name)
    resources = existing_resources(project.root)
    view = resource_view(
        names.name, " ".join(args), project.database, existing_resources=resources.keys()
    )
    refuse_clashes(project.root, view)
    labels = {
        f.reference.target: label_column(resources[f.reference.target], project.database)
        for f in view.references
    }
    return {
        "name": names.name,
        "fields": " ".join(args),
        "ref_labels": " ".join(f"{k}={v}" for k, v in sorted(labels.items())),
        "migration_ts": clock(),
    }


#: Local names in the generated Go code; the resource's variable (``post``) must not be one.
GENERATED_LOCALS = frozenset(
    {
        "arg", "args", "check", "choices", "conn", "ctx", "created", "current", "err", "errs", "f",
        "form", "get", "got", "h", "id", "item", "items", "known", "n", "options", "page", "params",
        "pending", "query", "r", "rec", "received", "repo", "req", "router", "row", "rows", "save",
        "service", "store", "stored", "t", "tt", "updated", "v", "valid", "view", "w", "want",
    }
)  # fmt: skip


def refuse_go_names(view: ResourceView) -> None:
    """The plural names files and packages; the singular names variables in generated code."""
    refuse_build_suffix("resource", view.plural)
    clash = package_clash(view.package)
    if clash:
        raise TracksError(
            f"resource {view.name!r}: its package {view.package!r} would clash with a package "
            "or name the app already uses where the package is imported",
            hint=f"{view.package!r} is {clash}; pick another name, for example blog_post",
        )
    if view.camel in GENERATED_LOCALS:
        raise TracksError(
            f"resource {view.name!r}: {view.camel!r} is a variable name in the generated code",
            hint="pick another name, for example blog_post",
        )


def refuse_clashes(root: Path, view: ResourceView) -> None:
    """Refuse a resource whose Go names or folders the app already uses (e.g. `contact`)."""
    refuse_go_names(view)
    p = view.pascal
    refuse_existing_constant(
        root,
        "internal/http/routes",
        [view.pascal_plural, f"New{p}", p, f"Edit{p}", f"Delete{p}", f"{p}Path"],
    )
    refuse_existing_constant(root, "internal/http/handlers", [view.pascal_plural])
    refuse_existing_constant(root, "internal/interfaces", [f"{p}Service"])
    refuse_deps_field(root, view.pascal_plural)
    for folder in (f"internal/domain/{view.package}", f"internal/http/views/{view.package}"):
        if (root / folder).exists():
            raise TracksError(
                f"{folder} already exists, so resource {view.name!r} would mix with it",
                hint="pick another name",
            )
    created_in = table_created_in(root, view.table)
    if created_in is not None:
        raise TracksError(
            f"a table named {view.table} is already created in {MIGRATIONS}/{created_in}",
            hint="pick another name",
        )


def _version(path: Path) -> tuple[int, str]:
    """goose's order: by the numeric version before the first underscore."""
    head = path.name.split("_", 1)[0]
    return (int(head) if head.isdigit() else -1, path.name)


def table_created_in(root: Path, table: str) -> str | None:
    """The migration that creates ``table``, unless a later one drops it again (as `tracks
    destroy` does), judged by the Up sections in version order."""
    created_in: str | None = None
    create = re.compile(rf"\bCREATE TABLE (?:IF NOT EXISTS )?{table}\b", re.I)
    drop = re.compile(rf"\bDROP TABLE (?:IF EXISTS )?{table}\b", re.I)
    for path in sorted((root / MIGRATIONS).glob("*.sql"), key=_version):
        up = path.read_text().split("-- +goose Down", 1)[0]
        if create.search(up):
            created_in = path.name
        if drop.search(up):
            created_in = None
    return created_in


def _title(plural: str) -> str:
    text = plural.replace("_", " ")
    return text[:1].upper() + text[1:]


def before_destroy(project: Project, name: str, answers: dict[str, object]) -> None:
    """Refuse while another resource references this one: its foreign key needs the table."""
    for other, other_answers in existing_resources(project.root).items():
        if other == name:
            continue
        tokens = str(other_answers.get("fields", "")).split()
        if any(t.split(":")[:2] == [name, "references"] for t in tokens):
            raise TracksError(
                f"resource {other!r} references {name!r}",
                hint=f"destroy {other!r} first: tracks destroy resource {other}",
            )


def keeps_on_destroy(rel: str) -> bool:
    """The create migration stays: it may already be applied somewhere."""
    return rel.startswith(f"{MIGRATIONS}/")


def after_destroy(
    project: Project, name: str, answers: dict[str, object], clock: Clock
) -> list[str]:
    """Add a migration that drops the table; its Down recreates it as the create migration did."""
    view = parse_resource_name(name)
    create = sorted(
        (project.root / MIGRATIONS).glob(
            f"{answers.get('migration_ts', '*')}_create_{view.table}.sql"
        )
    )
    up_sql = ""
    if create:
        text = create[-1].read_text()
        up_sql = text.split("-- +goose Up", 1)[-1].split("-- +goose Down", 1)[0].strip()
    rel = f"{MIGRATIONS}/{clock()}_drop_{view.table}.sql"
    body = (
        f"-- drop_{view.table}: written by `tracks destroy resource {name}`. The create migration\n"
        "-- stays, since it may already be applied; this one undoes it.\n\n"
        f"-- +goose Up\nDROP TABLE {view.table};\n\n-- +goose Down\n{up_sql}\n"
    )
    (project.root / rel).write_text(body)
    return [rel]


RECIPE = Recipe(
    name="resource",
    summary="CRUD for a table: migration, queries, domain, handlers, views, tests",
    prepare=prepare,
    next_steps=(
        "apply the migration: `tracks db migrate`",
        "run the app (`tracks dev`) and open the list page from the nav",
        "`tracks assets` rebuilds the CSS for the Tailwind classes of the new views",
    ),
    takes_fields=True,
    before_destroy=before_destroy,
    keeps_on_destroy=keeps_on_destroy,
    after_destroy=after_destroy,
)
