"""tracks/workbench/routes.py on the template's own route constants and router (the files of
template/internal/http, the router's module path filled in as a render does)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from model.errors import TracksError
from tests.support.paths import TEMPLATE
from tests.unit.workbench.conftest import make_app
from tracks.project import Project
from tracks.workbench.routes import list_routes

pytestmark = pytest.mark.unit

ROUTER_FILES = ("routes.go.jinja", "routes_jobs.go.jinja", "routes_files.go.jinja")


def app_with_template_routes(root: Path) -> Project:
    project = make_app(root)
    package = root / "internal/http/routes"
    package.mkdir(parents=True)
    for source in (TEMPLATE / "internal/http/routes").glob("*.go"):
        shutil.copy(source, package / source.name)
    for name in ROUTER_FILES:
        text = (TEMPLATE / "internal/http" / name).read_text()
        assert "{%" not in text, f"{name} has more than the module path to fill in"
        rendered = text.replace("{{ module_path }}", "example.com/shop")
        (root / "internal/http" / name.removesuffix(".jinja")).write_text(rendered)
    return project


def test_every_listed_route_with_its_path_and_handler(tmp_path: Path) -> None:
    project = app_with_template_routes(tmp_path / "shop")
    found = list_routes(project)
    listed = re.findall(
        r'^\s*"([A-Z]+) " \+ (\w+),',
        (tmp_path / "shop/internal/http/routes/routes.go").read_text(),
        re.M,
    )
    assert sorted((r.method, r.constant) for r in found) == sorted(listed)
    by_key = {(r.method, r.path): r for r in found}

    home = by_key[("GET", "/")]
    assert (home.constant, home.handler) == ("Home", "Pages.Home")
    file, line = str(home.registered_at).split(":")
    assert file == "internal/http/routes.go"
    router = (tmp_path / "shop" / file).read_text().splitlines()
    assert "routes.Home, pages.Home" in router[int(line) - 1]

    assert by_key[("POST", "/login")].handler == "Auth.LoginSubmit"  # web.With(limit).Post(...)
    assert by_key[("POST", "/admin/users/{userID}/roles")].constant == "AdminUserGrantRole"
    assert by_key[("POST", "/admin/jobs")].handler == "AdminJobs.Enqueue"
    assert by_key[("POST", "/admin/jobs")].registered_at.startswith("internal/http/routes_jobs.go:")
    assert by_key[("GET", "/assets/*")].handler == "assets.Handler().ServeHTTP"
    # Sorted by path, then GET before POST.
    assert [r.path for r in found] == sorted(r.path for r in found)
    contact = [r.method for r in found if r.path == "/contact"]
    assert contact == ["GET", "POST"]


def test_a_listed_constant_without_a_declaration_or_registration(tmp_path: Path) -> None:
    project = app_with_template_routes(tmp_path / "shop")
    listing = tmp_path / "shop/internal/http/routes/routes.go"
    listing.write_text(
        listing.read_text().replace(
            "// tracks:routes-list:start", '// tracks:routes-list:start\n\t\t"PUT " + Ghost,'
        )
    )
    ghost = next(r for r in list_routes(project) if r.constant == "Ghost")
    assert (ghost.method, ghost.path, ghost.handler, ghost.registered_at) == (
        "PUT",
        "{Ghost}",
        None,
        None,
    )


def test_an_app_without_the_route_list(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop")
    with pytest.raises(TracksError) as err:
        list_routes(project)
    assert err.value.exit_code == 1
    assert "internal/http/routes/routes.go" in err.value.message
