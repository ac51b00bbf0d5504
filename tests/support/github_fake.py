"""A fake of GitHub's OAuth app endpoints and REST API for the auth e2e tests, served by
pytest-httpserver on a loopback port.

The generated app takes GitHub's endpoints from its settings (auth_url, token_url, api_url),
so `env()` points it here. What is faked, as GitHub answers
(docs.github.com: "Authorizing OAuth apps", REST "Users" and "Emails"):
- GET /login/oauth/authorize: the user approves at once, 302 to redirect_uri with `code` and
  the app's `state` (so a browser test follows it like any redirect; `authorize()` does it
  from Python and returns the callback URL).
- POST /login/oauth/access_token: checks client id and secret (form or Basic), the code (once,
  same client, same redirect_uri), and the PKCE code_verifier against the S256 challenge the
  authorize request carried. Errors come as GitHub sends them: status 200 with an `error` field.
  The body is JSON when the request accepts JSON, form-encoded otherwise (GitHub's default).
- GET /user and GET /user/emails: need `Authorization: Bearer <token>` (or `token <token>`);
  401 {"message": "Bad credentials"} otherwise.
Every token request is kept in `token_requests` for assertions; `outage = True` makes every
endpoint answer 503, for "provider down" tests.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.support.oidc import s256
from tests.support.server import request

CLIENT_ID = "tracks-e2e-github"
CLIENT_SECRET = "tracks-e2e-github-secret"


@dataclass
class GitHubUser:
    """What /user and /user/emails answer for the user who approves the next login."""

    id: int = 123
    login: str = "octo"
    name: str | None = "Octo Cat"
    #: The profile's public email: GitHub's /user often has none, so apps read /user/emails.
    public_email: str | None = None
    emails: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"email": "octo@example.com", "primary": True, "verified": True, "visibility": None}
        ]
    )


@dataclass
class _Grant:
    user: GitHubUser
    client_id: str
    redirect_uri: str
    challenge: str
    challenge_method: str


class GitHubFake:
    """GitHub's OAuth and user endpoints on a pytest-httpserver HTTPServer of its own."""

    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0)
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self._lock = threading.Lock()
        self.reset()

    @property
    def base_url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}"

    @property
    def auth_url(self) -> str:
        return self.base_url + "/login/oauth/authorize"

    @property
    def token_url(self) -> str:
        return self.base_url + "/login/oauth/access_token"

    @property
    def api_url(self) -> str:
        """Stands for https://api.github.com: /user and /user/emails hang off it."""
        return self.base_url

    def env(self, prefix: str) -> dict[str, str]:
        """The generated app's settings for its `github` provider pointing here."""
        key = f"{prefix}_AUTH_OAUTH_GITHUB"
        return {
            f"{key}_CLIENT_ID": self.client_id,
            f"{key}_CLIENT_SECRET": self.client_secret,
            f"{key}_AUTH_URL": self.auth_url,
            f"{key}_TOKEN_URL": self.token_url,
            f"{key}_API_URL": self.api_url,
        }

    def start(self) -> None:
        if not self.server.is_running():
            self.server.start()

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()

    def reset(self) -> None:
        """Back to a fresh state: default user, no codes or tokens, no outage, handlers set."""
        with self._lock:
            self.user = GitHubUser()
            self.outage = False
            self.token_requests: list[dict[str, str]] = []
            self._grants: dict[str, _Grant] = {}
            self._tokens: dict[str, GitHubUser] = {}
        self.server.clear()
        routes = [
            ("/login/oauth/authorize", "GET", self._authorize),
            ("/login/oauth/access_token", "POST", self._token),
            ("/user", "GET", self._user),
            ("/user/emails", "GET", self._emails),
        ]
        for path, method, handler in routes:
            self.server.expect_request(path, method=method).respond_with_handler(handler)

    def authorize(self, authorize_url: str) -> str:
        """Follow the app's redirect to GitHub: the callback URL (code, state) it answers."""
        parts = urllib.parse.urlsplit(authorize_url)
        base = f"{parts.scheme}://{parts.netloc}"
        assert base == self.base_url, f"{authorize_url} is not at the GitHub fake ({base})"
        resp = request(base, "GET", f"{parts.path}?{parts.query}")
        location = resp.headers.get("Location")
        assert resp.status == 302 and location, (
            f"fake authorize answered {resp.status}: {resp.body.decode(errors='replace')}"
        )
        return location

    # Handlers (run on the server's thread).

    def _authorize(self, req: Request) -> Response:
        if self.outage:
            return _json({"message": "Service Unavailable"}, 503)
        args = req.args
        redirect_uri = args.get("redirect_uri", "")
        missing = [
            name
            for name in ("client_id", "redirect_uri", "state", "code_challenge")
            if not args.get(name)
        ]
        if missing or args.get("code_challenge_method") != "S256":
            return Response(
                f"bad authorize request: missing {missing}, "
                f"code_challenge_method={args.get('code_challenge_method')!r}",
                400,
            )
        if args["client_id"] != self.client_id:
            return _redirect(redirect_uri, error="application_suspended", state=args["state"])
        code = secrets.token_hex(10)
        with self._lock:
            self._grants[code] = _Grant(
                user=self.user,
                client_id=args["client_id"],
                redirect_uri=redirect_uri,
                challenge=args["code_challenge"],
                challenge_method=args["code_challenge_method"],
            )
        return _redirect(redirect_uri, code=code, state=args["state"])

    def _token(self, req: Request) -> Response:
        if self.outage:
            return _json({"message": "Service Unavailable"}, 503)
        form = {k: req.form[k] for k in req.form}
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        auth = req.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            decoded = base64.b64decode(auth[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
            client_id = urllib.parse.unquote_plus(client_id)
            client_secret = urllib.parse.unquote_plus(client_secret)
        with self._lock:
            self.token_requests.append({**form, "client_id": client_id})
            grant = self._grants.pop(form.get("code", ""), None)
        as_json = "json" in req.headers.get("Accept", "")
        if client_id != self.client_id or client_secret != self.client_secret:
            return _oauth_error(as_json, "incorrect_client_credentials")
        if grant is None or grant.client_id != client_id:
            return _oauth_error(as_json, "bad_verification_code")
        if form.get("redirect_uri") and form["redirect_uri"] != grant.redirect_uri:
            return _oauth_error(as_json, "redirect_uri_mismatch")
        verifier = form.get("code_verifier", "")
        if not verifier or s256(verifier) != grant.challenge:
            return _oauth_error(as_json, "bad_verification_code", "code_verifier does not match")
        token = "gho_" + secrets.token_hex(18)
        with self._lock:
            self._tokens[token] = grant.user
        body = {"access_token": token, "token_type": "bearer", "scope": "read:user,user:email"}
        return _json(body) if as_json else _form(body)

    def _bearer(self, req: Request) -> GitHubUser | None:
        scheme, _, token = req.headers.get("Authorization", "").partition(" ")
        if scheme.lower() not in ("bearer", "token"):
            return None
        with self._lock:
            return self._tokens.get(token.strip())

    def _user(self, req: Request) -> Response:
        if self.outage:
            return _json({"message": "Service Unavailable"}, 503)
        user = self._bearer(req)
        if user is None:
            return _json({"message": "Bad credentials"}, 401)
        return _json(
            {"id": user.id, "login": user.login, "name": user.name, "email": user.public_email}
        )

    def _emails(self, req: Request) -> Response:
        if self.outage:
            return _json({"message": "Service Unavailable"}, 503)
        user = self._bearer(req)
        if user is None:
            return _json({"message": "Bad credentials"}, 401)
        return _json(user.emails)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status, content_type="application/json; charset=utf-8")


def _form(body: dict[str, str]) -> Response:
    return Response(
        urllib.parse.urlencode(body), 200, content_type="application/x-www-form-urlencoded"
    )


def _oauth_error(as_json: bool, error: str, description: str = "") -> Response:
    body = {"error": error, "error_description": description or error.replace("_", " ")}
    return _json(body) if as_json else _form(body)


def _redirect(uri: str, **params: str) -> Response:
    sep = "&" if urllib.parse.urlsplit(uri).query else "?"
    return Response("", 302, headers={"Location": uri + sep + urllib.parse.urlencode(params)})
