"""OAuth and OIDC sign-in against a running app, the way a browser goes through it: the app's
redirect to the provider, the provider's answer (tests.support.oidc, tests.support.github_fake)
and the callback back to the app, with one cookie jar (tests.support.authflow.Client).

Also the app's own view of the result: who /account says is signed in, which providers it
lists, and what `bin/admin ... --json` reports from the database.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support import server
from tests.support.authflow import Client, admin_json
from tests.support.github_fake import GitHubFake
from tests.support.oidc import OIDCProvider

#: One provider button (login page) or link button (account page): its provider name.
PROVIDER_BUTTON = re.compile(r'data-provider="([a-z0-9_-]+)"')
#: One linked identity on the account page: <li id="identity-<id>">.
IDENTITY = re.compile(r'<li id="identity-([^"]+)"')


def users(app: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """Every user, as `admin users list --json` reports them."""
    return list(admin_json(app, env, "users", "list", "--limit", "100"))


def audit_actions(app: Path, env: dict[str, str], prefix: str = "") -> list[str]:
    """The actions of the audit log, newest first, as `admin audit list --json` reports them."""
    args = ["audit", "list", "--limit", "200"]
    if prefix:
        args += ["--action", prefix]
    return [entry["action"] for entry in admin_json(app, env, *args) or []]


def start(client: Client, provider: str) -> str:
    """GET /auth/oauth/<provider>: the provider URL the app redirects the browser to (303)."""
    resp = client.get(f"/auth/oauth/{provider}")
    location = resp.headers.get("Location")
    assert resp.status == 303 and location, (
        f"/auth/oauth/{provider} answered {resp.status}, Location={location!r}: "
        f"{resp.body[:500]!r}\n{client.app.log()[-3000:]}"
    )
    return location


def query_of(url: str) -> dict[str, str]:
    """The query parameters of url (the first value of each)."""
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


def path_of(url: str) -> str:
    """The path and query of url, as a request to the app sends them."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def with_query(path: str, **changes: str | None) -> str:
    """path with query parameters replaced (a value) or removed (None)."""
    parts = urllib.parse.urlsplit(path)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k not in changes]
    query += [(k, v) for k, v in changes.items() if v is not None]
    return parts.path + "?" + urllib.parse.urlencode(query)


def callback(client: Client, callback_url: str) -> server.Response:
    """Follow the provider's redirect back to the app (the callback URL's path and query)."""
    return client.get(path_of(callback_url))


def oidc_login(client: Client, provider: OIDCProvider, sub: str, **claims: Any) -> server.Response:
    """A whole OIDC sign-in as sub (claims as the provider reports them): the callback's
    response."""
    return callback(client, provider.authorize(start(client, "oidc"), sub, **claims))


def github_login(client: Client, fake: GitHubFake) -> server.Response:
    """A whole GitHub sign-in as the fake's current user: the callback's response."""
    return callback(client, fake.authorize(start(client, "github")))


@dataclass(frozen=True)
class Account:
    """What /account shows the signed-in user."""

    email: str
    #: The ids of the linked identities, in page order.
    identity_ids: list[str]
    #: The page's identities section (provider labels, their emails).
    identities_html: str


def account(client: Client) -> Account | None:
    """The account page of the signed-in user; None when /account sends to the login page."""
    resp = client.get("/account")
    if resp.status == 303:
        assert resp.headers["Location"].startswith("/login"), resp.headers
        return None
    assert resp.status == 200, (resp.status, resp.body[:500])
    html = resp.body.decode()
    email = re.search(r'<dd id="account-email">([^<]*)</dd>', html)
    assert email, f"no email on /account:\n{html}"
    section = re.search(
        r'<div id="account-identities".*?(?=<div id="account-sessions")', html, re.S
    )
    assert section, f"no identities section on /account:\n{html}"
    return Account(email.group(1), IDENTITY.findall(section.group(0)), section.group(0))


def signed_in(client: Client) -> bool:
    """Whether the jar's session is signed in (/account answers instead of sending to login)."""
    return account(client) is not None


def login_buttons(client: Client) -> list[str]:
    """The providers of the login page's buttons, in page order."""
    resp = client.get("/login")
    assert resp.status == 200, (resp.status, resp.body[:500])
    html = resp.body.decode()
    section = re.search(r'<div id="login-providers".*?</div>', html, re.S)
    return PROVIDER_BUTTON.findall(section.group(0)) if section else []
