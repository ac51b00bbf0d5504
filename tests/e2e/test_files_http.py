"""e2e tier over HTTP: uploads and signed downloads with local storage (STORE-5, STORE-6).

The app is `shop` (sqlite3, local storage) with `document title:string attachment:file`
generated, run in production mode with a 1 MiB upload cap. A file goes in through the
resource's multipart form, exactly as a browser posts it, and comes back through the signed
link its page shows: the bytes and their SHA-256 match, a flipped bit or an expired link is a
403, a range is a 206, and refused uploads (too large, not an allowed type) store nothing.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import server
from tests.support.gocmd import run
from tests.support.render import answers, render
from tests.support.resources import generate

pytestmark = pytest.mark.e2e

MAX_UPLOAD = 1 << 20
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + secrets.token_bytes(4000)
LINK = re.compile(r'href="([^"]*/files/[^"]*)"')


@pytest.fixture(scope="module")
def file_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app with a document resource that takes a file, built."""
    app = render(
        tmp_path_factory.mktemp("files-app") / "shop",
        answers("sqlite3", storage_provider="local"),
    )
    generate(app, "resource", "document", "title:string", "attachment:file")
    run(app, "go", "build", "-o", "bin/server", "./cmd/server")
    return app


@pytest.fixture(scope="module")
def start(
    file_app: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., tuple[server.RunningServer, Path]]]:
    """Starts servers of the app on one database and one storage folder; settings override."""
    tmp = tmp_path_factory.mktemp("files-http")
    store = tmp / "uploads"
    running: list[server.RunningServer] = []

    def go(**settings: str) -> tuple[server.RunningServer, Path]:
        defaults = {
            "MIDDLEWARE_RATE_LIMIT_REQUESTS": "0",
            "STORAGE_LOCAL_DIR": str(store),
            "STORAGE_MAX_UPLOAD_BYTES": str(MAX_UPLOAD),
        }
        env = production_env(
            {f"{PREFIX}_DATABASE_URL": f"file:{tmp / 'files.db'}"}, **(defaults | settings)
        )
        site = server.start(
            file_app / "bin/server", file_app, PREFIX, env, tmp / f"server{len(running)}.log"
        )
        running.append(site)
        site.wait_until("/readyz", 200)
        return site, store

    yield go
    for site in running:
        assert site.terminate() == 0, site.log()


