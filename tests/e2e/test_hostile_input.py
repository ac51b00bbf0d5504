"""e2e tier: hostile input never gives a 5xx, on every resource the tests generate and every driver.

Nothing here names a resource or a field. The resources are the collections the app's own route
list (routes.All(), run from the app's code) serves a form for, checked against its
.tracks/resource-*.yml answers; the fields are the controls of each resource's form, filled
with values the form accepts by trying likely ones until it has no field errors. A new recipe
or field type is covered as soon as blog_app generates it.

The promises: bytes that are not text (NUL, invalid UTF-8) in a form field are a 422 with a
field error, in the query or the path a 400, and never reach the database; paging numbers,
however absurd, give a page; HEAD answers every GET route like GET without a body; multipart
forms work like urlencoded ones, and an oversized one is a 413; and the server log never holds
a submitted hostile value nor a 5xx.
"""

from __future__ import annotations

import re
import secrets
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest

from tests.e2e.test_resource_http import Node, dom, field_errors, same_origin
from tests.e2e.test_web import PREFIX, asset_urls, production_env
from tests.support import postgres, server
from tests.support.gocmd import run

pytestmark = pytest.mark.e2e

# Every hostile value sent in a form or a query carries MARKER, so the log can be searched for it.
MARKER = f"hostile{secrets.token_hex(4)}"
NOT_TEXT = {"NUL": b"\x00", "invalid UTF-8": b"\xff\xfe"}
INVALID_MESSAGE = "contains invalid characters"
PAGING = ("-1", "0", "abc", "2147483648", "99999999999999999999", "107374184")
PER_PAGE = ("-1", "0", "abc", "100000", "2147483648", "99999999999999999999")
MAX_BODY = 1 << 20  # the default <P>_MIDDLEWARE_MAX_BODY_BYTES, which the server runs with
# Headers that differ between any two requests, or frame the body that HEAD leaves out.
PER_REQUEST = {"date", "x-request-id", "content-length", "transfer-encoding"}
NONCE = re.compile(r"'nonce-[^']*'")

ROUTE_LIST = """package main

import (
	"fmt"

	"routelist/routes"
)

func main() {
	for _, route := range routes.All() {
		fmt.Println(route)
	}
}
"""


@dataclass(frozen=True)
class Upload:
    """A file picked in a file input: its name as the browser sends it, and its bytes."""

    filename: str
    data: bytes


# A PNG (its signature is all the type sniffing reads) under a name shaped like a path that
# carries MARKER: the name is shown on the page at most, never part of a key nor of the log.
PNG_UPLOAD = Upload(f"../../{MARKER}/..\\{MARKER}.png", b"\x89PNG\r\n\x1a\n" + bytes(64))

Value = str | bytes | Upload | None  # None leaves the field out, as an unticked checkbox does


# --- what the app serves, read from the app ----------------------------------------------------


def route_list(app: Path, tmp: Path) -> list[tuple[str, str]]:
    """The app's routes.All() as (method, pattern) pairs, from a copy of its routes package
    built on its own (the package uses only the standard library)."""
    module = tmp / "routelist"
    (module / "routes").mkdir(parents=True)
    for src in (app / "internal/http/routes").glob("*.go"):
        if not src.name.endswith("_test.go"):
            shutil.copy(src, module / "routes" / src.name)
    go_line = next(
        line for line in (app / "go.mod").read_text().splitlines() if line.startswith("go ")
    )
    (module / "go.mod").write_text(f"module routelist\n\n{go_line}\n")
    (module / "main.go").write_text(ROUTE_LIST)
    _, out, _ = run(module, "go", "run", ".")
    pairs = [line.split(" ", 1) for line in out.splitlines() if line]
    assert pairs, "routes.All() is empty"
    return [(method, path) for method, path in pairs]


def collections(routes: list[tuple[str, str]]) -> list[str]:
    """The paths that have a create form: GET <path>/new and POST <path>."""
    return sorted(
        path for method, path in routes if method == "POST" and ("GET", f"{path}/new") in routes
    )


UNIQUE = re.compile(r"v[0-9a-f]{8}")


def unique() -> str:
    return f"v{secrets.token_hex(4)}"


