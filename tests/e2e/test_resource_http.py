"""e2e tier over HTTP: the CRUD a generated resource serves, per driver (GEN-R-2, -3, -6).

The app is blog_app: `post` with one field of every type and `comment` referencing it. One server
per driver serves the whole module; every test makes its own rows under a unique word, so the
tests neither see nor depend on each other's data.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
import uuid
import zlib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import postgres, server

pytestmark = pytest.mark.e2e

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
META = {"tags": ["go", "htmx"], "nested": {"n": 1}}
#: Where each driver's server keeps uploads (local storage), and the cap it runs with: far
#: below the body limit, so an upload over it is the upload cap's 413.
UPLOADS: dict[str, Path] = {}
UPLOAD_CAP = 64 << 10


# --- a small DOM, so assertions read elements by id rather than match raw HTML ---------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    def text(self) -> str:
        """The text content, whitespace collapsed."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and all(n.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Node | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def by_id(self, id_: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id={id_!r}"
        return found[0]

    def has_id(self, id_: str) -> bool:
        return any(n.attrs.get("id") == id_ for n in self.iter())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v if v is not None else "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(resp: server.Response) -> Node:
    builder = _Builder()
    builder.feed(resp.body.decode())
    builder.close()
    return builder.root


# --- the server and requests as a browser sends them ------------------------------------------


@pytest.fixture(scope="module")
def servers(
    blog_app: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], server.RunningServer]]:
    """One blog server per driver for the module, started on first use on a fresh database."""
    running: dict[str, server.RunningServer] = {}

    def get(driver: str) -> server.RunningServer:
        if driver not in running:
            app = blog_app(driver)
            tmp = tmp_path_factory.mktemp(f"resource-http-{driver}")
            local = f"file:{tmp / 'blog.db'}"
            url = postgres.fresh_database() if driver == "postgres" else local
            UPLOADS[driver] = tmp / "uploads"
            env = production_env(
                {f"{PREFIX}_DATABASE_URL": url},
                MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
                STORAGE_PROVIDER="local",
                STORAGE_LOCAL_DIR=str(UPLOADS[driver]),
                STORAGE_MAX_UPLOAD_BYTES=str(UPLOAD_CAP),
            )
            site = server.start(app / "bin/server", app, PREFIX, env, tmp / "server.log")
            running[driver] = site
            site.wait_until("/readyz", 200)
        return running[driver]

    yield get
    for site in running.values():
        assert site.terminate() == 0, site.log()


@pytest.fixture
def web(servers: Callable[[str], server.RunningServer], driver: str) -> server.RunningServer:
    return servers(driver)


def same_origin(web: server.RunningServer) -> dict[str, str]:
    """The headers Chromium sends with a same-origin form post or fetch."""
    return {"Sec-Fetch-Site": "same-origin", "Origin": web.base_url}


def submit(
    web: server.RunningServer,
    path: str,
    fields: dict[str, str],
    origin: dict[str, str] | None = None,
    htmx: bool = False,
) -> server.Response:
    """POST a urlencoded form as a browser submits it: same-origin unless origin says else,
    and as htmx sends a boosted form when htmx is set."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    headers.update(same_origin(web) if origin is None else origin)
    if htmx:
        headers.update({"HX-Request": "true", "HX-Boosted": "true"})
    return web.request("POST", path, headers, urlencode(fields).encode())


def htmx_delete(web: server.RunningServer, path: str) -> server.Response:
    """DELETE as htmx sends it from the row's button."""
    headers = {**same_origin(web), "HX-Request": "true", "HX-Current-URL": web.url("/posts")}
    return web.request("DELETE", path, headers)


def unique(word: str = "w") -> str:
    return f"{word}{secrets.token_hex(4)}"


def post_fields(title: str, **overrides: str) -> dict[str, str]:
    """A valid post form with every field filled, as a user would type it."""
    fields = {
        "title": title,
        "body": "A body of text\nover two lines.",
        "views": "42",
        "score": "9000000000",
        "rating": "4.5",
        "price": "12.34",
        "published": "true",
        "published_on": "2024-05-06",
        "starts_at": "2024-05-06T07:08",
        "token": "0b6a3c0e-2f6e-4c57-9d1c-7f5b2a1e4d3c",
        "contact": "ada@example.com",
        "site": "https://example.com/ada?x=1",
        "meta": json.dumps(META),
        "status": "published",
    }
    fields.update(overrides)
    return fields