@pytest.fixture(scope="module")
def web(
    start: Callable[..., tuple[server.RunningServer, Path]],
) -> tuple[server.RunningServer, Path]:
    return start()


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser builds it, and its Content-Type."""
    boundary = "----tracks" + secrets.token_hex(8)
    out = b""
    for name, value in fields.items():
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    for name, (filename, content) in files.items():
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        out += content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def upload(site: server.RunningServer, filename: str, content: bytes) -> server.Response:
    body, content_type = multipart(
        {"title": "doc " + secrets.token_hex(3)}, {"attachment": (filename, content)}
    )
    headers = {
        "Content-Type": content_type,
        "Sec-Fetch-Site": "same-origin",
        "Origin": site.base_url,
    }
    return site.request("POST", "/documents", headers, body)


def stored(store: Path) -> list[Path]:
    """The objects in the storage folder (sidecars and unfinished writes are hidden files)."""
    if not store.exists():
        return []
    return sorted(p for p in store.rglob("*") if p.is_file() and not p.name.startswith("."))


def signed_link(site: server.RunningServer, filename: str, content: bytes) -> str:
    """Upload through the form and return the path and query of the link its page shows."""
    resp = upload(site, filename, content)
    assert resp.status == 303, resp.body[:500]
    page = site.request("GET", resp.headers["Location"])
    assert page.status == 200
    (link,) = LINK.findall(page.body.decode())
    url = urlsplit(html.unescape(link))
    return f"{url.path}?{url.query}"


def with_query(target: str, **changes: str) -> str:
    path, _, query = target.partition("?")
    q = dict(parse_qsl(query))
    q.update(changes)
    return f"{path}?{urlencode(q)}"


def test_a_png_round_trips_through_its_signed_link(web: tuple[server.RunningServer, Path]) -> None:
    site, store = web
    before = len(stored(store))
    target = signed_link(site, "setup.exe", PNG)
    assert target.startswith("/files/uploads/") and ".png?" in target, target
    assert "setup" not in target.partition("?")[0], "the uploaded name reached the key"
    assert len(stored(store)) == before + 1

    resp = site.request("GET", target)
    assert resp.status == 200, resp.body[:300]
    assert hashlib.sha256(resp.body).hexdigest() == hashlib.sha256(PNG).hexdigest()
    assert resp.headers["Content-Type"] == "image/png"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Security-Policy"] == "sandbox"
    assert resp.headers["Cache-Control"] == "private"
    assert resp.headers["Content-Disposition"] == "attachment; filename=setup.exe"

    head = site.request("HEAD", target)
    assert head.status == 200 and head.body == b""


def test_a_range_is_206(web: tuple[server.RunningServer, Path]) -> None:
    site, _ = web
    target = signed_link(site, "a.png", PNG)
    resp = site.request("GET", target, {"Range": "bytes=0-7"})
    assert resp.status == 206
    assert resp.body == PNG[:8]
    assert resp.headers["Content-Range"] == f"bytes 0-7/{len(PNG)}"


def test_a_flipped_bit_or_a_changed_url_is_403(web: tuple[server.RunningServer, Path]) -> None:
    site, _ = web
    target = signed_link(site, "a.png", PNG)
    sig = dict(parse_qsl(target.partition("?")[2]))["sig"]
    flipped = sig[:5] + ("A" if sig[5] != "A" else "B") + sig[6:]
    for bad in (
        with_query(target, sig=flipped),
        with_query(target, disp="inline"),
        with_query(target, exp="99999999999"),
        target.partition("?")[0],
    ):
        resp = site.request("GET", bad)
        assert resp.status == 403, bad
        assert PNG[:16] not in resp.body


def test_an_expired_link_is_403(start: Callable[..., tuple[server.RunningServer, Path]]) -> None:
    site, _ = start(STORAGE_SIGNED_URL_TTL="1s")
    target = signed_link(site, "a.png", PNG)
    time.sleep(2.1)
    assert site.request("GET", target).status == 403


def test_an_upload_over_the_cap_is_413_and_stores_nothing(
    web: tuple[server.RunningServer, Path],
) -> None:
    site, store = web
    before = stored(store)
    resp = upload(site, "big.png", PNG + secrets.token_bytes(2 * MAX_UPLOAD))
    assert resp.status == 413
    assert stored(store) == before


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("page.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("data.bin", secrets.token_bytes(64)),
    ],
    ids=["html-named-png", "svg", "unknown"],
)
def test_a_type_not_allowed_is_422_and_stores_nothing(
    web: tuple[server.RunningServer, Path], filename: str, content: bytes
) -> None:
    site, store = web
    before = stored(store)
    resp = upload(site, filename, content)
    assert resp.status == 422
    assert "must be a PNG, JPEG, GIF, WebP or PDF" in resp.body.decode()
    assert stored(store) == before


def test_deleting_the_row_deletes_its_file(web: tuple[server.RunningServer, Path]) -> None:
    site, store = web
    resp = upload(site, "a.png", PNG)
    assert resp.status == 303
    show = resp.headers["Location"]
    (link,) = LINK.findall(site.request("GET", show).body.decode())
    url = urlsplit(html.unescape(link))
    target = f"{url.path}?{url.query}"
    before = len(stored(store))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Sec-Fetch-Site": "same-origin",
        "Origin": site.base_url,
    }
    assert site.request("POST", show + "/delete", headers, b"").status == 303
    assert len(stored(store)) == before - 1
    assert site.request("GET", target).status == 404


def test_an_upload_under_the_storage_cap_but_over_the_body_limit_is_stored(
    start: Callable[..., tuple[server.RunningServer, Path]],
) -> None:
    site, _ = start(STORAGE_MAX_UPLOAD_BYTES=str(4 * MAX_UPLOAD))
    assert upload(site, "big.png", PNG + secrets.token_bytes(2 * MAX_UPLOAD)).status == 303