def candidates(control: Node) -> list[Value]:
    """Values to try in a form control, the likeliest valid first; a fresh unique word each call."""
    kind = control.attrs.get("type", "text") if control.tag == "input" else control.tag
    if kind == "file":
        return [PNG_UPLOAD, None]
    if kind == "select":
        options = [o.attrs["value"] for o in control.find_all("option") if o.attrs.get("value")]
        return [*options, ""]
    if kind == "checkbox":
        return [control.attrs.get("value", "on"), None]
    if kind == "number":
        bounds = [control.attrs.get(b) for b in ("min", "max")]
        return [*(b for b in bounds if b), "1", "0"]
    fixed = {
        "date": "2024-05-06",
        "datetime-local": "2024-05-06T07:08",
        "email": f"{unique()}@example.com",
        "url": f"https://example.com/{unique()}",
    }
    if kind in fixed:
        return [fixed[kind], ""]
    # Text inputs and textareas: a unique word (unique columns), then the shapes a text field
    # may insist on.
    word = unique()[: int(control.attrs.get("maxlength", "64"))]
    return [
        word,
        str(uuid.uuid4()),
        f"{word}@example.com",
        f"https://example.com/{word}",
        "{}",
        "1",
        "",
    ]


@dataclass
class Resource:
    """A generated resource: its collection path, its form's controls, which candidate of each
    the form accepts, and one record created through the form."""

    collection: str
    controls: dict[str, Node]
    choice: dict[str, int] = field(default_factory=dict)
    record: str = ""

    def valid_form(self) -> dict[str, Value]:
        """A form the app accepts, with fresh unique words."""
        return {name: candidates(c)[self.choice[name]] for name, c in self.controls.items()}

    def member(self, id_: str) -> str:
        return f"{self.collection}/{id_}"


def form_controls(page: Node, action: str) -> dict[str, Node]:
    forms = [f for f in page.find_all("form") if f.attrs.get("action") == action]
    assert len(forms) == 1, f"{len(forms)} forms post to {action}"
    return {
        n.attrs["name"]: n
        for n in forms[0].iter()
        if n.tag in ("input", "textarea", "select") and n.attrs.get("name")
    }


def solve(web: server.RunningServer, collection: str) -> Resource | None:
    """Fill the create form of collection until it is accepted, moving each field with an error
    on to its next candidate; None when some field runs out (a select whose options another
    resource has to create first)."""
    resource = Resource(collection, form_controls(dom(get(web, f"{collection}/new")), collection))
    resource.choice = dict.fromkeys(resource.controls, 0)
    for _ in range(10):
        resp = post(web, collection, resource.valid_form())
        if resp.status == 303:
            resource.record = resp.headers["Location"].removeprefix(f"{collection}/")
            return resource
        assert resp.status == 422, f"POST {collection}: {resp.status}"
        for name in field_errors(dom(resp)):
            resource.choice[name] += 1
            if resource.choice[name] >= len(candidates(resource.controls[name])):
                return None
    return None


def solve_all(web: server.RunningServer, paths: list[str]) -> list[Resource]:
    """Every collection solved, those referring to others after the ones they refer to."""
    solved: dict[str, Resource] = {}
    for _ in paths:
        for path in paths:
            if path not in solved and (resource := solve(web, path)):
                solved[path] = resource
    assert sorted(solved) == paths, f"no valid form found for {sorted(set(paths) - set(solved))}"
    return [solved[p] for p in paths]


# --- requests ----------------------------------------------------------------------------------


def checked(resp: server.Response, what: str) -> server.Response:
    assert resp.status < 500, f"{what}: {resp.status}\n{resp.body[:2000]!r}"
    return resp


def get(
    web: server.RunningServer, path: str, headers: dict[str, str] | None = None
) -> server.Response:
    return checked(web.request("GET", path, headers), f"GET {path}")


def multipart(fields: dict[str, Value]) -> tuple[bytes, str]:
    """fields encoded as a browser posts a form with enctype="multipart/form-data"."""
    boundary = f"----tracks{secrets.token_hex(8)}"
    body = b""
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, Upload):
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{value.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            )
            body += head.encode() + value.data + b"\r\n"
            continue
        data = value if isinstance(value, bytes) else value.encode()
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        body += head.encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(
    web: server.RunningServer, path: str, fields: dict[str, Value], encoding: str = "urlencoded"
) -> server.Response:
    """POST a form as a same-origin browser does, urlencoded or multipart. A form with a file
    is always multipart, as its form's enctype makes a browser send it."""
    if encoding == "multipart" or any(isinstance(v, Upload) for v in fields.values()):
        body, content_type = multipart(fields)
    else:
        body = urlencode({k: v for k, v in fields.items() if isinstance(v, str | bytes)}).encode()
        content_type = "application/x-www-form-urlencoded"
    headers = {**same_origin(web), "Content-Type": content_type}
    return checked(web.request("POST", path, headers, body), f"POST {path} ({encoding})")


def hostile(kind: str) -> bytes:
    return MARKER.encode() + NOT_TEXT[kind]


def total(web: server.RunningServer, collection: str) -> int:
    """How many records the collection's index says it holds."""
    nav = dom(get(web, collection)).by_id(f"{collection.strip('/')}-pagination").text()
    count, found, _ = nav.partition(" in all")
    assert found, nav
    return int(count.split()[-1])


