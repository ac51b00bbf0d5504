"""The resource recipe behind a login (`tracks generate resource NAME ... --auth`, the recipe's
`auth` answer), as rendered: its routes line passes the app's RequireAuth and require, its
handler guards each route with the resource's own permission, its rbac file names the object,
and its migration grants the four permissions to admin and takes them back on the way down.
Without the answer the recipe renders what it always did. The build tier
(tests/build/test_resource_auth.py) compiles and runs what these files say."""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

import pytest

from hooks.wiring import Insertion
from tests.support.paths import TEMPLATE
from tests.support.recipe_render import declared, render_recipe, working_tree

pytestmark = pytest.mark.render

MODULE = "example.com/shop"
TS = "20260102030405"
ACTIONS = ("read", "create", "update", "delete")
#: What each route of a resource needs: (method, route constant) -> permission variable.
GUARDS = {
    ("Get", "{PP}"): ("read", "Index"),
    ("Post", "{PP}"): ("create", "Create"),
    ("Get", "New{P}"): ("create", "New"),
    ("Get", "{P}"): ("read", "Show"),
    ("Post", "{P}"): ("update", "Update"),
    ("Delete", "{P}"): ("remove", "Delete"),
    ("Get", "Edit{P}"): ("update", "Edit"),
    ("Post", "Delete{P}"): ("remove", "Delete"),
}
#: rbac's rule for an object or action (internal/rbac/rbac.go: permPart, rbac.ValidPermPart).
PERM_PART = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


@cache
def rendered(name: str, auth: bool) -> Path:
    """The resource ``name`` (one text field) rendered once per process, with or without auth."""
    dst = Path(tempfile.mkdtemp(prefix=f"tracks-auth-{name}-{auth}-"))
    return render_recipe(
        dst,
        "resource",
        name,
        src=working_tree(),
        app_module_path=MODULE,
        fields="title:string",
        migration_ts=TS,
        auth=auth,
    )


def read(name: str, auth: bool, rel: str) -> str:
    return (rendered(name, auth) / rel).read_text()


def routes_line(name: str, auth: bool) -> str:
    (line,) = [
        ins.line
        for ins in declared(rendered(name, auth), "resource", name)
        if (ins.path, ins.region) == ("internal/http/routes.go", "routes")
    ]
    return line


def migration(name: str, plural: str, auth: bool) -> tuple[str, str]:
    text = read(name, auth, f"internal/db/migrations/{TS}_create_{plural}.sql")
    up, down = text.split("-- +goose Down", 1)
    return up.split("-- +goose Up", 1)[1], down


# --- the wiring ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pp"), [("post", "Posts"), ("blog_post", "BlogPosts"), ("category", "Categories")]
)
def test_the_routes_line_passes_the_login_check_and_require_only_with_auth(
    name: str, pp: str
) -> None:
    assert routes_line(name, auth=True) == (
        f"handlers.New{pp}(s.deps.{pp}, s.log).Routes(web, authenticator.RequireAuth, require)"
    )
    assert routes_line(name, auth=False) == f"handlers.New{pp}(s.deps.{pp}, s.log).Routes(web)"


def test_auth_changes_no_other_wiring_line() -> None:
    def others(auth: bool) -> set[Insertion]:
        return {
            ins
            for ins in declared(rendered("post", auth), "resource", "post")
            if ins.region != "routes"
        }

    assert others(True) == others(False)


def test_the_app_has_authenticator_and_require_where_resource_routes_go() -> None:
    """The names the auth routes line uses are in scope at the routes marker of routes.go."""
    text = (TEMPLATE / "internal/http/routes.go.jinja").read_text()
    marker = text.index("// tracks:routes:start")
    web_group = text.index("r.Group(func(web chi.Router) {")
    assert text.index("authenticator := authn.New(") < web_group < marker
    assert text.index("require := func(obj, act string) func(http.Handler) http.Handler {") < (
        web_group
    )
    assert "rbac.WithEnforcer(" in text[web_group:marker]
    assert "authenticator.Load" in text[web_group:marker]


# --- the handler ---------------------------------------------------------------------------


