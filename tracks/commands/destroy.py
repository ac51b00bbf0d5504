"""``tracks destroy <recipe> <name>``: undo a recipe run.

The recipe's files are compared with a fresh render of the same recipe version and answers;
files the user changed are kept unless --force. Wiring lines come out of the marker regions and
the recipe's answers file is deleted, so the recipe can be generated again. A recipe may leave
something behind on purpose: the resource recipe adds a migration that drops its table, because
its create migration may already be applied somewhere. Like generate, destroy is all or
nothing: a failing step or an interrupt puts every file back (tracks/snapshot.py).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml

from hooks import wiring
from model import layout
from model.errors import TracksError
from tracks import recipes
from tracks.commands.generate import check_name, regenerate, render, utc_stamp
from tracks.project import require_project
from tracks.recipes import Clock
from tracks.recipes.base import answers_path
from tracks.snapshot import all_or_nothing
from tracks.source import Source, resolve_vcs_ref


def destroy(recipe: str, name: str, force: bool = False, clock: Clock = utc_stamp) -> int:
    project = require_project()
    root = project.root
    check_name(recipe, name)
    spec = recipes.get(recipe)
    if not spec.destroyable:
        raise TracksError(
            f"{recipe}s are not destroyed: one may already be applied somewhere",
            hint="write a new migration that reverses it (tracks generate migration ...)",
        )
    stored = answers_path(root, recipe, name)
    if not stored.is_file():
        raise TracksError(
            f"{recipe} {name!r} was not generated here (no {stored.relative_to(root)})",
            hint=f"see .tracks/ for what was generated; recipes: {', '.join(recipes.RECIPES)}",
        )
    answers = yaml.safe_load(stored.read_text()) or {}
    spec.before_destroy(project, name, answers)
    data = recipe_answers(answers)
    links = recorded_wiring(root, recipe, name)
    shared = wiring.declared_elsewhere(root / layout.recipe_wiring(recipe, name))
    links = [link for link in links if link not in shared]
    wiring.check(root, links)
    with tempfile.TemporaryDirectory(prefix="tracks-destroy-") as tmp:
        files = fresh_render(root, answers, data, Path(tmp), force, f"{recipe} {name}")
        files = [f for f in files if f != stored.relative_to(root).as_posix()]
        changed = [
            f
            for f in files
            if (root / f).is_file() and (root / f).read_bytes() != (Path(tmp) / f).read_bytes()
        ]
    kept = [f for f in files if spec.keeps_on_destroy(f)]
    changed = [f for f in changed if f not in kept]
    if changed and not force:
        raise TracksError(
            f"these files changed since `tracks generate {recipe} {name}`: {', '.join(changed)}",
            hint="keep your work, or pass --force to delete them anyway",
        )
    with all_or_nothing(root, f"`tracks destroy {recipe} {name}`") as snapshot:
        doomed = [
            path.relative_to(root).as_posix()
            for rel in files
            if rel not in kept
            for path in (root / rel, *generated_from(root, rel))
        ]
        snapshot.save([*doomed, *(link.path for link in links), stored.relative_to(root)])
        snapshot.watch()
        unwired = wiring.remove(root, links)
        removed: list[str] = []
        for rel in doomed:
            path = root / rel
            if path.is_file():
                path.unlink()
                removed.append(rel)
                _prune_empty_parents(path.parent, root)
        stored.unlink()
        added = spec.after_destroy(project, name, answers, clock)
        regenerate(
            root,
            hint="the output above names the failing file: code of yours that uses what "
            f"`tracks destroy {recipe} {name}` removes must change first",
        )
    for rel in removed:
        print(f"removed: {rel}")
    for rel in unwired:
        print(f"unwired: {rel}")
    for rel in added:
        print(f"created: {rel}")
    print(f"removed: {stored.relative_to(root)}")
    return 0


def recipe_answers(answers: dict) -> dict:
    """A stored answers file without Copier's own keys (`_src_path`, `_commit`)."""
    return {k: v for k, v in answers.items() if not str(k).startswith("_")}


def fresh_render(
    root: Path, answers: dict, data: dict, dst: Path, force: bool, what: str
) -> list[str]:
    """Render the recipe as it was generated (same template commit and answers).

    A commit Copier cannot find again (a render from a dirty working tree records one that was
    never committed) cannot be compared with; --force then renders the template's current
    version, to know which files to remove.
    """
    src = str(answers.get("_src_path", ""))
    commit = answers.get("_commit")
    try:
        return render(root, Source(src, str(commit) if commit else None), data, dst)
    except TracksError as exc:
        if not force:
            raise TracksError(
                f"cannot render {what} as it was generated ({src} at {commit}) to see which "
                f"files you changed: {exc.message}",
                hint="pass --force to remove the recipe's files without comparing",
            ) from exc
    for leftover in dst.iterdir():
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    return render(root, Source(src, resolve_vcs_ref(src)), data, dst)


def generated_from(root: Path, rel: str) -> list[Path]:
    """Code generated from a recipe file: templ's `_templ.go`, sqlc's `<queries>.sql.go`. The
    generators write these but never delete them, so they go with their source."""
    if rel.endswith(".templ"):
        return [root / (rel.removesuffix(".templ") + "_templ.go")]
    if rel.startswith("internal/db/queries/") and rel.endswith(".sql"):
        return [root / "internal/db/generated" / (Path(rel).name + ".go")]
    return []


def recorded_wiring(root: Path, recipe: str, name: str) -> list[wiring.Insertion]:
    """The wiring the recipe run declared when it was generated (or last updated): what it put
    into the app's files, in the app itself. Runs from before recipes declared their wiring
    (template 0.6 and older) have none: `tracks update` renders it."""
    rel = layout.recipe_wiring(recipe, name)
    if (root / rel).is_file():
        return wiring.load(root / rel)
    if recipe in WIRED_BEFORE_DECLARATIONS:
        raise TracksError(
            f"{recipe} {name!r} has no wiring declaration ({rel}): it was generated by an older "
            "template, which did not record what it wired",
            hint="run `tracks update` first (it renders the declaration), then destroy it",
        )
    return []


#: Recipes that wired lines into the app before their wiring was declared in files.
WIRED_BEFORE_DECLARATIONS = frozenset({"page", "handler", "service", "resource"})


def _prune_empty_parents(folder: Path, root: Path) -> None:
    """Remove folders the recipe created and emptied (internal/domain/posts), never the root."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
