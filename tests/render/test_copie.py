"""Render tier through pytest-copie: copy the template the way a user does, then inspect the app.

pytest-copie's `copie` fixture runs `copier.run_copy(unsafe=True, defaults=True)` into a fresh
folder per copy, with the given answers passed as *user defaults* (so a bad one meets the
question's validator, as a typed answer would). Every copy here names the template (this
checkout's root, not the `--template` option, which is resolved against pytest's working
folder) and `vcs_ref="HEAD"`: Copier then clones this repository and commits its uncommitted
and untracked changes on top, so what is tested is the working tree, never the newest tag.
pytest-copie cannot change an answer on update (it passes answers as user defaults); update
tests call `copier.run_update` themselves (tests/update/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml
from plumbum import local

from model.versions import GO
from tests.support.paths import DEFAULT_DRIVER, REPO, only_with

pytestmark = pytest.mark.render

DRIVER_FILES = {
    "go-libsql": "internal/db/driver_libsql.go",
    "sqlite3": "internal/db/driver_sqlite3.go",
    "postgres": "internal/db/driver_postgres.go",
}
# Every app has these, whatever the driver (what the tasks generate included).
COMMON_FILES = (
    ".copier-answers.yml",
    ".env",
    ".env.example",
    ".gitignore",
    ".pre-commit-config.yaml",
    "Makefile",
    "go.mod",
    "go.sum",
    "sqlc.yaml",
    "cmd/server/main.go",
    "cmd/migrate/main.go",
    "internal/http/routes.go",
    "internal/db/generated/db.go",
)


def copy(copie: Any, **answers: Any) -> Any:
    """One copy of this checkout's working tree with the given answers."""
    return copie.copy(extra_answers=answers, template_dir=REPO, vcs_ref="HEAD")


def ok(result: Any) -> Path:
    assert result.exit_code == 0, f"copier failed: {result.exception!r}"
    assert result.exception is None
    return Path(result.project_dir)


def git(app: Path, *args: str) -> str:
    return local["git"]["-C", str(app), *args]()


def test_default_answers_give_a_complete_committed_app(copie: Any, driver: str) -> None:
    app = ok(copy(copie, project_name="shop", database=driver))

    for rel in COMMON_FILES:
        assert (app / rel).is_file(), rel
    for other, rel in DRIVER_FILES.items():
        assert (app / rel).exists() == (other == driver), rel
    # templ generate ran: every view has its compiled Go beside it.
    templs = sorted(app.rglob("*.templ"))
    assert templs
    for templ in templs:
        assert templ.with_name(templ.stem + "_templ.go").is_file(), templ

    go_mod = (app / "go.mod").read_text()
    assert go_mod.startswith("module example.com/shop\n"), go_mod[:80]
    assert re.search(rf"^go {re.escape(GO)}$", go_mod, re.M), "go.mod must state the Go floor"

    stored = yaml.safe_load((app / ".copier-answers.yml").read_text())
    assert stored["database"] == driver
    assert stored["module_path"] == "example.com/shop"
    assert stored["env_prefix"] == "SHOP"
    assert stored["_commit"], "the answers must record the template version for updates"
    # Computed values are never stored (they would be frozen on update).
    assert not {"project_snake", "pkg", "go_version"} & stored.keys()

    # The git-init task made one commit of everything; the render is already formatted.
    assert git(app, "status", "--porcelain") == ""
    assert git(app, "rev-list", "--count", "HEAD").strip() == "1"
    assert local["gofmt"]["-l", str(app)]().strip() == "", "gofmt would change these files"


def test_answers_override_defaults_and_git_init_can_be_skipped(copie: Any) -> None:
    result = copy(
        copie,
        project_name="my-shop",
        database=DEFAULT_DRIVER,
        module_path="github.com/acme/my-shop",
        env_prefix="ACME",
        git_init=False,
    )
    app = ok(result)
    assert result.answers["module_path"] == "github.com/acme/my-shop"
    assert (app / "go.mod").read_text().startswith("module github.com/acme/my-shop\n")
    assert "ACME_DATABASE_URL" in (app / ".env.example").read_text()
    assert not (app / ".git").exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "My Shop"}, "must start with a lowercase letter"),
        ({"project_name": "shop", "database": "mysql"}, "'mysql' is not in"),
        ({"project_name": "shop", "env_prefix": "1x"}, "must start with an uppercase letter"),
        ({"project_name": "shop", "module_path": "not a module"}, "module_path"),
    ],
    ids=["project_name", "database", "env_prefix", "module_path"],
)
def test_bad_answers_are_refused_before_anything_is_written(
    copie: Any, answers: dict[str, Any], message: str
) -> None:
    result = copy(copie, **answers)
    assert result.exit_code != 0
    assert isinstance(result.exception, ValueError), repr(result.exception)
    assert message in str(result.exception)
    # copie makes the destination folder itself; Copier must leave it empty.
    assert result.project_dir is None
    assert [path for path in copie.test_dir.rglob("*") if path.is_file()] == []


@only_with(DEFAULT_DRIVER)
def test_plain_copier_resource_recipe_is_wired_and_generated(copie: Any) -> None:
    """`copier copy -d recipe=resource ...` inside an app does what `tracks generate` does:
    the files, the wiring its declaration names, and the sqlc and templ output.

    The recipe is copied with `run_copy(data=...)`, as `-d` does, not through copie: copie's
    user defaults lose to the app's stored answers (`recipe: app`), which Copier reads first.
    """
    app = ok(copy(copie, project_name="shop", database=DEFAULT_DRIVER))
    answers_before = (app / ".copier-answers.yml").read_text()
    copier.run_copy(
        str(REPO),
        str(app),
        data={"recipe": "resource", "name": "post", "fields": "title:string body:text"},
        vcs_ref="HEAD",
        defaults=True,
        unsafe=True,
        quiet=True,
    )

    stored = yaml.safe_load((app / ".tracks/resource-post.yml").read_text())
    assert stored["recipe"] == "resource"
    assert stored["fields"] == "title:string body:text"
    assert stored["app_database"] == DEFAULT_DRIVER  # read from the app's answers
    assert stored["app_module_path"] == "example.com/shop"
    assert (app / ".copier-answers.yml").read_text() == answers_before

    wiring = yaml.safe_load((app / ".tracks/wiring/resource-post.yml").read_text())
    assert wiring, "the recipe declares its wiring"
    for entry in wiring:
        text = (app / entry["file"]).read_text()
        assert " ".join(entry["line"].split()) in " ".join(text.split()), entry
    assert "handlers.NewPosts(" in (app / "internal/http/routes.go").read_text()

    assert (app / "internal/http/views/posts/index_templ.go").is_file()
    assert (app / "internal/db/generated/posts.sql.go").is_file()
    assert list((app / "internal/db/migrations").glob("*_create_posts.sql"))
    assert local["gofmt"]["-l", str(app)]().strip() == "", "gofmt would change these files"