def assert_clean_log(web: server.RunningServer) -> None:
    """The log never repeats a hostile value nor records a 5xx."""
    log = web.log_path.read_bytes()
    assert MARKER.encode() not in log, "a submitted hostile value reached the log"
    for raw in NOT_TEXT.values():
        assert raw not in log, f"the log holds the raw bytes {raw!r}"
    assert not re.search(rb'"status":5\d\d', log), "the log records a 5xx"


# --- the server --------------------------------------------------------------------------------


@dataclass
class Site:
    web: server.RunningServer
    routes: list[tuple[str, str]]
    resources: list[Resource]


@pytest.fixture(scope="module")
def sites(
    blog_app: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], Site]]:
    """One blog server per driver for the module, on a fresh database, with its resources solved."""
    running: dict[str, Site] = {}

    def get_site(driver: str) -> Site:
        if driver not in running:
            app = blog_app(driver)
            tmp = tmp_path_factory.mktemp(f"hostile-{driver}")
            url = postgres.fresh_database() if driver == "postgres" else f"file:{tmp / 'blog.db'}"
            env = production_env(
                {f"{PREFIX}_DATABASE_URL": url}, MIDDLEWARE_RATE_LIMIT_REQUESTS="0"
            )
            web = server.start(app / "bin/server", app, PREFIX, env, tmp / "server.log")
            routes = route_list(app, tmp)
            web.wait_until("/readyz", 200)
            paths = collections(routes)
            answers = sorted((app / ".tracks").glob("resource-*.yml"))
            assert len(paths) == len(answers) > 0, f"resources {paths}, answers {answers}"
            running[driver] = Site(web, routes, solve_all(web, paths))
        return running[driver]

    yield get_site
    for site in running.values():
        assert site.web.terminate() == 0, site.web.log()
        assert_clean_log(site.web)


@pytest.fixture
def site(sites: Callable[[str], Site], driver: str) -> Iterator[Site]:
    running = sites(driver)
    yield running
    assert_clean_log(running.web)


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_form_field_that_is_not_text_is_a_422_and_stores_nothing(
    site: Site, encoding: str
) -> None:
    web = site.web
    for resource in site.resources:
        before = total(web, resource.collection)
        for name in resource.controls:
            for kind in NOT_TEXT:
                for action in (resource.collection, resource.member(resource.record)):
                    fields = {**resource.valid_form(), name: hostile(kind)}
                    resp = post(web, action, fields, encoding)
                    what = f"{kind} in {name} posted to {action}"
                    assert resp.status == 422, f"{what}: {resp.status}"
                    errors = field_errors(dom(resp))
                    assert INVALID_MESSAGE in errors.get(name, ""), f"{what}: {errors}"
                    assert MARKER.encode() not in resp.body, f"{what}: the value is shown again"
        assert total(web, resource.collection) == before, f"{resource.collection}: a row was stored"


def test_a_query_or_path_that_is_not_text_is_a_400(site: Site) -> None:
    web = site.web
    for kind, raw in NOT_TEXT.items():
        value = quote(hostile(kind))
        for method, path in site.routes:
            if method == "GET" and "{" not in path and "*" not in path:
                resp = get(web, f"{path}?q={value}&{quote(MARKER)}{quote(raw)}=1")
                assert resp.status == 400, f"{kind} in the query of {path}: {resp.status}"
        segment = quote(raw)  # the access log records every path (escaped), so no MARKER here
        for resource in site.resources:
            bad = resource.member(segment)
            for method, path in (
                ("GET", bad),
                ("GET", f"{bad}/edit"),
                ("POST", bad),
                ("DELETE", bad),
            ):
                resp = checked(web.request(method, path, same_origin(web)), f"{method} {path}")
                assert resp.status == 400, f"{kind}: {method} {path}: {resp.status}"
                assert b"<html" in resp.body, f"{method} {path} is not the error page"
            resp = get(web, f"{resource.collection}?page={value}")
            assert resp.status == 400, f"{kind} in ?page=: {resp.status}"


def test_any_paging_numbers_give_a_page(site: Site) -> None:
    web = site.web
    for resource in site.resources:
        empty = f"{resource.collection.strip('/')}-empty"
        for page in PAGING:
            for per_page in (None, *PER_PAGE):
                query = {"page": page} if per_page is None else {"page": page, "per_page": per_page}
                path = f"{resource.collection}?{urlencode(query)}"
                resp = get(web, path)
                assert resp.status == 200, f"{path}: {resp.status}"
                if page in ("2147483648", "99999999999999999999", "107374184"):
                    assert dom(resp).has_id(empty), f"{path} is not an empty page"
        for per_page in PER_PAGE:
            resp = get(web, f"{resource.collection}?per_page={per_page}")
            assert resp.status == 200 and resource.record.encode() in resp.body, per_page


