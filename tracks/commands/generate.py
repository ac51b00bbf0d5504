"""``tracks generate <recipe> <name> [field...]``: apply a recipe inside the app with Copier.

Recipes live in the template repository and are selected by its copier.yml (`recipe` answer).
A recipe is complete under plain Copier: its run renders the files, its `wire` task applies the
wiring the recipe declares (`.tracks/wiring/<recipe>-<name>.yml`) and sqlc and templ bring the
generated code in line. This command is the friendly front of that same run:

1. it checks the input against the app first (names, fields, clashes), so bad input writes
   nothing;
2. it renders the recipe into a temporary folder (tasks skipped) to list the files and the
   wiring, refuse overwrites and missing markers, and answer `--dry-run`;
3. it runs Copier into the app, from the app's own template source and version
   (tracks/source.py), and proves the app still builds;
4. if a step fails or the user interrupts the run, every file it wrote is put back as it was
   (tracks/snapshot.py).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import copier
from copier.errors import CopierError, TaskError

from hooks import codegen, runner, wiring
from model import layout, recipe_rules
from model.errors import TracksError
from tracks import recipes
from tracks.project import ANSWERS_FILE, Project, require_project
from tracks.recipes import Clock
from tracks.recipes.base import check_not_generated
from tracks.snapshot import all_or_nothing
from tracks.source import Source, for_app, is_remote

RECIPES = tuple(recipes.RECIPES)
#: The recipes that take `--auth`: only a resource has routes of its own to put behind a login.
AUTH_RECIPES = ("resource",)


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def check_name(recipe: str, name: str) -> None:
    recipes.get(recipe)
    problem = recipe_rules.recipe_name_error(name)
    if problem:
        raise TracksError(problem, hint=f"for example: tracks generate {recipe} add_tags")


def check_auth(recipe: str, auth: bool) -> None:
    """Only a resource has routes of its own to put behind a login (:data:`AUTH_RECIPES`)."""
    if auth and recipe not in AUTH_RECIPES:
        raise TracksError(
            f"--auth is for resources only, not {recipe}",
            hint="for example: tracks generate resource post title:string --auth",
        )


def check_recipe_exists(src: str, ref: str | None, recipe: str) -> None:
    """Refuse a template version without the recipe.

    Copier ignores answers it does not know, so an older template would render the whole app
    instead of the recipe. Remote sources are trusted to be recent.
    """
    if is_remote(src):
        return
    root = Path(src)
    in_tree = (root / "recipes" / recipe).is_dir()
    if ref is None or not (root / ".git").exists():
        found = in_tree
    else:
        # Copier renders HEAD with uncommitted changes, so the working tree counts for HEAD.
        in_ref = runner.capture(["git", "-C", src, "cat-file", "-e", f"{ref}:recipes/{recipe}"]).ok
        found = in_ref or (ref == "HEAD" and in_tree)
    if not found:
        raise TracksError(
            f"the template at {src} ({ref or 'working tree'}) has no {recipe!r} recipe",
            hint="run `tracks update` first, so the app is at a template version that has it",
        )


def recipe_data(project: Project, recipe: str, name: str, extra: dict[str, object]) -> dict:
    """The Copier answers of a run. The app facts are passed explicitly: the render happens in
    a temporary folder, where `_external_data` cannot see the app's answers file."""
    return {
        "recipe": recipe,
        "name": name,
        "app_database": project.database,
        "app_module_path": str(project.answers.get("module_path", "")),
        **extra,
    }


def run_copier(source: Source, dst: Path, data: dict, run_tasks: bool) -> None:
    """One Copier run of the recipe into ``dst``, its failures as TracksError (2: bad answers,
    1: a task failed)."""
    try:
        with runner.current_environment():
            copier.run_copy(
                source.src,
                str(dst),
                data=data,
                vcs_ref=source.ref,
                defaults=True,
                unsafe=True,
                quiet=True,
                skip_tasks=not run_tasks,
            )
    except TaskError as exc:
        raise TracksError(
            f"a recipe task failed: {exc}", hint="its output is above", exit_code=1
        ) from exc
    except (ValueError, CopierError) as exc:
        raise TracksError(str(exc), hint=f"see `tracks generate {data['recipe']} --help`") from exc


def render(root: Path, source: Source, data: dict, dst: Path) -> list[str]:
    """Render the recipe for the app at ``root`` into ``dst`` without its tasks; return its
    files, relative.

    The app's answers file is copied in first, so the template's `_external_data` finds it as
    it would in the app; it is not one of the recipe's files.
    """
    shutil.copy2(root / ANSWERS_FILE, dst / ANSWERS_FILE)
    run_copier(source, dst, data, run_tasks=False)
    files = (p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file())
    return sorted(rel for rel in files if rel != ANSWERS_FILE)


def apply_recipe(root: Path, source: Source, data: dict, run_tasks: bool) -> None:
    """Run the recipe into the app itself: what `copier copy -d recipe=...` does. Its tasks
    wire it and generate code; without them (``run_tasks=False``) only the wiring is applied."""
    run_copier(source, root, data, run_tasks)
    if not run_tasks:
        wiring.rewire(root, layout.recipe_wiring(str(data["recipe"]), str(data["name"])))


