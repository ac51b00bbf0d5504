"""e2e tier over HTTP: every GET route of the app, and of the generated `post` and `comment`
resources, in every locale (I18N-1, -2, -3).

The app is blog_app, signed in as an admin so the account and admin pages render too. A page
is wrong when its body holds a message key (i18n.T shows a missing key as the key itself), an
unfilled `%{name}` placeholder or text/template's `<no value>`, or when its language is not the
one negotiated: `?lang=` (then its cookie), `Accept-Language`, else English.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.test_resource_http import created_id, minimal_fields
from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, postgres, server
from tests.support.authflow import Client
from tests.support.gocmd import run
from tests.support.mailpit import Mailpit

pytestmark = pytest.mark.e2e

LOCALES = ("en", "es")
#: Words of each language's navigation, which every full page shows.
NAV_HOME = {"en": ">Home</a>", "es": ">Inicio</a>"}
#: The GET routes whose answers are not pages: probes, JSON, assets, stored files.
NOT_PAGES = {"Healthz", "Readyz", "APIHealth", "AssetsPattern", "FilesPattern"}
GET_ROUTE = re.compile(r'"GET " \+ (\w+),')
ROUTE_CONST = re.compile(r"^\s*(\w+)\s*=\s*\"(/[^\"]*)\"", re.MULTILINE)
PARAM = re.compile(r"\{[^}]+\}|\*")
HTML_LANG = re.compile(r'<html lang="([^"]*)"')
#: Markers of a message that did not translate: an unfilled placeholder, text/template's
#: missing value.
MARKERS = ("%{", "<no value>")


def flatten(tree: Any, prefix: str = "") -> Iterator[str]:
    """The message ids of a go-i18n YAML file: nested maps join with '.', a map of plural
    forms (one, other, ...) is one message."""
    plural = {"zero", "one", "two", "few", "many", "other"}
    if isinstance(tree, dict) and not (tree and set(tree) <= plural):
        for key, value in tree.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix


def message_keys(app: Path) -> set[str]:
    keys: set[str] = set()
    for path in sorted((app / "internal/i18n/locales").glob("*.yaml")):
        keys.update(flatten(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return keys


def get_routes(app: Path) -> dict[str, str]:
    """Route constant name -> pattern of every GET route in the app's routes list."""
    consts: dict[str, str] = {}
    for path in (app / "internal/http/routes").glob("*.go"):
        consts.update(ROUTE_CONST.findall(path.read_text(encoding="utf-8")))
    listed = GET_ROUTE.findall((app / "internal/http/routes/routes.go").read_text(encoding="utf-8"))
    return {name: consts[name] for name in listed if name in consts}


def concrete(pattern: str, ids: dict[str, str]) -> str:
    """pattern with its parameters filled: a stored row's id under its collection."""
    collection = pattern.strip("/").split("/", 1)[0]
    return PARAM.sub(ids.get(collection, "x"), pattern)


class Site:
    """The blog app of one driver, running, with an admin's session and a post and a comment."""

    def __init__(self, app: Path, running: server.RunningServer, admin: Client) -> None:
        self.app = app
        self.running = running
        self.admin = admin
        self.keys = message_keys(app)
        self.key_pattern = re.compile(
            r"(?<![\w.])(?:" + "|".join(re.escape(k) for k in sorted(self.keys)) + r")(?![\w])"
        )
        self.ids: dict[str, str] = {}

    def pages(self) -> list[str]:
        return [
            concrete(pattern, self.ids)
            for name, pattern in sorted(get_routes(self.app).items())
            if name not in NOT_PAGES
        ]


@pytest.fixture(scope="module")
def sites(
    blog_app: Callable[[str], Path],
    mailpit_session: Mailpit,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], Site]]:
    running: dict[str, Site] = {}

    def get(driver: str) -> Site:
        if driver not in running:
            app = blog_app(driver)
            if not (app / "bin/admin").exists():
                run(app, "go", "build", "-o", "bin/admin", "./cmd/admin")
            tmp = tmp_path_factory.mktemp(f"i18n-http-{driver}")
            url = postgres.fresh_database() if driver == "postgres" else f"file:{tmp / 'blog.db'}"
            env = {
                **production_env(
                    {f"{PREFIX}_DATABASE_URL": url},
                    MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
                    AUTH_RATE_LIMIT_REQUESTS="0",
                    RBAC_RELOAD_INTERVAL="1s",
                    STORAGE_PROVIDER="local",
                    STORAGE_LOCAL_DIR=str(tmp / "uploads"),
                ),
                **mailpit_session.env(PREFIX),
            }
            web = authflow.start_app(app, PREFIX, env, tmp / "server.log")
            email = f"i18n-{secrets.token_hex(3)}@example.com"
            admin = Client(web)
            authflow.log_in(admin, mailpit_session, email)
            authflow.admin(app, env, "roles", "grant", "--email", email, "--role", "admin")
            authflow.poll(lambda: admin.get("/admin").status == 200, 5, "GET /admin as admin")
            site = Site(app, web, admin)
            site.ids["posts"] = created_id(
                admin.post("/posts", minimal_fields(f"I18n {secrets.token_hex(3)}")), "posts"
            )
            comment = admin.post("/comments", {"post_id": site.ids["posts"], "body": "hola"})
            site.ids["comments"] = created_id(comment, "comments")
            running[driver] = site
        return running[driver]

    yield get
    for site in running.values():
        assert site.running.terminate() == 0, site.running.log()


