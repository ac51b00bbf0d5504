"""``tracks destroy <recipe> <name>``: undo a recipe run that nobody has built on yet.

The recipe's files are compared with a fresh render of the same recipe version and answers;
files the user changed are kept unless --force. Wiring lines come out of the marker regions and
the recipe's answers file is deleted, so the recipe can be generated again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import copier
import yaml

from hooks import wiring
from hooks.errors import HookError
from tracks import run
from tracks.commands.generate import RECIPES, check_name, regenerate, wiring_for
from tracks.errors import TracksError
from tracks.project import require_project


def fresh_render(answers: dict[str, object], dst: Path) -> list[str]:
    """Render the recipe exactly as it was generated; return its files, relative."""
    data = {k: v for k, v in answers.items() if not str(k).startswith("_")}
    with run.current_environment():
        copier.run_copy(
            str(answers["_src_path"]),
            str(dst),
            data=data,
            vcs_ref=str(answers["_commit"]),
            defaults=True,
            unsafe=True,
            quiet=True,
        )
    return sorted(
        p.relative_to(dst).as_posix()
        for p in dst.rglob("*")
        if p.is_file() and not p.relative_to(dst).as_posix().startswith(".tracks/")
    )


def destroy(recipe: str, name: str, force: bool = False) -> int:
    project = require_project()
    root = project.root
    check_name(recipe, name)
    if recipe == "migration":
        raise TracksError(
            "migrations are not destroyed: one may already be applied somewhere",
            hint="write a new migration that reverses it (tracks generate migration ...)",
        )
    answers_path = root / ".tracks" / f"{recipe}-{name}.yml"
    if not answers_path.is_file():
        raise TracksError(
            f"{recipe} {name!r} was not generated here (no {answers_path.relative_to(root)})",
            hint=f"see .tracks/ for what was generated; recipes: {', '.join(RECIPES)}",
        )
    answers = yaml.safe_load(answers_path.read_text()) or {}
    links = wiring_for(recipe, name)
    try:
        wiring.check(root, links)
    except HookError as exc:
        raise TracksError(exc.message, hint=exc.hint) from exc
    with tempfile.TemporaryDirectory(prefix="tracks-destroy-") as tmp:
        files = fresh_render(answers, Path(tmp))
        changed = [
            f
            for f in files
            if (root / f).is_file() and (root / f).read_bytes() != (Path(tmp) / f).read_bytes()
        ]
    if changed and not force:
        raise TracksError(
            f"these files changed since `tracks generate {recipe} {name}`: {', '.join(changed)}",
            hint="keep your work, or pass --force to delete them anyway",
        )
    unwired = wiring.remove(root, links)
    removed: list[str] = []
    for rel in files:
        targets = [root / rel]
        if rel.endswith(".templ"):
            targets.append(root / (rel.removesuffix(".templ") + "_templ.go"))
        for path in targets:
            if path.is_file():
                path.unlink()
                removed.append(path.relative_to(root).as_posix())
    answers_path.unlink()
    regenerate(root, removed)
    for rel in removed:
        print(f"removed: {rel}")
    for rel in unwired:
        print(f"unwired: {rel}")
    print(f"removed: {answers_path.relative_to(root)}")
    return 0
