"""What each recipe declares it wires, read from its rendered `.tracks/wiring/<recipe>-<name>.yml`.

The recipes declare their wiring in a template of their own (recipes/<recipe>/.tracks/wiring/,
macros in recipes/wiring.jinja); these tests render each recipe with Copier, as `tracks
generate` does before it writes anything, and check the lines against the identifiers the
recipe's Go and templ files define.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from hooks.wiring import Insertion
from model import layout
from tests.support.recipe_render import declared, render_recipe, wiring_of

pytestmark = pytest.mark.render

MODULE = "example.com/shop"


def lines(recipe: str, name: str, **extra: str) -> dict[tuple[str, str], str]:
    """The declared lines by (file, region); a region declared twice would lose a line here,
    so the count is checked too."""
    wired = wiring_of(recipe, name, app_module_path=MODULE, **extra)
    by_region = {(ins.path, ins.region): ins.line for ins in wired}
    assert len(by_region) == len(wired), f"{recipe} {name} declares a region twice: {wired}"
    return by_region


# --- page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "const"),
    [
        ("pricing", "Pricing"),
        ("blog_post", "BlogPost"),
        ("api_docs", "APIDocs"),
        ("user_id", "UserID"),
    ],
)
def test_page_wiring_uses_the_templates_pascal_case(name: str, const: str) -> None:
    wired = [ins.line for ins in wiring_of("page", name)]
    assert f"web.Get(routes.{const}, handlers.New{const}Page(s.log).Show)" in wired
    assert f'"GET " + {const},' in wired
    assert any(f"routes.{const})" in line for line in wired)


def test_page_wires_its_route_its_listing_and_a_nav_link() -> None:
    assert lines("page", "blog_post") == {
        ("internal/http/routes.go", "routes"): (
            "web.Get(routes.BlogPost, handlers.NewBlogPostPage(s.log).Show)"
        ),
        ("internal/http/routes/routes.go", "routes-list"): '"GET " + BlogPost,',
        ("internal/http/views/components/nav.templ", "nav"): (
            "<li><a href={ templ.SafeURL(routes.BlogPost) }>"
            '{ i18n.T(ctx, "pages.blog_post.title") }</a></li>'
        ),
    }


@pytest.mark.parametrize(
    ("recipe", "name"), [("component", "card"), ("migration", "add_tags"), ("repository", "audit")]
)
def test_other_recipes_need_no_wiring(recipe: str, name: str) -> None:
    assert wiring_of(recipe, name) == []


# --- handler -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "const"), [("reports", "Reports"), ("api_keys", "APIKeys"), ("user_id", "UserID")]
)
def test_handler_wires_its_index_route_and_lists_it(name: str, const: str) -> None:
    assert lines("handler", name) == {
        ("internal/http/routes.go", "routes"): (
            f"web.Get(routes.{const}, handlers.New{const}Handler(s.log).Index)"
        ),
        ("internal/http/routes/routes.go", "routes-list"): f'"GET " + {const},',
    }


def test_handler_and_page_of_different_names_wire_different_identifiers() -> None:
    handler = set(lines("handler", "reports").values())
    page = {ins.line for ins in wiring_of("page", "pricing")}
    assert not handler & page
    assert all("Page" not in line for line in handler)


# --- service -----------------------------------------------------------------------------


def test_service_wires_construction_deps_validation_and_a_test_double() -> None:
    assert lines("service", "order_items") == {
        ("cmd/server/main.go", "imports"): f'"{MODULE}/internal/domain/order_items"',
        ("cmd/server/main.go", "services"): "orderItemsService := order_items.NewService()",
        ("cmd/server/main.go", "deps"): "OrderItems: orderItemsService,",
        ("internal/http/server.go", "deps-fields"): "OrderItems interfaces.OrderItemsService",
        ("internal/http/server.go", "deps-validate"): (
            'errs = append(errs, required("OrderItems", d.OrderItems))'
        ),
        ("internal/http/server_test.go", "test-imports"): f'"{MODULE}/tests/mocks"',
        ("internal/http/server_test.go", "test-deps"): ("OrderItems: &mocks.OrderItemsService{},"),
        ("tests/httpkit/httpkit.go", "kit-imports"): f'"{MODULE}/internal/domain/order_items"',
        ("tests/httpkit/httpkit.go", "kit-deps"): "OrderItems: order_items.NewService(),",
    }


def test_two_services_share_only_the_mocks_import() -> None:
    one = set(wiring_of("service", "billing", app_module_path=MODULE))
    two = set(wiring_of("service", "invoices", app_module_path=MODULE))
    assert one & two == {
        Insertion("internal/http/server_test.go", "test-imports", f'"{MODULE}/tests/mocks"')
    }


def test_service_import_lines_sort_like_gofmt_sorts_them() -> None:
    """The wiring sorts a region by its text; gofmt sorts imports by path. Both must agree."""
    names = ["zebra", "audit_log", "audit", "billing"]
    wired = [lines("service", n)[("cmd/server/main.go", "imports")] for n in names]
    paths = sorted(line.strip('"') for line in wired)
    assert [line.strip('"') for line in sorted(wired)] == paths


def test_wired_go_lines_are_gofmt_clean(tmp_path: Path) -> None:
    """Each wired line, in a file shaped like its region, is left alone by gofmt."""
    gofmt = shutil.which("gofmt")
    if not gofmt:
        pytest.skip("gofmt is not installed")
    wired = lines("service", "billing")
    src = (
        "package x\n\nimport (\n\t" + wired[("cmd/server/main.go", "imports")] + "\n)\n\n"
        "type Deps struct {\n\t" + wired[("internal/http/server.go", "deps-fields")] + "\n}\n\n"
        "func f(d Deps) {\n\tvar errs []error\n\t"
        + wired[("internal/http/server.go", "deps-validate")]
        + "\n\t"
        + wired[("cmd/server/main.go", "services")]
        + "\n\t_ = Deps{\n\t\t"
        + wired[("cmd/server/main.go", "deps")]
        + "\n\t}\n}\n"
    )
    path = tmp_path / "x.go"
    path.write_text(src)
    out = subprocess.run([gofmt, "-l", str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", src


# --- resource ----------------------------------------------------------------------------


def test_resource_wiring_names_what_the_templates_render() -> None:
    wired = wiring_of("resource", "blog_post", app_module_path="m", fields="title:string")
    found = {(i.path, i.region, i.line) for i in wired}
    assert len(found) == len(wired), f"a line is declared twice: {wired}"
    assert ("cmd/server/main.go", "imports", '"m/internal/domain/blogposts"') in found
    assert ("cmd/server/main.go", "imports", '"m/internal/domain/blogposts/blogpostsrepo"') in found
    assert (
        "cmd/server/main.go",
        "services",
        "blogPostService := blogposts.NewService(blogpostsrepo.New(conn))",
    ) in found
    assert ("cmd/server/main.go", "deps", "BlogPosts: blogPostService,") in found
    assert (
        "internal/http/server.go",
        "deps-fields",
        "BlogPosts interfaces.BlogPostService",
    ) in found
    assert (
        "internal/http/server.go",
        "deps-validate",
        'errs = append(errs, required("BlogPosts", d.BlogPosts))',
    ) in found
    assert ("internal/http/server_test.go", "test-imports", '"m/tests/mocks"') in found
    assert (
        "internal/http/server_test.go",
        "test-deps",
        "BlogPosts: &mocks.BlogPostService{},",
    ) in found
    assert (
        "internal/http/routes.go",
        "routes",
        "handlers.NewBlogPosts(s.deps.BlogPosts, s.log).Routes(web)",
    ) in found
    routes = sorted(line for path, region, line in found if region == "routes-list")
    assert routes == sorted(
        [
            '"GET " + BlogPosts,',
            '"POST " + BlogPosts,',
            '"GET " + NewBlogPost,',
            '"GET " + BlogPost,',
            '"POST " + BlogPost,',
            '"DELETE " + BlogPost,',
            '"GET " + EditBlogPost,',
            '"POST " + DeleteBlogPost,',
        ]
    )
    nav = [line for _, region, line in found if region == "nav"]
    assert nav == [
        "<li><a href={ templ.SafeURL(routes.BlogPosts) }>"
        '{ i18n.T(ctx, "resources.blog_post.nav") }</a></li>'
    ]
    # tests/httpkit builds the real service over the test's database, as main.go does.
    kit = sorted(line for path, _, line in found if path == "tests/httpkit/httpkit.go")
    assert kit == sorted(
        [
            '"m/internal/domain/blogposts"',
            '"m/internal/domain/blogposts/blogpostsrepo"',
            "BlogPosts: blogposts.NewService(blogpostsrepo.New(conn)),",
        ]
    )
    assert len(found) == 21


def test_a_resource_with_file_fields_hands_its_handlers_the_files_service() -> None:
    wired = wiring_of("resource", "document", app_module_path="m", fields="title:string scan:file")
    routes = [i.line for i in wired if i.region == "routes"]
    assert routes == ["handlers.NewDocuments(s.deps.Documents, s.deps.Files, s.log).Routes(web)"]


def test_a_resource_and_a_service_share_only_the_mocks_import() -> None:
    resource = set(
        wiring_of("resource", "blog_post", app_module_path=MODULE, fields="title:string")
    )
    service = set(wiring_of("service", "billing", app_module_path=MODULE))
    assert resource & service == {
        Insertion("internal/http/server_test.go", "test-imports", f'"{MODULE}/tests/mocks"')
    }


# --- the declaration file itself ---------------------------------------------------------


def test_the_declaration_renders_where_the_cli_and_the_task_read_it(tmp_path: Path) -> None:
    """At layout.recipe_wiring, beside the recipe's answers file, with no Jinja left in it; the
    macros file recipes/wiring.jinja is not rendered into the app."""
    rendered = render_recipe(tmp_path / "app", "handler", "reports", app_module_path=MODULE)
    path = rendered / layout.recipe_wiring("handler", "reports")
    assert path.is_file()
    assert (rendered / layout.recipe_answers("handler", "reports")).is_file()
    text = path.read_text()
    assert "{{" not in text.replace("{ templ", "") and "{%" not in text
    assert not list(rendered.rglob("wiring.jinja")) and not list(rendered.rglob("*.jinja"))
    assert declared(rendered, "handler", "reports") == wiring_of(
        "handler", "reports", app_module_path=MODULE
    )