def guarded_routes(handler: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(method, route constant) -> (permission variable, handler method) of Routes' lines."""
    found = re.findall(r"^\t\tr\.With\((\w+)\)\.(\w+)\(routes\.(\w+), h\.(\w+)\)$", handler, re.M)
    return {(method, route): (perm, func) for perm, method, route, func in found}


def permissions(handler: str) -> dict[str, tuple[str, str]]:
    """The permission variables of Routes: name -> (rbac object, rbac action)."""
    found: dict[str, tuple[str, str]] = {}
    pair = r"require\(rbac\.(\w+), rbac\.(\w+)\)"
    for a, b, obj_a, act_a, obj_b, act_b in re.findall(
        rf"^\t\t(\w+), (\w+) := {pair}, {pair}$", handler, re.M
    ):
        found[a], found[b] = (obj_a, act_a), (obj_b, act_b)
    return found


@pytest.mark.parametrize(
    ("name", "p", "pp"), [("post", "Post", "Posts"), ("blog_post", "BlogPost", "BlogPosts")]
)
def test_every_route_needs_a_login_and_its_permission(name: str, p: str, pp: str) -> None:
    plural = {"post": "posts", "blog_post": "blog_posts"}[name]
    handler = read(name, True, f"internal/http/handlers/{plural}.go")
    want = {(m, route.format(P=p, PP=pp)): v for (m, route), v in GUARDS.items()}
    assert guarded_routes(handler) == want
    assert "\t\tr.Use(requireAuth)\n" in handler
    assert permissions(handler) == {
        "read": (f"Obj{pp}", "ActRead"),
        "create": (f"Obj{pp}", "ActCreate"),
        "update": (f"Obj{pp}", "ActUpdate"),
        "remove": (f"Obj{pp}", "ActDelete"),
    }
    assert f'"{MODULE}/internal/rbac"' in handler


def test_without_auth_the_handler_registers_its_routes_as_before() -> None:
    handler = read("post", False, "internal/http/handlers/posts.go")
    assert "func (h *Posts) Routes(r chi.Router) {" in handler
    assert "rbac" not in handler and "requireAuth" not in handler
    assert len(re.findall(r"^\tr\.(Get|Post|Delete)\(routes\.\w+, h\.\w+\)$", handler, re.M)) == 8


# --- the permissions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pp", "obj"), [("post", "Posts", "posts"), ("blog_post", "BlogPosts", "blog_posts")]
)
def test_the_rbac_file_names_the_resources_object(name: str, pp: str, obj: str) -> None:
    rel = f"internal/rbac/perm_{obj}.go"
    text = read(name, True, rel)
    assert text.startswith("package rbac\n")
    assert f'const Obj{pp} = "{obj}"' in text
    assert PERM_PART.match(obj), f"{obj!r} is not an object rbac accepts"
    assert not (rendered(name, False) / rel).exists(), "the rbac file is rendered without auth"


def test_act_create_is_declared_once_by_the_app_not_per_resource() -> None:
    """Two resources behind auth each render an rbac file: neither may declare ActCreate."""
    declaration = re.compile(r'^\s*(const )?ActCreate\s*= "create"', re.M)
    assert not declaration.search(read("post", True, "internal/rbac/perm_posts.go"))
    declared_in = [
        p.name
        for p in (TEMPLATE / "internal/rbac").iterdir()
        if p.is_file() and declaration.search(p.read_text())
    ]
    assert declared_in == ["rbac.go.jinja"]


@pytest.mark.parametrize(("name", "obj"), [("post", "posts"), ("blog_post", "blog_posts")])
def test_the_migration_grants_admin_the_four_permissions_and_takes_them_back(
    name: str, obj: str
) -> None:
    up, down = migration(name, obj, auth=True)
    rows = re.findall(r"\('p', '(\w+)', '([\w.-]+)', '(\w+)'\)", up)
    assert rows == [("admin", obj, act) for act in ACTIONS]
    insert = up[up.index("INSERT INTO casbin_rule") :]
    assert insert.rstrip().endswith("ON CONFLICT DO NOTHING;"), insert
    assert up.index(f"CREATE TABLE {obj} (") < up.index("INSERT INTO casbin_rule")
    assert f"DELETE FROM casbin_rule WHERE ptype = 'p' AND v1 = '{obj}';" in down
    assert down.index("DELETE FROM casbin_rule") < down.index(f"DROP TABLE {obj};")


def test_without_auth_the_migration_touches_no_policy() -> None:
    up, down = migration("post", "posts", auth=False)
    assert "casbin_rule" not in up + down


def test_the_answers_file_keeps_the_auth_answer() -> None:
    assert "auth: true" in read("post", True, ".tracks/resource-post.yml").splitlines()
    assert "auth: false" in read("post", False, ".tracks/resource-post.yml").splitlines()
