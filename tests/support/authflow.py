"""A browser-like HTTP client for a running app: it keeps the session cookie, sends the headers
a same-origin form post carries, and logs in the way a user does (email code read from Mailpit).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from plumbum import local

from tests.support import server
from tests.support.gocmd import run
from tests.support.mailpit import Mailpit

#: A login code is six digits on a line of its own in the email's text part.
CODE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
#: The magic link's token, as the email's text part shows the link.
TOKEN = re.compile(r"/auth/magic\?token=([A-Za-z0-9_-]{43})")


@dataclass
class Client:
    """Requests to one running app with one cookie jar (one browser)."""

    app: server.RunningServer
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> server.Response:
        """One request with the jar's cookies; Set-Cookie answers update the jar. Unsafe
        methods carry Sec-Fetch-Site: same-origin, as a browser's form post does (CSRF)."""
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method not in ("GET", "HEAD"):
            sent.setdefault("Sec-Fetch-Site", "same-origin")
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        resp = self.app.request(method, path, sent, body)
        self._remember(resp)
        return resp

    def get(self, path: str, headers: dict[str, str] | None = None) -> server.Response:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> server.Response:
        return self.request("POST", path, form or {}, headers)

    def session_cookie(self) -> tuple[str, str] | None:
        """The (name, value) of the session cookie, if the jar holds one."""
        for name, value in self.cookies.items():
            if name.endswith("_session"):
                return name, value
        return None

    def _remember(self, resp: server.Response) -> None:
        raw = resp.headers.get("Set-Cookie")
        if not raw:
            return
        # Headers joins repeated headers with ", "; cookie dates contain ", " too, so split
        # only before a new "name=" pair.
        for part in re.split(r", (?=[^ ;,]+=)", raw):
            jar: SimpleCookie = SimpleCookie()
            jar.load(part)
            for name, morsel in jar.items():
                expired = morsel["max-age"] in ("0", "-1") or "1970" in morsel["expires"]
                if expired or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def code_of(text: str) -> str:
    """The login code in an email's text part."""
    found = CODE.search(text)
    assert found, f"no 6-digit code in the email:\n{text}"
    return found.group(1)


def token_of(text: str) -> str:
    """The magic-link token in an email's text part."""
    found = TOKEN.search(text)
    assert found, f"no magic link in the email:\n{text}"
    return found.group(1)


def request_code(client: Client, sink: Mailpit, email: str, count: int = 1) -> str:
    """POST /login for email and return the text of the email that arrives (the count-th)."""
    resp = client.post("/login", {"email": email})
    assert resp.status == 303 and resp.headers["Location"] == "/login/verify", (
        resp.status,
        resp.headers,
        resp.body[:500],
    )
    return sink.wait_for(to=email.strip().lower(), count=count).text


def log_in(client: Client, sink: Mailpit, email: str) -> server.Response:
    """Log in as email with the emailed code; returns the verify POST's response (303)."""
    code = code_of(request_code(client, sink, email, count=sink_count(sink, email) + 1))
    resp = client.post("/login/verify", {"code": code})
    assert resp.status == 303, (resp.status, resp.body[:500])
    return resp


def sink_count(sink: Mailpit, email: str) -> int:
    """How many messages the sink holds for email."""
    address = email.strip().lower()
    return sum(
        1 for m in sink.messages() if address in (a["Address"].lower() for a in m.get("To") or [])
    )


def start_app(
    app: Path, prefix: str, env: dict[str, str], log_path: Path, port: int | None = None
) -> server.RunningServer:
    """Start app's bin/server on a port of its own whose base URL it is told
    (<prefix>_SERVER_BASE_URL), so the links it emails point at it; wait until it is ready."""
    port = port or server.free_port()
    full = {**env, f"{prefix}_SERVER_BASE_URL": f"http://127.0.0.1:{port}"}
    running = server.start(app / "bin/server", app, prefix, full, log_path, port=port)
    running.wait_until("/readyz", 200)
    return running


def admin(app: Path, env: dict[str, str], *args: str) -> str:
    """Run the app's built bin/admin (cmd/admin) with env; fail unless it exits 0. Its stdout."""
    _, out, _ = run(app, str(app / "bin/admin"), *args, env=env)
    return out


def admin_json(app: Path, env: dict[str, str], *args: str) -> Any:
    """bin/admin ARGS --json, decoded."""
    return json.loads(admin(app, env, *args, "--json"))


def query(database_url: str, sql: str) -> list[tuple[str, ...]]:
    """Rows of sql on the app's database, every value as text: SQLite files (go-libsql writes
    one too) through the sqlite3 module, PostgreSQL through psql."""
    if database_url.startswith("postgres"):
        out = local["psql"][database_url, "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-c", sql]()
        return [tuple(line.split("\t")) for line in out.splitlines()]
    path = database_url.removeprefix("file:").split("?", 1)[0]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute(sql).fetchall()
    return [tuple("" if v is None else str(v) for v in row) for row in rows]


def poll(check: Callable[[], bool], timeout: float, what: str, every: float = 0.2) -> None:
    """Wait until check() holds, failing with what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout}s")
        time.sleep(every)