def minimal_fields(title: str, **overrides: str) -> dict[str, str]:
    """Only the required fields; the checkbox unticked sends nothing."""
    fields = {
        "title": title,
        "body": "short",
        "score": "1",
        "price": "0",
        "starts_at": "2025-01-02T03:04",
        "status": "draft",
    }
    fields.update(overrides)
    return fields


def created_id(resp: server.Response, collection: str) -> str:
    assert resp.status == 303, f"{resp.status}: {resp.body[:2000]!r}"
    location = resp.headers["Location"]
    prefix = f"/{collection}/"
    assert location.startswith(prefix), location
    id_ = location.removeprefix(prefix)
    assert id_ and "/" not in id_, location
    return id_


def create_post(web: server.RunningServer, fields: dict[str, str]) -> str:
    return created_id(submit(web, "/posts", fields), "posts")


def listed_ids(page: Node) -> list[str]:
    if page.has_id("posts-empty"):
        assert not page.has_id("posts-table")
        return []
    rows = page.by_id("posts-rows").find_all("tr")
    return [row.attrs["id"].removeprefix("post-") for row in rows]


def index(web: server.RunningServer, **query: str) -> Node:
    resp = web.request("GET", "/posts?" + urlencode(query))
    assert resp.status == 200, resp.body[:2000]
    return dom(resp)


def total(page: Node) -> int:
    text = page.by_id("posts-pagination").text()
    count, found, _ = text.partition(" in all")
    assert found and count, text
    return int(count.split()[-1])


def field_errors(page: Node) -> dict[str, str]:
    """Every non-empty field error of a form page, by field name."""
    return {
        n.attrs["id"].removesuffix("-error"): n.text()
        for n in page.iter()
        if "field-error" in n.attrs.get("class", "").split() and n.text()
    }


def value_of(page: Node, field: str) -> str:
    """What the form shows in a field, as a browser would read it."""
    node = page.by_id(field)
    if node.tag == "textarea":
        return "".join(c for c in node.children if isinstance(c, str)).removeprefix("\n")
    if node.tag == "select":
        chosen = [o for o in node.find_all("option") if "selected" in o.attrs]
        return chosen[0].attrs.get("value", "") if chosen else ""
    if node.attrs.get("type") == "checkbox":
        return node.attrs.get("value", "on") if "checked" in node.attrs else ""
    return node.attrs.get("value", "")


# --- the tests --------------------------------------------------------------------------------


