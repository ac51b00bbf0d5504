"""e2e tier over HTTP: the web layer's promises, checked against the real binary per driver."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import appenv, server
from tests.support.gocmd import run
from tests.support.paths import only_with

pytestmark = pytest.mark.e2e

PREFIX = "SHOP"
SECRET = "e2e-secret-key-0123456789abcdef-0123456789abcdef"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HASHED = re.compile(r"/assets/(?:css|js|vendor)/[\w.-]+-[0-9a-f]{64}(?:\.min)?\.(?:css|js)")


def production_env(driver_env: dict[str, str], **extra: str) -> dict[str, str]:
    env = {
        f"{PREFIX}_ENVIRONMENT": "production",
        f"{PREFIX}_SECRET_KEY": SECRET,
        f"{PREFIX}_DATABASE_MIGRATE_ON_START": "true",
        f"{PREFIX}_LOG_LEVEL": "debug",
        **appenv.production_required(PREFIX),
        **driver_env,
    }
    env.update({f"{PREFIX}_{k}": v for k, v in extra.items()})
    return env


@pytest.fixture
def web(
    built_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
    tmp_path: Path,
) -> Iterator[server.RunningServer]:
    """The app in production mode on a fresh database, rate limit off unless a test sets one."""
    app = built_app(driver)
    env = production_env(database_env(driver), MIDDLEWARE_RATE_LIMIT_REQUESTS="0")
    running = server.start(app / "bin/server", app, PREFIX, env, tmp_path / "server.log")
    running.wait_until("/readyz", 200)
    yield running
    assert running.terminate() == 0, running.log()


def assert_security_headers(resp: server.Response, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, f"{what}: {name}={resp.headers.get(name)!r}"
    assert "X-XSS-Protection" not in resp.headers
    assert "default-src 'self'" in resp.headers.get("Content-Security-Policy", ""), what
    assert resp.headers.get("X-Request-ID"), what


def asset_urls(html: str) -> list[str]:
    return HASHED.findall(html)


def test_home_page_headers_nonce_and_assets(web: server.RunningServer) -> None:
    first = web.request("GET", "/")
    second = web.request("GET", "/")
    assert first.status == 200
    assert_security_headers(first, "/")
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "HX-Request" in first.headers.get("Vary", "")
    hsts = first.headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=63072000; includeSubDomains")
    html = first.body.decode()
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"]).group(1)
    other = re.search(r"'nonce-([^']+)'", second.headers["Content-Security-Policy"]).group(1)
    assert nonce != other, "the CSP nonce did not change between requests"
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "no script tags on /"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
        assert "src=" in tag, f"inline script: {tag}"
    assert " on" not in " ".join(re.findall(r"<[^>]+\son\w+=", html)), "inline event handler"
    urls = asset_urls(html)
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    for url in urls:
        asset = web.request("GET", url)
        assert asset.status == 200, url
        expected = "text/css" if url.endswith(".css") else "javascript"
        assert expected in asset.headers["Content-Type"], url


def test_asset_caching(web: server.RunningServer) -> None:
    css = next(u for u in asset_urls(web.request("GET", "/").body.decode()) if u.endswith(".css"))
    first = web.request("GET", css)
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_security_headers(first, css)
    etag = first.headers["ETag"]
    assert web.request("GET", css, {"If-None-Match": etag}).status == 304
    unhashed = web.request("GET", "/assets/css/app.css")
    assert unhashed.status == 200 and unhashed.headers["Cache-Control"] == "no-cache"
    stale = re.sub(r"-[0-9a-f]{64}\.", "-" + "0" * 64 + ".", css)
    assert web.request("GET", stale).status == 404


def test_gzip_for_html_and_css(web: server.RunningServer) -> None:
    css = next(u for u in asset_urls(web.request("GET", "/").body.decode()) if u.endswith(".css"))
    for path in ("/", css):
        resp = web.request("GET", path, {"Accept-Encoding": "gzip"})
        assert resp.headers.get("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in resp.headers.get("Vary", ""), path
        assert gzip.decompress(resp.body), path


def test_not_found_and_method_not_allowed(web: server.RunningServer) -> None:
    page = web.request("GET", "/nope")
    assert page.status == 404 and "text/html" in page.headers["Content-Type"]
    assert b'href="/"' in page.body and b"<html" in page.body
    assert_security_headers(page, "/nope")
    api = web.request("GET", "/api/x")
    assert api.status == 404 and api.headers["Content-Type"].startswith("application/json")
    assert json.loads(api.body)["error"]["code"] == 404
    post = web.request("POST", "/", {"Sec-Fetch-Site": "same-origin"})
    assert post.status == 405 and "GET" in post.headers.get("Allow", "")
    evil = web.request("GET", "//evil.example/")
    assert "evil.example" not in evil.headers.get("Location", "")


def test_fragments_follow_htmx_headers(web: server.RunningServer) -> None:
    assert b"<html" not in web.request("GET", "/about", {"HX-Request": "true"}).body
    boosted = web.request("GET", "/about", {"HX-Request": "true", "HX-Boosted": "true"})
    assert b"<html" in boosted.body
    restore = web.request(
        "GET", "/about", {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in restore.body


def test_csrf_rejects_cross_origin_posts(web: server.RunningServer) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = b"count=1"
    cross = web.request("POST", "/counter", {**form, "Sec-Fetch-Site": "cross-site"}, body)
    assert cross.status == 403 and b"<html" in cross.body
    foreign = web.request("POST", "/counter", {**form, "Origin": "https://evil.example"}, body)
    assert foreign.status == 403
    same = web.request("POST", "/counter", {**form, "Sec-Fetch-Site": "same-origin"}, body)
    assert same.status == 303
    assert web.request("GET", "/", {"Sec-Fetch-Site": "cross-site"}).status == 200


def test_prg_form_and_body_limit(web: server.RunningServer) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}
    ok = web.request("POST", "/contact", form, b"name=Ada&email=ada%40example.com&message=Hi")
    assert ok.status == 303 and ok.headers["Location"] == "/contact?sent=1"
    bad = web.request("POST", "/contact", form, b"name=Ada&email=nope&message=")
    assert bad.status == 422
    assert b'value="nope"' in bad.body and b"This field is required." in bad.body
    huge = web.request("POST", "/contact", form, b"message=" + b"x" * (2 << 20))
    assert huge.status == 413


def test_request_ids_and_one_log_line_per_request(web: server.RunningServer) -> None:
    echoed = web.request(
        "GET", "/about", {"X-Request-ID": "abc-123", "Cookie": "session=s3cr3t-cookie"}
    )
    assert echoed.headers["X-Request-ID"] == "abc-123"
    generated = web.request("GET", "/about?token=query-secret")
    assert generated.headers["X-Request-ID"] and generated.headers["X-Request-ID"] != "abc-123"
    replaced = web.request("GET", "/about", {"X-Request-ID": "bad id with spaces"})
    assert replaced.headers["X-Request-ID"] != "bad id with spaces"
    log = web.log()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    for rid in ("abc-123", generated.headers["X-Request-ID"]):
        mine = [line for line in lines if line.get("request_id") == rid and "status" in line]
        assert len(mine) == 1, f"{len(mine)} request log lines for {rid}"
        assert {"method", "path", "status", "bytes", "duration_ms", "client_ip"} <= mine[0].keys()
    assert "s3cr3t-cookie" not in log and "query-secret" not in log


def test_cors_is_off_by_default(web: server.RunningServer) -> None:
    preflight = web.request(
        "OPTIONS",
        "/api/health",
        {"Origin": "https://app.example", "Access-Control-Request-Method": "GET"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


@only_with("go-libsql")
def test_rate_limit_and_its_exemptions(built_app: Callable[[str], Path], tmp_path: Path) -> None:
    app = built_app("go-libsql")
    env = production_env(
        {f"{PREFIX}_DATABASE_URL": f"file:{tmp_path / 'rl.db'}"},
        MIDDLEWARE_RATE_LIMIT_REQUESTS="5",
        MIDDLEWARE_RATE_LIMIT_WINDOW="1m",
    )
    running = server.start(app / "bin/server", app, PREFIX, env, tmp_path / "server.log")
    try:
        running.wait_until("/readyz", 200)
        statuses = [
            running.request("GET", "/", {"X-Forwarded-For": f"10.0.0.{i}"}).status for i in range(6)
        ]
        assert statuses == [200] * 5 + [429], statuses
        limited = running.request("GET", "/")
        assert limited.status == 429 and limited.headers.get("Retry-After")
        assert_security_headers(limited, "429")
        for _ in range(10):
            assert running.request("GET", "/healthz").status == 200
        css = "/assets/css/app.css"
        assert all(running.request("GET", css).status == 200 for _ in range(10))
    finally:
        assert running.terminate() == 0, running.log()


@only_with("go-libsql")
def test_hsts_only_in_production_and_bad_timeouts_refused(
    built_app: Callable[[str], Path], tmp_path: Path
) -> None:
    app = built_app("go-libsql")
    dev = {
        f"{PREFIX}_ENVIRONMENT": "development",
        f"{PREFIX}_DATABASE_URL": f"file:{tmp_path / 'd.db'}",
    }
    running = server.start(app / "bin/server", app, PREFIX, dev, tmp_path / "dev.log")
    try:
        resp = running.wait_until("/", 200)
        assert "Strict-Transport-Security" not in resp.headers
    finally:
        assert running.terminate() == 0
    bad = {
        f"{PREFIX}_MIDDLEWARE_REQUEST_TIMEOUT": "40s",
        f"{PREFIX}_SERVER_WRITE_TIMEOUT": "30s",
    }
    code, _, err = run(app, str(app / "bin/server"), env=bad, check=False, timeout=60)
    assert code != 0 and f"{PREFIX}_MIDDLEWARE_REQUEST_TIMEOUT" in err
