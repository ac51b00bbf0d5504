"""``tracks generate <recipe> <name> [field...]``: apply a recipe inside the app with Copier.

Recipes live in this repository and are selected by the root copier.yml (`recipe` answer), so
each run leaves `.tracks/<recipe>-<name>.yml` and `copier update -a` on that file re-applies a
newer version. The run is all or nothing: the input is checked first, the recipe is rendered
into a temporary folder, and only when no rendered file would overwrite one of the app's and
every wiring marker is in place are the files copied into the app and the wiring applied. If
a later step fails (the wiring, sqlc, templ, the build) or the user interrupts the run, every
file it wrote is put back as it was (tracks/snapshot.py).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import copier
from copier.errors import CopierError

from hooks import wiring
from hooks.codegen import sqlc_path
from hooks.errors import HookError
from tracks import recipes, run
from tracks.commands.new import is_remote, resolve_template, resolve_vcs_ref
from tracks.errors import TracksError
from tracks.project import ANSWERS_FILE, Project, require_project
from tracks.recipes import Clock
from tracks.recipes.base import check_not_generated
from tracks.snapshot import all_or_nothing

RECIPES = tuple(recipes.RECIPES)
NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def check_name(recipe: str, name: str) -> None:
    recipes.get(recipe)
    if not NAME.match(name) or len(name) > 64:
        raise TracksError(
            f"{recipe} name {name!r} must be lower snake case, at most 64 characters",
            hint=f"for example: tracks generate {recipe} add_tags",
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
        in_ref = run.capture(["git", "-C", src, "cat-file", "-e", f"{ref}:recipes/{recipe}"]).ok
        found = in_ref or (ref == "HEAD" and in_tree)
    if not found:
        raise TracksError(
            f"the template at {src} ({ref or 'working tree'}) has no {recipe!r} recipe",
            hint="use a newer template: --vcs-ref HEAD, or upgrade tracks",
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


def render(root: Path, src: str, ref: str | None, data: dict, dst: Path) -> list[str]:
    """Render the recipe for the app at ``root`` into ``dst``; return its files, relative.

    The app's answers file is copied in first, so the template's `_external_data` finds it as
    it would in the app; it is not one of the recipe's files.
    """
    shutil.copy2(root / ANSWERS_FILE, dst / ANSWERS_FILE)
    try:
        with run.current_environment():
            copier.run_copy(
                src, str(dst), data=data, vcs_ref=ref, defaults=True, unsafe=True, quiet=True
            )
    except (ValueError, CopierError) as exc:
        raise TracksError(str(exc), hint=f"see `tracks generate {data['recipe']} --help`") from exc
    files = (p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file())
    return sorted(rel for rel in files if rel != ANSWERS_FILE)


def refuse_overwrites(root: Path, files: list[str], recipe: str, name: str) -> None:
    clash = [rel for rel in files if (root / rel).exists()]
    if clash:
        raise TracksError(
            f"{recipe} {name!r} would overwrite files the app already has: {', '.join(clash)}",
            hint="pick another name, or remove those files first",
        )


def generate(
    recipe: str,
    name: str,
    args: list[str] | None = None,
    dry_run: bool = False,
    template: str | None = None,
    vcs_ref: str | None = None,
    clock: Clock = utc_stamp,
    codegen: bool = True,
) -> int:
    """Apply ``recipe`` inside the app, all or nothing (see :mod:`tracks.snapshot`).

    ``codegen=False`` leaves out sqlc, templ and the build, for a caller that generates several
    recipes and then runs them once (the build tier's field matrix); the CLI always runs them.
    """
    project = require_project()
    check_name(recipe, name)
    spec = recipes.get(recipe)
    check_not_generated(project.root, recipe, name)
    extra = spec.prepare(project, name, list(args or []), clock)
    singular = str(extra.pop("name", name))  # a plural resource name comes back singular
    if singular != name:
        name = singular
        check_not_generated(project.root, recipe, name)
    src = resolve_template(template)
    ref = resolve_vcs_ref(src, vcs_ref)
    check_recipe_exists(src, ref, recipe)
    data = recipe_data(project, recipe, name, extra)
    links = spec.wiring(name, data)
    try:
        wiring.check(project.root, links)
    except HookError as exc:
        raise TracksError(exc.message, hint=exc.hint) from exc
    with tempfile.TemporaryDirectory(prefix="tracks-generate-") as tmp:
        files = render(project.root, src, ref, data, Path(tmp))
        refuse_overwrites(project.root, files, recipe, name)
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
                for rel in files:
                    target = project.root / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(Path(tmp) / rel, target)
                wired = apply_wiring(project.root, links)
                if codegen:
                    regenerate(project.root)
            except TracksError as exc:
                kept = snapshot.keep_copy(files, prefix=f"tracks-generate-{recipe}-{name}-")
                where = f"; the recipe's files as they were are in {kept}" if kept else ""
                raise TracksError(
                    f"{exc.message}{where}", hint=exc.hint, exit_code=exc.exit_code
                ) from exc
    print("created:")
    for rel in files:
        print(f"  {rel}")
    for rel in wired:
        print(f"wired:   {rel}")
    for step in spec.next_steps:
        print(f"next: {step}")
    return 0


def apply_wiring(root: Path, links: list[wiring.Insertion], remove: bool = False) -> list[str]:
    """Add (or take out) the wiring lines; a failure (gofmt refusing a file) is a step error."""
    try:
        return wiring.remove(root, links) if remove else wiring.apply(root, links)
    except HookError as exc:
        raise TracksError(exc.message, hint=exc.hint, exit_code=1) from exc


BUILD_HINT = "the output above names the failing file; the app must build before a recipe runs"


def regenerate(root: Path, hint: str = BUILD_HINT) -> None:
    """Bring generated code up to date and prove the app still builds (GEN-R-9).

    Run inside :func:`~tracks.snapshot.all_or_nothing`: a failure rolls the command back.
    """
    try:
        sqlc = sqlc_path()
    except HookError as exc:
        raise TracksError(exc.message, hint=exc.hint, exit_code=1) from exc
    steps = [
        [sqlc, "generate"],
        ["go", "tool", "templ", "generate"],
        ["go", "build", "./..."],
    ]
    for argv in steps:
        run.check_stream(
            argv,
            cwd=root,
            hint=hint,
            stop_on_interrupt=True,
        )