def test_create_through_the_form_then_show_and_list(web: server.RunningServer) -> None:
    new = web.request("GET", "/posts/new")
    assert new.status == 200
    form = dom(new).by_id("post-form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/posts"
    names = {n.attrs["name"] for n in form.iter() if n.tag in ("input", "textarea", "select")}
    assert names == set(post_fields("x")), names
    assert value_of(dom(new), "status") == "draft", "the migration's default is preselected"

    title = unique("Hello ")
    post_id = create_post(web, post_fields(title))
    uuid.UUID(post_id)

    shown = web.request("GET", f"/posts/{post_id}")
    assert shown.status == 200 and b"<html" in shown.body
    page = dom(shown)
    article = page.by_id("post")
    assert article.tag == "article"
    expected = {
        "title": title,
        "body": "A body of text over two lines.",
        "views": "42",
        "score": "9000000000",
        "rating": "4.5",
        "price": "12.34",
        "published": "Yes",
        "published-on": "2024-05-06",
        "starts-at": "2024-05-06T07:08",
        "token": "0b6a3c0e-2f6e-4c57-9d1c-7f5b2a1e4d3c",
        "contact": "ada@example.com",
        "status": "published",
    }
    for field, text in expected.items():
        assert page.by_id(f"post-{field}").text() == text, field
    link = page.by_id("post-site").find("a")
    assert link is not None and link.attrs["href"] == "https://example.com/ada?x=1"
    assert link.text() == "https://example.com/ada?x=1"
    assert json.loads(page.by_id("post-meta").text()) == META

    # A post with only the required fields: the optional ones show as a dash, not a link.
    bare = create_post(web, minimal_fields(unique("Bare "), site=""))
    page = dom(web.request("GET", f"/posts/{bare}"))
    for field in ("views", "rating", "published-on", "token", "contact", "site", "meta"):
        assert page.by_id(f"post-{field}").text() == "—", field
    assert page.by_id("post-site").find("a") is None
    assert page.by_id("post-published").text() == "No"
    assert page.by_id("post-status").text() == "draft"

    listing = index(web)
    assert {post_id, bare} <= set(listed_ids(listing))
    row = listing.by_id(f"post-{post_id}")
    anchor = row.find("a", href=f"/posts/{post_id}")
    assert anchor is not None and anchor.text() == title
    assert row.find("a", href=f"/posts/{post_id}/edit") is not None
    button = row.find("button", **{"hx-delete": f"/posts/{post_id}"})
    assert button is not None
    assert button.attrs["hx-confirm"] == "Delete this post?"
    assert button.attrs["hx-target"] == "closest tr" and button.attrs["hx-swap"] == "outerHTML"
    fallback = row.find("form", action=f"/posts/{post_id}/delete")
    assert fallback is not None and fallback.attrs["method"] == "post"
    assert listing.by_id("new-post").attrs["href"] == "/posts/new"


def test_invalid_input_is_a_422_with_the_form_and_its_errors(web: server.RunningServer) -> None:
    title = unique("Invalid ")
    bad = {
        "title": "",
        "body": "kept as typed",
        "score": "lots",
        "price": "1.234",
        "starts_at": "tomorrow",
        "published_on": "2024-13-45",
        "token": "not-a-uuid",
        "contact": "nobody",
        "site": "ftp://example.com/file",
        "meta": "{not json",
        "status": "archived",
    }
    resp = submit(web, "/posts", bad)
    assert resp.status == 422
    assert "text/html" in resp.headers["Content-Type"] and b"<html" in resp.body
    page = dom(resp)
    assert page.by_id("post-form").attrs["action"] == "/posts"
    assert field_errors(page) == {
        "title": "This field is required.",
        "score": "Enter a number.",
        "price": "Enter an amount with at most 2 decimals.",
        "starts_at": "Enter a valid date.",
        "published_on": "Enter a valid date.",
        "token": "Enter a valid UUID.",
        "contact": "Enter a valid email address.",
        "site": "Enter a valid http(s) address.",
        "meta": "Enter valid JSON.",
        "status": "Choose one of: draft, published.",
    }
    assert page.by_id("price").attrs["aria-invalid"] == "true"
    assert page.by_id("body").attrs["aria-invalid"] == "false"
    for field in ("body", "score", "price", "starts_at", "site", "meta"):
        assert value_of(page, field) == bad[field], f"{field} not shown as typed"

    # Rules the service checks after the form's own: the minimum of views and price.
    resp = submit(web, "/posts", minimal_fields(title, views="-1", price="-5"))
    assert resp.status == 422
    at_least = "Must be at least 0."
    assert field_errors(dom(resp)) == {"views": at_least, "price": at_least}

    # An htmx (boosted) submission gets the same 422, which the app's htmx config swaps in.
    boosted = submit(web, "/posts", minimal_fields(title, score="x"), htmx=True)
    assert boosted.status == 422
    assert field_errors(dom(boosted)) == {"score": "Enter a number."}

    assert listed_ids(index(web, q=title)) == [], "an invalid form created a post"


def test_a_duplicate_title_is_a_field_error_not_a_500(web: server.RunningServer) -> None:
    title = unique("Taken ")
    first = create_post(web, minimal_fields(title))
    again = submit(web, "/posts", minimal_fields(title, body="another"))
    assert again.status == 422, again.body[:2000]
    page = dom(again)
    assert field_errors(page) == {"title": "This value is already taken."}
    assert value_of(page, "body") == "another"
    assert listed_ids(index(web, q=title)) == [first]

    # Updating another post to the taken title is refused the same way, on the edit form.
    other = create_post(web, minimal_fields(unique("Other ")))
    clash = submit(web, f"/posts/{other}", minimal_fields(title))
    assert clash.status == 422
    page = dom(clash)
    assert page.by_id("post-form").attrs["action"] == f"/posts/{other}"
    assert field_errors(page) == {"title": "This value is already taken."}


def test_edit_shows_the_stored_values_and_update_redirects(web: server.RunningServer) -> None:
    title = unique("Edit me ")
    post_id = create_post(web, post_fields(title))

    edit = web.request("GET", f"/posts/{post_id}/edit")
    assert edit.status == 200
    page = dom(edit)
    assert page.by_id("post-form").attrs["action"] == f"/posts/{post_id}"
    stored = post_fields(title)
    for field in ("title", "views", "score", "price", "published_on", "starts_at", "token"):
        assert value_of(page, field) == stored[field], field
    assert value_of(page, "published") == "true"
    assert value_of(page, "status") == "published"
    assert json.loads(value_of(page, "meta")) == META

    renamed = unique("Edited ")
    changes = post_fields(
        renamed,
        views="7",
        price="0.5",
        published_on="",
        starts_at="2030-12-31T23:59",
        site="http://example.org/",
        meta="[1, 2, 3]",
        status="draft",
    )
    del changes["published"]  # untick the checkbox: a browser then sends nothing
    resp = submit(web, f"/posts/{post_id}", changes)
    assert resp.status == 303 and resp.headers["Location"] == f"/posts/{post_id}"

    page = dom(web.request("GET", f"/posts/{post_id}"))
    assert page.by_id("post-title").text() == renamed
    assert page.by_id("post-views").text() == "7"
    assert page.by_id("post-price").text() in ("0.5", "0.50")
    assert page.by_id("post-published").text() == "No"
    assert page.by_id("post-published-on").text() == "—"
    assert page.by_id("post-starts-at").text() == "2030-12-31T23:59"
    assert page.by_id("post-status").text() == "draft"
    assert json.loads(page.by_id("post-meta").text()) == [1, 2, 3]
    link = page.by_id("post-site").find("a")
    assert link is not None and link.attrs["href"] == "http://example.org/"
    assert listed_ids(index(web, q=title)) == [], "the old title is still found"
    assert listed_ids(index(web, q=renamed)) == [post_id]

    invalid = submit(web, f"/posts/{post_id}", {**changes, "views": "-3"})
    assert invalid.status == 422
    page = dom(invalid)
    assert field_errors(page) == {"views": "Must be at least 0."}
    assert value_of(page, "views") == "-3"
    assert dom(web.request("GET", f"/posts/{post_id}")).by_id("post-views").text() == "7"


def test_search_is_case_insensitive_over_string_and_text_fields(
    web: server.RunningServer,
) -> None:
    word = unique("zq")
    apple = create_post(web, minimal_fields(f"{word}-apple"))
    banana = create_post(web, minimal_fields(f"{word}-banana"))
    cherry = create_post(web, minimal_fields(f"{word}-cherry", body=f"Ripe mango from {word}"))

    assert sorted(listed_ids(index(web, q=word))) == sorted([apple, banana, cherry])
    assert total(index(web, q=word)) == 3
    assert listed_ids(index(web, q=f"{word.upper()}-APPLE")) == [apple]
    assert listed_ids(index(web, q=f"MANGO FROM {word}")) == [cherry]
    assert listed_ids(index(web, q=f"{word}-BaNaNa")) == [banana]

    nothing = index(web, q=f"{word}-durian")
    assert listed_ids(nothing) == []
    assert "No posts match your search." in nothing.by_id("posts-empty").text()
    assert total(nothing) == 0

    # The search box as htmx sends it: the index fragment, without the layout, holding the
    # #posts-results the input's hx-select picks.
    search = index(web).by_id("posts-search")
    assert search.attrs["name"] == "q" and search.attrs["hx-get"] == "/posts"
    assert search.attrs["hx-select"] == "#posts-results"
    assert search.attrs["hx-target"] == "#posts-results"
    assert "input changed delay:300ms" in search.attrs["hx-trigger"]
    live = web.request(
        "GET",
        "/posts?" + urlencode({"q": f"{word}-apple"}),
        {"HX-Request": "true", "HX-Trigger": "posts-search"},
    )
    assert live.status == 200 and b"<html" not in live.body
    results = dom(live).by_id("posts-results")
    rows = results.find_all("tr", id=f"post-{apple}")
    assert len(rows) == 1 and len(results.find_all("tr")) == 2, "header row plus one match"


def test_pagination_follows_rel_next_and_prev(web: server.RunningServer) -> None:
    word = unique("page")
    ids = {create_post(web, minimal_fields(f"{word} {i}")) for i in range(5)}

    seen: list[str] = []
    path = "/posts?" + urlencode({"q": word, "per_page": "2"})
    pages: list[Node] = []
    while path:
        resp = web.request("GET", path)
        assert resp.status == 200
        page = dom(resp)
        pages.append(page)
        seen.extend(listed_ids(page))
        assert total(page) == 5
        nav = page.by_id("posts-pagination")
        assert nav.tag == "nav"
        nxt = nav.find("a", rel="next")
        path = nxt.attrs["href"] if nxt else ""
        if path:
            query = urlsplit(path).query
            assert f"q={word}" in query and "per_page=2" in query, path
        assert len(pages) <= 3, "more pages than 5 rows at 2 a page make"

    assert [len(listed_ids(p)) for p in pages] == [2, 2, 1]
    assert len(seen) == 5 and set(seen) == ids, "a row was repeated or left out"
    assert pages[0].by_id("posts-pagination").find("a", rel="prev") is None
    prev = pages[2].by_id("posts-pagination").find("a", rel="prev")
    assert prev is not None
    back = dom(web.request("GET", prev.attrs["href"]))
    assert listed_ids(back) == listed_ids(pages[1])

    # Bad paging numbers fall back to the defaults rather than failing.
    fallback = index(web, q=word, page="0", per_page="nope")
    assert sorted(listed_ids(fallback)) == sorted(ids)
    beyond = index(web, q=word, page="9", per_page="2")
    assert listed_ids(beyond) == [] and total(beyond) == 5


def test_comment_links_its_post_and_restrict_guards_the_delete(
    web: server.RunningServer,
) -> None:
    title = unique("Commented ")
    post_id = create_post(web, minimal_fields(title))

    new = dom(web.request("GET", "/comments/new"))
    options = {o.attrs["value"]: o.text() for o in new.by_id("post_id").find_all("option")}
    assert options.get(post_id) == title, "the post select does not offer the post by title"

    missing = submit(web, "/comments", {"post_id": str(uuid.uuid4()), "body": "x"})
    assert missing.status == 422
    assert field_errors(dom(missing)) == {"post_id": "Choose an existing post."}
    required = submit(web, "/comments", {"post_id": "", "body": ""})
    assert required.status == 422
    assert set(field_errors(dom(required))) == {"post_id", "body"}

    comment_id = created_id(
        submit(web, "/comments", {"post_id": post_id, "body": "First!", "author": "Ada"}),
        "comments",
    )
    page = dom(web.request("GET", f"/comments/{comment_id}"))
    assert page.by_id("comment").tag == "article"
    link = page.by_id("comment-post-id").find("a")
    assert link is not None, "the comment does not link its post"
    assert link.attrs["href"] == f"/posts/{post_id}" and link.text() == title
    assert page.by_id("comment-body").text() == "First!"
    assert page.by_id("comment-author").text() == "Ada"
    assert f"comment-{comment_id}" in {
        n.attrs.get("id") for n in dom(web.request("GET", "/comments")).iter()
    }

    # post_id is ON DELETE RESTRICT: the post stays while a comment points at it.
    refused = htmx_delete(web, f"/posts/{post_id}")
    assert refused.status == 409, refused.body[:2000]
    no_js = submit(web, f"/posts/{post_id}/delete", {})
    assert no_js.status == 409
    assert web.request("GET", f"/posts/{post_id}").status == 200
    assert listed_ids(index(web, q=title)) == [post_id]

    gone = htmx_delete(web, f"/comments/{comment_id}")
    assert gone.status == 200 and gone.body == b"", "htmx swaps the row for an empty body"
    assert web.request("GET", f"/comments/{comment_id}").status == 404

    deleted = submit(web, f"/posts/{post_id}/delete", {})
    assert deleted.status == 303 and deleted.headers["Location"] == "/posts"
    after = web.request("GET", f"/posts/{post_id}")
    assert after.status == 404 and b"<html" in after.body
    assert dom(after).find("section", **{"data-status": "404"}) is not None
    assert listed_ids(index(web, q=title)) == []


def test_htmx_delete_swaps_the_row_out(web: server.RunningServer) -> None:
    title = unique("Short-lived ")
    post_id = create_post(web, minimal_fields(title))
    resp = htmx_delete(web, f"/posts/{post_id}")
    assert resp.status == 200 and resp.body == b""
    assert web.request("GET", f"/posts/{post_id}").status == 404
    assert htmx_delete(web, f"/posts/{post_id}").status == 404


def test_cross_site_writes_are_refused(web: server.RunningServer) -> None:
    title = unique("Forged ")
    evil = "https://evil.example"
    cross = {"Sec-Fetch-Site": "cross-site", "Origin": evil}
    forged = submit(web, "/posts", minimal_fields(title), origin=cross)
    assert forged.status == 403 and b"<html" in forged.body
    # A browser without Fetch Metadata: only the Origin tells.
    assert submit(web, "/posts", minimal_fields(title), origin={"Origin": evil}).status == 403
    assert listed_ids(index(web, q=title)) == [], "a cross-site post created a row"

    post_id = create_post(web, minimal_fields(title))
    assert web.request("DELETE", f"/posts/{post_id}", {**cross, "HX-Request": "true"}).status == 403
    assert submit(web, f"/posts/{post_id}/delete", {}, origin=cross).status == 403
    assert web.request("GET", f"/posts/{post_id}").status == 200


def test_unknown_ids_are_the_404_page(web: server.RunningServer) -> None:
    missing = str(uuid.uuid4())
    for method, path in (
        ("GET", f"/posts/{missing}"),
        ("GET", f"/posts/{missing}/edit"),
        ("GET", f"/comments/{missing}"),
    ):
        resp = web.request(method, path)
        assert resp.status == 404, f"{method} {path}: {resp.status}"
        assert "text/html" in resp.headers["Content-Type"] and b"<html" in resp.body, path
    assert submit(web, f"/posts/{missing}", minimal_fields(unique())).status == 404
    assert submit(web, f"/posts/{missing}/delete", {}).status == 404
    assert htmx_delete(web, f"/posts/{missing}").status == 404
    assert web.request("GET", "/posts/not-an-id").status == 404


# --- uploads: the `document` resource (title:string attachment:file cover:image:optional) -----


def png(width: int = 1, padding: int = 0) -> bytes:
    """A valid PNG of width x 1 pixels, with padding bytes of an ancillary chunk to make it big."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x80" * width)
    extra = chunk(b"teXt", b"pad\x00" + b"x" * padding) if padding else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def upload(
    web: server.RunningServer,
    path: str,
    fields: dict[str, str],
    files: dict[str, tuple[str, bytes]],
) -> server.Response:
    """POST a multipart form as a browser sends an enctype="multipart/form-data" form."""
    boundary = f"----tracks{secrets.token_hex(8)}"
    body = b""
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        body += head.encode() + value.encode() + b"\r\n"
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        body += head.encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    headers = {
        **same_origin(web),
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    return web.request("POST", path, headers, body)


def stored_objects(driver: str) -> set[str]:
    """The objects local storage holds, as paths under its folder."""
    root = UPLOADS[driver]
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def file_link(web: server.RunningServer, document_id: str, field: str) -> Node | None:
    resp = web.request("GET", f"/documents/{document_id}")
    assert resp.status == 200, resp.body[:2000]
    return dom(resp).by_id(f"document-{field}").find("a")


def download(web: server.RunningServer, href: str) -> server.Response:
    """GET a signed URL the page links, relative to the server (the signer's base URL is the
    app's configured one)."""
    parts = urlsplit(href)
    return web.request("GET", f"{parts.path}?{parts.query}")


def test_an_upload_is_stored_shown_and_downloaded_through_a_signed_url(
    web: server.RunningServer, driver: str
) -> None:
    new = dom(web.request("GET", "/documents/new"))
    form = new.by_id("document-form")
    assert form.attrs["enctype"] == "multipart/form-data"
    picker = new.by_id("attachment")
    assert picker.attrs["type"] == "file" and "image/png" in picker.attrs["accept"]
    assert "svg" not in new.by_id("cover").attrs["accept"]

    picture, cover = png(3), png(5)
    title = unique("Doc ")
    # A PNG named like a program and a name like a path: the sniffed type and the app's own
    # key are what count, never the name.
    resp = upload(
        web,
        "/documents",
        {"title": title},
        {"attachment": ("report.exe", picture), "cover": ("../../etc/passwd", cover)},
    )
    document_id = created_id(resp, "documents")

    page = dom(web.request("GET", f"/documents/{document_id}"))
    link = page.by_id("document-attachment").find("a")
    assert link is not None and link.text() == "report.exe"
    image = page.by_id("document-cover").find("img")
    assert image is not None and image.attrs["alt"] == "passwd"
    for href, data in ((link.attrs["href"], picture), (image.attrs["src"], cover)):
        key = urlsplit(href).path
        assert key.startswith("/files/uploads/"), href
        assert not any(w in key for w in ("..", "passwd", "report", "exe", "etc")), href
        got = download(web, href)
        assert got.status == 200, got.body[:500]
        assert hashlib.sha256(got.body).hexdigest() == hashlib.sha256(data).hexdigest()
        assert got.headers["Content-Type"] == "image/png"
    # A signed URL whose signature is changed is refused.
    forged = link.attrs["href"].replace("sig=", "sig=0")
    assert download(web, forged).status == 403
    assert len(stored_objects(driver)) >= 2


@pytest.mark.parametrize(
    ("field", "name", "data", "message"),
    [
        ("attachment", "logo.svg", SVG, "must be a PNG, JPEG, GIF, WebP or PDF"),
        ("attachment", "notes.png", b"just some text\n", "must be a PNG, JPEG, GIF, WebP or PDF"),
        ("cover", "cover.pdf", PDF, "Choose a PNG, JPEG, GIF or WebP image."),
    ],
    ids=["svg", "text", "pdf-as-image"],
)
def test_a_refused_type_is_a_422_with_the_field_error_and_stores_nothing(
    web: server.RunningServer, driver: str, field: str, name: str, data: bytes, message: str
) -> None:
    before = stored_objects(driver)
    files = {"attachment": ("a.png", png()), field: (name, data)}
    resp = upload(web, "/documents", {"title": unique("Refused ")}, files)
    assert resp.status == 422, resp.body[:2000]
    assert message in field_errors(dom(resp)).get(field, ""), field_errors(dom(resp))
    assert stored_objects(driver) == before


def test_an_upload_over_the_cap_is_a_413_and_stores_nothing(
    web: server.RunningServer, driver: str
) -> None:
    before = stored_objects(driver)
    big = png(padding=UPLOAD_CAP + 1)
    resp = upload(web, "/documents", {"title": unique("Big ")}, {"attachment": ("big.png", big)})
    assert resp.status == 413, resp.body[:2000]
    assert stored_objects(driver) == before


def test_a_required_file_is_a_field_error_and_an_optional_one_may_be_left_out(
    web: server.RunningServer,
) -> None:
    resp = upload(web, "/documents", {"title": unique("No file ")}, {})
    assert resp.status == 422
    assert field_errors(dom(resp)) == {"attachment": "Choose a file."}
    resp = upload(
        web, "/documents", {"title": unique("No cover ")}, {"attachment": ("a.png", png())}
    )
    document_id = created_id(resp, "documents")
    page = dom(web.request("GET", f"/documents/{document_id}"))
    assert page.by_id("document-cover").text() == "—"


def test_an_edit_keeps_or_replaces_the_file_and_a_delete_removes_it(
    web: server.RunningServer, driver: str
) -> None:
    resp = upload(web, "/documents", {"title": unique("Edit ")}, {"attachment": ("a.png", png(2))})
    document_id = created_id(resp, "documents")
    first = file_link(web, document_id, "attachment")
    assert first is not None
    first_key = urlsplit(first.attrs["href"]).path.removeprefix("/files/")
    assert first_key in stored_objects(driver)

    # Without a new file the edit keeps the old one.
    resp = upload(web, f"/documents/{document_id}", {"title": unique("Kept ")}, {})
    assert resp.status == 303, resp.body[:2000]
    kept = file_link(web, document_id, "attachment")
    assert (
        kept is not None and urlsplit(kept.attrs["href"]).path == urlsplit(first.attrs["href"]).path
    )

    # A new file replaces it: the old object is deleted once the row refers to the new one.
    replacement = png(7)
    resp = upload(
        web,
        f"/documents/{document_id}",
        {"title": unique("New ")},
        {"attachment": ("b.png", replacement)},
    )
    assert resp.status == 303, resp.body[:2000]
    second = file_link(web, document_id, "attachment")
    assert second is not None and second.text() == "b.png"
    second_key = urlsplit(second.attrs["href"]).path.removeprefix("/files/")
    assert first_key not in stored_objects(driver)
    assert second_key in stored_objects(driver)
    got = download(web, second.attrs["href"])
    assert got.status == 200 and got.body == replacement

    # Deleting the row deletes its file.
    resp = web.request("POST", f"/documents/{document_id}/delete", same_origin(web))
    assert resp.status == 303
    assert web.request("GET", f"/documents/{document_id}").status == 404
    assert second_key not in stored_objects(driver)
    assert download(web, second.attrs["href"]).status == 404
