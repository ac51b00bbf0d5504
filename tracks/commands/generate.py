"""``tracks generate <recipe> <name>``: apply a recipe inside the app with Copier.

Recipes live in this repository and are selected by the root copier.yml (`recipe` answer), so
each run leaves `.tracks/<recipe>-<name>.yml` and `copier update -a` on that file re-applies a
newer version. Input is checked here first, so bad input writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import copier
from copier.errors import CopierError

from hooks import wiring
from hooks.codegen import sqlc_path
from hooks.errors import HookError
from tracks import run
from tracks.commands.new import is_remote, resolve_template, resolve_vcs_ref
from tracks.errors import TracksError
from tracks.naming import pascal
from tracks.project import require_project

RECIPES = ("migration", "component", "page")
NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


def check_name(recipe: str, name: str) -> None:
    if recipe not in RECIPES:
        raise TracksError(f"unknown recipe {recipe!r}", hint=f"available: {', '.join(RECIPES)}")
    if not NAME.match(name) or len(name) > 64:
        raise TracksError(
            f"{recipe} name {name!r} must be lower snake case, at most 64 characters",
            hint=f"for example: tracks generate {recipe} add_tags",
        )


def wiring_for(recipe: str, name: str) -> list[wiring.Insertion]:
    """The lines a recipe needs in files the app owns (decision 2: recipes only create files)."""
    if recipe != "page":
        return []
    const = pascal(name)
    title = name.replace("_", " ").title()
    return [
        wiring.Insertion(
            "internal/http/routes.go",
            "routes",
            f"web.Get(routes.{const}, handlers.New{const}Page(s.log).Show)",
        ),
        wiring.Insertion("internal/http/routes/routes.go", "routes-list", f'"GET " + {const},'),
        wiring.Insertion(
            "internal/http/views/components/nav.templ",
            "nav",
            f"<li><a href={{ templ.SafeURL(routes.{const}) }}>{title}</a></li>",
        ),
    ]


def check_not_generated(root: Path, recipe: str, name: str) -> None:
    """Running a recipe twice would duplicate its files; refuse before Copier runs."""
    answers = root / ".tracks" / f"{recipe}-{name}.yml"
    if answers.exists():
        raise TracksError(
            f"{recipe} {name!r} was already generated ({answers.relative_to(root)})",
            hint=f"update it with: copier update --trust -a {answers.relative_to(root)}",
        )
    if recipe == "component":
        existing = root / "internal/http/views/components" / f"{name}.templ"
        if existing.exists():
            raise TracksError(
                f"a component named {name!r} already exists: {existing.relative_to(root)}",
                hint="pick another name",
            )
    if recipe == "page":
        taken = re.compile(rf"^\s*{pascal(name)}\s*=", re.M)
        for path in sorted((root / "internal/http/routes").glob("*.go")):
            if taken.search(path.read_text()):
                raise TracksError(
                    f"a route named {pascal(name)} already exists in {path.relative_to(root)}",
                    hint="pick another name",
                )
    if recipe == "migration":
        clash = sorted((root / "internal/db/migrations").glob(f"*_{name}.sql"))
        if clash:
            raise TracksError(
                f"a migration named {name!r} already exists: {clash[0].name}",
                hint="pick another name",
            )


def check_recipe_exists(src: str, ref: str | None, recipe: str) -> None:
    """Refuse a template version without the recipe.

    Copier ignores answers it does not know, so an older template would render the whole app
    over the project instead of the recipe. Remote sources are trusted to be recent.
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


def generate(
    recipe: str,
    name: str,
    dry_run: bool = False,
    template: str | None = None,
    vcs_ref: str | None = None,
    clock: Callable[[], str] = utc_stamp,
) -> int:
    project = require_project()
    check_name(recipe, name)
    check_not_generated(project.root, recipe, name)
    src = resolve_template(template)
    ref = resolve_vcs_ref(src, vcs_ref)
    check_recipe_exists(src, ref, recipe)
    links = wiring_for(recipe, name)
    try:
        wiring.check(project.root, links)
    except HookError as exc:
        raise TracksError(exc.message, hint=exc.hint) from exc
    before = set(project_files(project.root))
    data = {"recipe": recipe, "name": name}
    if recipe == "migration":
        data["migration_ts"] = clock()
    try:
        with run.current_environment():
            copier.run_copy(
                src,
                str(project.root),
                data=data,
                vcs_ref=ref,
                defaults=True,
                unsafe=True,
                pretend=dry_run,
                overwrite=False,
            )
    except (ValueError, CopierError) as exc:
        raise TracksError(str(exc), hint=f"see `tracks generate {recipe} --help`") from exc
    if dry_run:
        for link in links:
            print(f"would wire {link.path} ({link.region}): {link.line}")
        print("dry run: nothing was written")
        return 0
    created = sorted(set(project_files(project.root)) - before)
    wired = wiring.apply(project.root, links)
    regenerate(project.root, created)
    print("created:")
    for path in created:
        print(f"  {path}")
    for path in wired:
        print(f"wired:   {path}")
    if recipe == "migration":
        print("next: fill in the migration, then `tracks db migrate`")
    return 0


def project_files(root: Path) -> list[str]:
    """Files in the project, relative, leaving out git's and build output folders."""
    skip = {".git", "bin", "tmp", "data", "node_modules"}
    return [
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not skip.intersection(p.relative_to(root).parts)
    ]


def regenerate(root: Path, created: list[str]) -> None:
    """Bring generated code up to date and prove the app still builds (GEN-R-9).

    On failure the created files stay for inspection; the error lists them.
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
        try:
            run.check_stream(argv, cwd=root)
        except TracksError as exc:
            listing = ", ".join(created) or "none"
            raise TracksError(
                f"{exc.message}; the recipe's files are kept for inspection: {listing}",
                hint="fix them, or delete them and the .tracks/ answers file to undo the recipe",
                exit_code=1,
            ) from exc