@pytest.fixture
def site(sites: Callable[[str], Site], driver: str) -> Site:
    return sites(driver)


def as_admin(site: Site, **cookies: str) -> Client:
    """A client with the admin's session and cookies added (a lang cookie, say)."""
    return Client(site.running, {**site.admin.cookies, **cookies})


def check_page(site: Site, path: str, resp: server.Response, lang: str) -> list[str]:
    """What is wrong with one answer in lang (empty when nothing is)."""
    problems: list[str] = []
    if resp.headers.get("Content-Language") != lang:
        problems.append(f"{path}: Content-Language {resp.headers.get('Content-Language')!r}")
    if not resp.headers.get("Content-Type", "").startswith("text/html"):
        return problems
    body = resp.body.decode()
    found = site.key_pattern.search(body)
    if found:
        start = max(found.start() - 80, 0)
        problems.append(f"{path}: raw key {found.group(0)!r} in …{body[start : found.end() + 80]}…")
    problems.extend(f"{path}: {marker!r} in the body" for marker in MARKERS if marker in body)
    html_lang = HTML_LANG.search(body)
    if html_lang:
        if html_lang.group(1) != lang:
            problems.append(f"{path}: <html lang={html_lang.group(1)!r}>, want {lang!r}")
        if NAV_HOME[lang] not in body:
            problems.append(f"{path}: no {NAV_HOME[lang]!r} in the navigation")
    return problems


def crawl(site: Site, client: Client, lang: str, headers: dict[str, str]) -> list[str]:
    """GET every page (and where a redirect leads) with headers; the problems."""
    problems: list[str] = []
    for path in site.pages():
        resp = client.get(path, headers)
        problems.extend(check_page(site, path, resp, lang))
        location = resp.headers.get("Location", "")
        if resp.status in (302, 303) and location.startswith("/"):
            problems.extend(check_page(site, location, client.get(location, headers), lang))
    return problems


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
@pytest.mark.parametrize(
    ("how", "lang"),
    [("default", "en"), ("query", "es"), ("accept-language", "es"), ("query", "en")],
)
def test_every_get_route_renders_translated_in_every_locale(
    site: Site, how: str, lang: str, signed_in: bool
) -> None:
    """I18N-3: no page in any locale shows a key or a missing-translation marker; I18N-2: the
    language comes from ?lang= (kept in its cookie), Accept-Language, else English."""
    client = as_admin(site) if signed_in else Client(site.running)
    headers: dict[str, str] = {}
    if how == "query":
        # The first request chooses; the cookie it sets carries the choice to the others.
        first = client.get(f"/?lang={lang}")
        assert f"lang={lang}" in first.headers.get("Set-Cookie", ""), first.headers
        assert "HttpOnly" in first.headers["Set-Cookie"], first.headers["Set-Cookie"]
        assert "SameSite=Lax" in first.headers["Set-Cookie"], first.headers["Set-Cookie"]
        # A browser whose Accept-Language says otherwise still gets the chosen language.
        headers["Accept-Language"] = "es" if lang == "en" else "en"
    elif how == "accept-language":
        headers["Accept-Language"] = f"{lang}-ES,{lang};q=0.9,en;q=0.5"
    pages = site.pages()
    assert len(pages) >= 15 and any("/posts/" in p for p in pages), pages
    assert crawl(site, client, lang, headers) == []


def test_accept_language_es_gives_spanish(site: Site) -> None:
    """I18N-2: Accept-Language: es gives lang="es", Content-Language: es and Spanish text."""
    resp = Client(site.running).get("/", {"Accept-Language": "es"})
    body = resp.body.decode()
    assert resp.status == 200
    assert resp.headers["Content-Language"] == "es"
    assert '<html lang="es">' in body
    assert "Tu aplicación está funcionando" in body and ">Acerca de</a>" in body
    assert "Your app is running" not in body


def test_an_unknown_lang_is_the_default(site: Site) -> None:
    """I18N-2: ?lang=zz is ignored (no cookie) and the default, English, answers."""
    resp = Client(site.running).get("/?lang=zz")
    assert resp.status == 200
    assert resp.headers["Content-Language"] == "en"
    assert '<html lang="en">' in resp.body.decode()
    assert "lang=" not in resp.headers.get("Set-Cookie", "")


def test_a_422_shows_translated_validation_messages(site: Site) -> None:
    """I18N-3: the errors of a rejected form are in the request's language."""
    es = {"Accept-Language": "es"}
    contact = Client(site.running).post("/contact", {"name": "", "email": "x", "message": ""}, es)
    body = contact.body.decode()
    assert contact.status == 422, body[:500]
    assert "Este campo es obligatorio." in body
    assert "Introduce una dirección de correo válida." in body
    assert "This field is required." not in body

    admin = as_admin(site)
    for fields, message in [
        (minimal_fields(""), "Este campo es obligatorio."),
        (minimal_fields("x", score="many"), "Introduce un número."),
    ]:
        post = admin.post("/posts", fields, es)
        body = post.body.decode()
        assert post.status == 422, body[:500]
        assert message in body, body
        assert "Guardar" in body and "Cancelar" in body
        assert site.key_pattern.search(body) is None
        assert not any(marker in body for marker in MARKERS)


def test_error_pages_are_translated(site: Site) -> None:
    """The 404 page in Spanish, with its title and message."""
    resp = Client(site.running).get("/no-such-page", {"Accept-Language": "es"})
    body = resp.body.decode()
    assert resp.status == 404
    assert "No encontrado" in body and "No hemos encontrado esa página." in body