#: Values for the parameters of the app's own routes (sign-in and admin); a resource's come
#: from its records.
APP_PARAMETERS = {
    "provider": "github",
    "identityID": "01900000-0000-7000-8000-000000000000",
    "userID": "01900000-0000-7000-8000-000000000000",
    "role": "admin",
}


def concrete(site: Site, pattern: str) -> str:
    """A path that pattern matches: a resource's record for its parameter, a fixed value for the
    app's own (APP_PARAMETERS), a hashed asset for the assets' wildcard."""
    if "*" in pattern:
        urls = asset_urls(get(site.web, "/").body.decode())
        assert urls, "the home page links no hashed asset"
        return urls[0]
    if "{" not in pattern:
        return pattern
    names = re.findall(r"\{(\w+)\}", pattern)
    if all(n in APP_PARAMETERS for n in names):
        return re.sub(r"\{(\w+)\}", lambda m: APP_PARAMETERS[m.group(1)], pattern)
    owner = max(
        (r for r in site.resources if pattern.startswith(r.collection + "/")),
        key=lambda r: len(r.collection),
    )
    return re.sub(r"\{[^}]+\}", owner.record, pattern)


def comparable(headers: server.Headers) -> dict[str, str]:
    return {k: NONCE.sub("'nonce-'", v) for k, v in headers.items() if k not in PER_REQUEST}


def test_head_answers_every_get_route_like_get_without_a_body(site: Site) -> None:
    web = site.web
    gets = [concrete(site, path) for method, path in site.routes if method == "GET"]
    assert any("/assets/" in p for p in gets) and "/healthz" in gets, gets
    for path in [*gets, "/no-such-page"]:
        for extra in ({}, {"Accept-Encoding": "gzip"}, {"HX-Request": "true"}):
            full = get(web, path, extra)
            head = checked(web.request("HEAD", path, extra), f"HEAD {path}")
            what = f"HEAD {path} {extra}"
            assert head.status == full.status, f"{what}: {head.status}, GET gave {full.status}"
            assert head.body == b"", f"{what} has a body"
            assert comparable(head.headers) == comparable(full.headers), what
            length = head.headers.get("Content-Length")
            assert length is None or int(length) == len(full.body), f"{what}: Content-Length"
    # A method a GET route does not take names HEAD among the allowed ones.
    refused = checked(web.request("PUT", "/about", same_origin(web)), "PUT /about")
    assert refused.status == 405
    assert set(refused.headers["Allow"].split(", ")) == {"GET", "HEAD"}, refused.headers["Allow"]


def test_multipart_forms_work_like_urlencoded_ones(site: Site) -> None:
    web = site.web
    for resource in site.resources:
        created = post(web, resource.collection, resource.valid_form(), "multipart")
        assert created.status == 303, f"multipart create of {resource.collection}: {created.status}"
        location = created.headers["Location"]
        shown = dom(get(web, location))
        links = [n.attrs.get("href", n.attrs.get("src", "")) for n in shown.iter()]
        for link in (u for u in links if "/files/" in u):
            key = urlsplit(link).path  # the query signs a download name, which may be the file's
            assert MARKER not in key and ".." not in key, f"a file name reached a key: {link}"

        changed = resource.valid_form()
        updated = post(web, location, changed, "multipart")
        assert updated.status == 303 and updated.headers["Location"] == location
        shown = get(web, f"{location}/edit").body.decode()
        words = [v for v in changed.values() if isinstance(v, str) and UNIQUE.fullmatch(v)]
        assert all(w in shown for w in words), f"{location}: the update was not stored"

    # The app's own forms.
    contact = {"name": "Ada", "email": "ada@example.com", "message": "Hello"}
    assert post(web, "/contact", contact, "multipart").status == 303
    resp = post(web, "/contact", {**contact, "message": hostile("NUL")}, "multipart")
    assert resp.status == 422 and INVALID_MESSAGE in field_errors(dom(resp)).get("message", "")
    counted = post(web, "/counter", {"count": "4"}, "multipart")
    assert counted.status == 303 and counted.headers["Location"] == "/?count=5"
    assert post(web, "/counter", {"count": hostile("invalid UTF-8")}).status == 422


def test_an_oversized_form_is_a_413_in_either_encoding(site: Site) -> None:
    web = site.web
    big = "x" * (MAX_BODY + 1)
    targets = [r.collection for r in site.resources]
    targets += [r.member(r.record) for r in site.resources] + ["/contact", "/counter"]
    for path in targets:
        for encoding in ("urlencoded", "multipart"):
            resp = post(web, path, {"padding": big}, encoding)
            assert resp.status == 413, f"{encoding} POST {path}: {resp.status}"
