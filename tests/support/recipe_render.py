"""Render one recipe the way `tracks generate` renders it first: into an empty folder holding
only an app's answers file, tasks skipped. Its wiring declaration is read back with
hooks.wiring, so tests check what a recipe declares, not a copy of it in Python."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import copier
import yaml

from hooks import wiring
from model import layout
from tests.support.paths import REPO

#: The app facts a recipe reads from the app's answers file.
APP_ANSWERS = {"recipe": "app", "database": "go-libsql", "module_path": "example.com/m"}


def render_recipe(dst: Path, recipe: str, name: str, src: Path = REPO, **extra: Any) -> Path:
    """Render ``recipe`` ``name`` into ``dst`` (made if missing) without its tasks.

    ``extra`` holds more answers (fields, ref_labels, app_module_path, ...); the app's
    database and module path default to :data:`APP_ANSWERS`'s.
    """
    dst.mkdir(parents=True, exist_ok=True)
    app = {**APP_ANSWERS}
    if "app_database" in extra:
        app["database"] = extra["app_database"]
    if "app_module_path" in extra:
        app["module_path"] = extra["app_module_path"]
    (dst / layout.APP_ANSWERS).write_text(yaml.safe_dump(app))
    data: dict[str, Any] = {
        "recipe": recipe,
        "name": name,
        "app_database": app["database"],
        "app_module_path": app["module_path"],
        **extra,
    }
    if recipe in ("migration", "resource"):
        data.setdefault("migration_ts", "20260102030405")
    copier.run_copy(
        str(src),
        str(dst),
        data=data,
        vcs_ref="HEAD",
        defaults=True,
        unsafe=True,
        quiet=True,
        skip_tasks=True,
    )
    return dst


def declared(rendered: Path, recipe: str, name: str) -> list[wiring.Insertion]:
    """The wiring a rendered recipe declares (none when it renders no declaration)."""
    path = rendered / layout.recipe_wiring(recipe, name)
    return wiring.load(path) if path.is_file() else []


@cache
def working_tree() -> Path:
    """A plain folder (no git) holding this checkout's working tree as Copier renders it with
    `vcs_ref="HEAD"`: tracked and untracked files, less the ignored ones. Copier uses a folder
    that is not a git repository as it is, without a clone, so a render from it takes a
    fraction of a second instead of several. Made once per process."""
    dst = Path(tempfile.mkdtemp(prefix="tracks-template-")) / "template"
    atexit.register(shutil.rmtree, dst.parent, True)
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        src = REPO / rel
        if src.is_file():  # a deleted file is still listed until the deletion is committed
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    return dst


@cache
def _declared_cached(recipe: str, name: str, items: tuple[tuple[str, str], ...]) -> tuple:
    with tempfile.TemporaryDirectory(prefix="tracks-recipe-render-") as tmp:
        rendered = render_recipe(Path(tmp), recipe, name, src=working_tree(), **dict(items))
        return tuple(declared(rendered, recipe, name))


def wiring_of(recipe: str, name: str, **extra: str) -> list[wiring.Insertion]:
    """The wiring ``recipe`` ``name`` declares when rendered with ``extra`` answers, from
    :func:`working_tree` (cached per process)."""
    return list(_declared_cached(recipe, name, tuple(sorted(extra.items()))))
