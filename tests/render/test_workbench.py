"""Render tier: the workbench reads a rendered app: its answers and template (info), and its
routes from the route constants and router, including a resource the recipe renders and wires
(tracks/workbench; the database and the running app are the e2e tier's)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import wiring
from model import layout
from tests.support.paths import DRIVERS, REPO
from tests.support.recipe_render import declared, render_recipe, working_tree
from tracks.project import find_project
from tracks.workbench.info import project_info
from tracks.workbench.routes import list_routes

pytestmark = pytest.mark.render

#: The driver of this run's rendered app (every run has at least one).
DRIVER = DRIVERS[0]


def test_project_info_of_a_rendered_app(rendered_app: Callable[[str], Path]) -> None:
    project = find_project(rendered_app(DRIVER))
    assert project is not None
    info = project_info(project)
    assert (info.name, info.database, info.module_path, info.env_prefix) == (
        "shop",
        DRIVER,
        "example.com/shop",
        "SHOP",
    )
    assert info.providers == {
        "email": "mailpit",
        "sms": "log",
        "storage": "local",
        "queue": "memory",
    }
    assert info.template.source == str(REPO)
    assert info.template.commit
    assert info.recipe_runs == ()


def test_routes_of_a_rendered_app(rendered_app: Callable[[str], Path]) -> None:
    app = rendered_app(DRIVER)
    project = find_project(app)
    assert project is not None
    routes = list_routes(project)
    listed = re.findall(
        r'^\s*"([A-Z]+) " \+ (\w+),', (app / "internal/http/routes/routes.go").read_text(), re.M
    )
    assert sorted((r.method, r.constant) for r in routes) == sorted(listed)
    by_key = {(r.method, r.path): r for r in routes}
    assert by_key[("GET", "/")].handler == "Pages.Home"
    assert by_key[("GET", "/healthz")].handler == "Health.Live"
    assert by_key[("POST", "/admin/users/{userID}/roles")].handler == "Admin.GrantRole"
    # Every route of a new app is registered by naming its constant.
    assert all(r.handler and r.registered_at for r in routes), [
        r for r in routes if not r.registered_at
    ]
    for route in routes:
        file, line = str(route.registered_at).rsplit(":", 1)
        source = (app / file).read_text().splitlines()[int(line) - 1]
        assert f"routes.{route.constant}," in source, (route, source)


def test_routes_of_a_generated_resource(app_copy: Callable[[str], Path], tmp_path: Path) -> None:
    """A resource's routes: listed between the routes-list markers by its wiring, registered by
    its handler's Routes method (here behind a login, `r.With(read).Get(...)`)."""
    app = app_copy(DRIVER)
    rendered = render_recipe(
        tmp_path / "recipe",
        "resource",
        "post",
        src=working_tree(),
        fields="title:string body:text",
        auth=True,
        app_database=DRIVER,
        app_module_path="example.com/shop",
    )
    for path in rendered.rglob("*"):
        rel = path.relative_to(rendered)
        if path.is_file() and rel.as_posix() != layout.APP_ANSWERS:
            (app / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, app / rel)
    wiring.apply(app, declared(rendered, "resource", "post"))
    project = find_project(app)
    assert project is not None

    posts = [r for r in list_routes(project) if r.path.startswith("/posts")]

    assert [(r.method, r.path, r.constant, r.handler) for r in posts] == [
        ("GET", "/posts", "Posts", "Posts.Index"),
        ("POST", "/posts", "Posts", "Posts.Create"),
        ("GET", "/posts/new", "NewPost", "Posts.New"),
        ("GET", "/posts/{postID}", "Post", "Posts.Show"),
        ("POST", "/posts/{postID}", "Post", "Posts.Update"),
        ("DELETE", "/posts/{postID}", "Post", "Posts.Delete"),
        ("POST", "/posts/{postID}/delete", "DeletePost", "Posts.Delete"),
        ("GET", "/posts/{postID}/edit", "EditPost", "Posts.Edit"),
    ]
    assert all(str(r.registered_at).startswith("internal/http/handlers/posts.go:") for r in posts)
