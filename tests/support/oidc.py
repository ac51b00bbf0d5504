"""A real OpenID Connect provider for the auth e2e tests: oidc-provider-mock in a process of
its own on a loopback port, with discovery, JWKS, authorize, token and userinfo.

What the mock does (oidc_provider_mock 0.3.4, _app.py):
- Any client id and secret are accepted (no registration unless asked for), with any redirect
  URI and token endpoint auth method.
- The issuer is the request's host URL, so the app must use `issuer` exactly as given here
  (http://127.0.0.1:<port>, no trailing slash) for the discovery document and the ID token's
  `iss` to match.
- The user is chosen at the authorize step: a form POST of `sub` to the authorize URL (with
  the client's query string) answers 302 to the redirect URI with `code` and `state`. Claims
  come from `PUT /users/<sub>` (a JSON object) made before; `email` and `email_verified` reach
  the ID token only with the `email` scope, `name` only with `profile`.
- It ignores PKCE (authlib's CodeChallenge extension is not registered). So this module runs
  it behind a small WSGI wrapper that does what a real provider does: it records the
  `code_challenge` of each issued code and refuses the token request (400 invalid_grant) unless
  `code_verifier` matches (S256). With require_pkce (the default) an authorize request
  without an S256 challenge is refused with 400. The wrapper also puts `state` back on the
  error redirect of a denied login, which the mock leaves out.
- Nonces are required by default (the mock's require_nonce): the generated app always sends
  one (AUTH-17); without one the authorize step redirects with error=invalid_request.

Run as `python -m tests.support.oidc --port N` from the repository root.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tests.support.server import Response, free_port, request
from tests.support.services import read_log, terminate

REPO = Path(__file__).resolve().parents[2]

#: Any id and secret work; these make the app's settings and the logs readable.
CLIENT_ID = "tracks-e2e"
CLIENT_SECRET = "tracks-e2e-secret"


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of verifier (RFC 7636 section 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _split(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{parts.scheme}://{parts.netloc}", target


class OIDCProvider:
    """The provider process. `issuer`, CLIENT_ID and CLIENT_SECRET configure the app."""

    def __init__(
        self, log_path: Path, *, require_pkce: bool = True, require_nonce: bool = True
    ) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self.log_path = log_path
        self.require_pkce = require_pkce
        self.require_nonce = require_nonce
        self._process: subprocess.Popen[bytes] | None = None

    def env(self, prefix: str) -> dict[str, str]:
        """The generated app's settings for its `oidc` provider pointing here."""
        return {
            f"{prefix}_AUTH_OAUTH_OIDC_ISSUER_URL": self.issuer,
            f"{prefix}_AUTH_OAUTH_OIDC_CLIENT_ID": self.client_id,
            f"{prefix}_AUTH_OAUTH_OIDC_CLIENT_SECRET": self.client_secret,
        }

    def start(self, timeout: float = 30.0) -> None:
        """Start the process and wait for its discovery document."""
        args = [sys.executable, "-m", "tests.support.oidc", "--port", str(self.port)]
        if not self.require_pkce:
            args.append("--no-require-pkce")
        if not self.require_nonce:
            args.append("--no-require-nonce")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        }
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(
                    f"oidc-provider-mock exited {self._process.returncode} at start:\n{self.log()}"
                )
            try:
                if self.get("/.well-known/openid-configuration").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"oidc-provider-mock not ready in {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = 10.0) -> None:
        terminate(self._process, timeout)
        self._process = None

    def log(self) -> str:
        return read_log(self.log_path)

    def get(self, path: str) -> Response:
        return request(self.issuer, "GET", path)

    def discovery(self) -> dict[str, Any]:
        resp = self.get("/.well-known/openid-configuration")
        assert resp.status == 200, f"discovery answered {resp.status}:\n{self.log()}"
        return dict(json.loads(resp.body))

    def set_user(self, sub: str, **claims: Any) -> None:
        """Define (or redefine) user sub with claims (email=..., email_verified=..., name=...)."""
        resp = request(
            self.issuer,
            "PUT",
            "/users/" + urllib.parse.quote(sub, safe=""),
            {"Content-Type": "application/json"},
            json.dumps(claims).encode(),
        )
        assert resp.status == 204, f"PUT /users/{sub} answered {resp.status}: {resp.body!r}"

    def authorize(self, authorize_url: str, sub: str, **claims: Any) -> str:
        """Complete the provider's side of a login the app started.

        authorize_url is where the app redirected the browser (its Location header). The user
        sub (with claims, if given, replacing any set before) approves; the return value is
        the callback URL, with `code` and `state`, the browser would be sent to next (or an
        `error`, e.g. invalid_request when the app sent no nonce). A sub never given claims
        gets the mock's default, {"email": sub}.
        """
        if claims:
            self.set_user(sub, **claims)
        return self._consent(authorize_url, {"sub": sub})

    def deny(self, authorize_url: str) -> str:
        """The user refuses: the callback URL carries error=access_denied and the state."""
        return self._consent(authorize_url, {"action": "deny"})

    def _consent(self, authorize_url: str, form: dict[str, str]) -> str:
        base, target = _split(authorize_url)
        assert base == self.issuer, f"{authorize_url} is not at this provider ({self.issuer})"
        resp = request(
            base,
            "POST",
            target,
            {"Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode(form).encode(),
        )
        location = resp.headers.get("Location")
        assert resp.status == 302 and location, (
            f"authorize answered {resp.status} without a redirect: "
            f"{resp.body.decode(errors='replace')[:2000]}\n{self.log()[-4000:]}"
        )
        return location


# The server process: the mock's Flask app behind StrictProvider.


class StrictProvider:
    """WSGI wrapper holding the mock to PKCE (S256), which it would otherwise ignore, and to
    returning the state on an error redirect."""

    def __init__(self, app: Callable[..., Iterable[bytes]], required: bool) -> None:
        self.app = app
        self.required = required
        self.challenges: dict[str, tuple[str, str]] = {}
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/oauth2/authorize":
            query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
            challenge = query.get("code_challenge", [""])[0]
            challenge_method = query.get("code_challenge_method", ["plain"])[0]
            if self.required and (not challenge or challenge_method != "S256"):
                return _error(
                    start_response,
                    "invalid_request",
                    "this provider requires PKCE: code_challenge with code_challenge_method=S256",
                )
            if method == "POST":
                state = query.get("state", [""])[0]
                return self.app(
                    environ, self._redirects(start_response, challenge, challenge_method, state)
                )
        if path == "/oauth2/token" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            form = urllib.parse.parse_qs(body.decode("latin-1"))
            if form.get("grant_type") == ["authorization_code"]:
                code = form.get("code", [""])[0]
                with self.lock:
                    issued = self.challenges.get(code)
                verifier = form.get("code_verifier", [""])[0]
                if issued is not None:
                    challenge, challenge_method = issued
                    computed = s256(verifier) if challenge_method == "S256" else verifier
                    if not verifier or computed != challenge:
                        # The code stays refused, also when x/oauth2 retries with the client
                        # credentials in the body instead (its AuthStyleAutoDetect does).
                        return _error(
                            start_response, "invalid_grant", "code_verifier does not match"
                        )
                    with self.lock:
                        self.challenges.pop(code, None)
        return self.app(environ, start_response)

    def _redirects(
        self, start_response: Callable[..., Any], challenge: str, challenge_method: str, state: str
    ) -> Callable[..., Any]:
        """Remember the challenge of the code in the redirect; put the state back on an error
        redirect, which the mock leaves out (RFC 6749 section 4.1.2.1 requires it)."""

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            out = []
            for name, value in headers:
                if name.lower() == "location":
                    query = urllib.parse.parse_qs(urllib.parse.urlsplit(value).query)
                    for code in query.get("code", []):
                        if challenge:
                            with self.lock:
                                self.challenges[code] = (challenge, challenge_method)
                    if "error" in query and "state" not in query and state:
                        value += ("&" if "?" in value else "?") + urllib.parse.urlencode(
                            {"state": state}
                        )
                out.append((name, value))
            return start_response(status, out, exc_info)

        return start


def _error(start_response: Callable[..., Any], error: str, description: str) -> list[bytes]:
    body = json.dumps({"error": error, "error_description": description}).encode()
    start_response(
        "400 Bad Request",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--no-require-pkce", action="store_true")
    parser.add_argument("--no-require-nonce", action="store_true")
    args = parser.parse_args(argv)

    # authlib refuses plain http unless told; this provider only ever listens on loopback.
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    import logging

    import oidc_provider_mock
    import werkzeug.serving

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    app = oidc_provider_mock.app(require_nonce=not args.no_require_nonce)
    wrapped = StrictProvider(app, required=not args.no_require_pkce)
    server = werkzeug.serving.make_server("127.0.0.1", args.port, wrapped, threaded=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