def refuse_overwrites(root: Path, files: list[str], recipe: str, name: str) -> None:
    clash = [rel for rel in files if (root / rel).exists()]
    if clash:
        raise TracksError(
            f"{recipe} {name!r} would overwrite files the app already has: {', '.join(clash)}",
            hint="pick another name, or remove those files first",
        )


def check_markers(project: Project, source: Source, links: list[wiring.Insertion]) -> None:
    """Every marker the wiring needs must be in place before anything is written."""
    try:
        wiring.check(project.root, links)
    except TracksError as exc:
        app_version = project.answers.get("_commit")
        if source.ref and app_version and str(app_version) != source.ref:
            raise TracksError(
                f"{exc.message}; the app is at template version {app_version}, the recipe "
                f"comes from {source.ref}",
                hint="run `tracks update` first, so the app has what newer recipes wire into",
            ) from exc
        raise TracksError(exc.message, hint=exc.hint) from exc


def generate(
    recipe: str,
    name: str,
    args: list[str] | None = None,
    dry_run: bool = False,
    template: str | None = None,
    vcs_ref: str | None = None,
    clock: Clock = utc_stamp,
    codegen: bool = True,
    auth: bool = False,
) -> int:
    """Apply ``recipe`` inside the app, all or nothing (see :mod:`tracks.snapshot`).

    ``auth`` (resource only) puts the resource's routes behind a login and permissions of its
    own, which its migration grants to admin (the recipe's `auth` answer).

    ``codegen=False`` leaves out the recipe's sqlc and templ tasks and the build, for a caller
    that generates several recipes and then runs them once (the build tier's field matrix).
    """
    project = require_project()
    check_name(recipe, name)
    check_auth(recipe, auth)
    spec = recipes.get(recipe)
    check_not_generated(project.root, recipe, name)
    extra = spec.prepare(project, name, list(args or []), clock)
    if auth:
        extra["auth"] = True
    singular = str(extra.pop("name", name))  # a plural resource name comes back singular
    if singular != name:
        name = singular
        check_not_generated(project.root, recipe, name)
    source = for_app(project, template, vcs_ref)
    check_recipe_exists(source.src, source.ref, recipe)
    data = recipe_data(project, recipe, name, extra)
    with tempfile.TemporaryDirectory(prefix="tracks-generate-") as tmp:
        files = render(project.root, source, data, Path(tmp))
        links = wiring.declared(Path(tmp) / layout.recipe_wiring(recipe, name))
    refuse_overwrites(project.root, files, recipe, name)
    check_markers(project, source, links)
    if dry_run:
        for rel in files:
            print(f"would create: {rel}")
        for link in links:
            print(f"would wire:   {link.path} ({link.region}): {link.line}")
        print("dry run: nothing was written")
        return 0
    with all_or_nothing(project.root, f"`tracks generate {recipe} {name}`") as snapshot:
        snapshot.save([*files, *(link.path for link in links)])
        snapshot.watch()
        try:
            apply_recipe(project.root, source, data, run_tasks=codegen)
            if codegen:
                build(project.root)
        except TracksError as exc:
            kept = snapshot.keep_copy(files, prefix=f"tracks-generate-{recipe}-{name}-")
            where = f"; the recipe's files as they were are in {kept}" if kept else ""
            raise TracksError(
                f"{exc.message}{where}", hint=exc.hint, exit_code=exc.exit_code
            ) from exc
    print("created:")
    for rel in files:
        print(f"  {rel}")
    for rel in sorted({link.path for link in links}):
        print(f"wired:   {rel}")
    for step in spec.next_steps:
        print(f"next: {step}")
    return 0


BUILD_HINT = "the output above names the failing file; the app must build before a recipe runs"


#: Compiles every package of the app, its commands too, and prints only the compiler's errors
#: (in `go build`'s form). `go build ./...` would also link each command and throw the
#: binaries away: seconds per command, more with a cgo driver, and generated code fails to
#: compile, not to link.
COMPILE = ("go", "list", "-export", "-f", '{{""}}', "./...")


def build(root: Path, hint: str = BUILD_HINT) -> None:
    """Prove the app still compiles (GEN-R-9); run inside
    :func:`~tracks.snapshot.all_or_nothing`, so a failure rolls the command back."""
    code = runner.stream(list(COMPILE), cwd=root, hint=hint, stop_on_interrupt=True)
    if code != 0:
        raise TracksError(
            "the app does not compile: the compiler's errors are above "
            "(`go build ./...` shows them again)",
            hint=hint,
            exit_code=1,
        )


def regenerate(root: Path, hint: str = BUILD_HINT) -> None:
    """Bring generated code up to date with its sources, then prove the app builds."""
    try:
        codegen.generate_code(root, tidy=False)
    except TracksError as exc:
        raise TracksError(exc.message, hint=hint, exit_code=1) from exc
    build(root, hint)
