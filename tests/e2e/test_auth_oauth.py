"""e2e tier: OAuth and OpenID Connect sign-in (AUTH-16..20) against the real binary, a real
OIDC provider (oidc-provider-mock), the GitHub fake and Mailpit for the email login.

The app is rendered with every provider (github, google, oidc) and runs in production mode with
its own URL as base URL, so the redirect URLs the providers see are the app's real callbacks.
Provider flows run on the default driver; pairwise, GitHub also on sqlite3 and OIDC on postgres.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, oauthflow, server
from tests.support.authflow import Client, log_in
from tests.support.github_fake import GitHubFake, GitHubUser
from tests.support.gocmd import run
from tests.support.mailpit import Mailpit
from tests.support.oidc import OIDCProvider
from tests.support.paths import DEFAULT_DRIVER, only_with
from tests.support.render import answers, render

pytestmark = pytest.mark.e2e

PROVIDERS = ["github", "google", "oidc"]
#: The label the oidc provider's button and identities carry (the app's default name).
OIDC_LABEL = "OpenID Connect"

_subs = itertools.count(1)


def on(*drivers: str) -> pytest.MarkDecorator:
    """Run the test once per driver given (each left out of matrix cells without it)."""
    return pytest.mark.parametrize("driver", [pytest.param(d, marks=only_with(d)) for d in drivers])


def fresh_sub(what: str) -> str:
    """A subject no other test used: the provider's users live for the whole session."""
    return f"{what}-{next(_subs)}"


@pytest.fixture(scope="module")
def oauth_app(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The app rendered with oauth_providers=[github, google, oidc], bin/server and bin/admin
    built (once per module and driver)."""
    cache: dict[str, Path] = {}

    def get(driver: str) -> Path:
        if driver not in cache:
            dst = tmp_path_factory.mktemp(f"oauth-{driver}") / "shop"
            app = render(dst, answers(driver, oauth_providers=PROVIDERS))
            run(app, "go", "build", "-o", "bin/server", "./cmd/server")
            run(app, "go", "build", "-o", "bin/admin", "./cmd/admin")
            cache[driver] = app
        return cache[driver]

    return get


@dataclass
class Served:
    """One running app, its settings (for bin/admin) and its binaries."""

    app: Path
    env: dict[str, str]
    running: server.RunningServer

    def client(self) -> Client:
        """A new browser: an empty cookie jar."""
        return Client(self.running)

    def users(self) -> list[dict[str, Any]]:
        return oauthflow.users(self.app, self.env)

    def audit(self, prefix: str = "") -> list[str]:
        return oauthflow.audit_actions(self.app, self.env, prefix)


@pytest.fixture
def serve(
    oauth_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    mailpit: Mailpit,
    oidc_provider: OIDCProvider,
    github_fake: GitHubFake,
    tmp_path: Path,
) -> Iterator[Callable[..., Served]]:
    """Start the app for a driver with the chosen providers configured (each pointing at its
    test service) and Mailpit as its SMTP server; every start stops cleanly at teardown."""
    started: list[server.RunningServer] = []

    def start(driver: str, *, github: bool = True, oidc: bool = True) -> Served:
        app = oauth_app(driver)
        env = production_env(database_env(driver), MIDDLEWARE_RATE_LIMIT_REQUESTS="0")
        env.update(mailpit.env(PREFIX))
        if github:
            env.update(github_fake.env(PREFIX))
        if oidc:
            env.update(oidc_provider.env(PREFIX))
        log = tmp_path / f"server-{len(started)}.log"
        running = authflow.start_app(app, PREFIX, env, log)
        started.append(running)
        env[f"{PREFIX}_SERVER_BASE_URL"] = running.base_url
        return Served(app, env, running)

    yield start
    for running in started:
        assert running.terminate() == 0, running.log()


def assert_signed_out(client: Client, what: str) -> None:
    assert not oauthflow.signed_in(client), f"{what}: /account is open, a session was started"


def assert_login_failed(resp: server.Response, status: int, what: str) -> None:
    """The friendly failure page (AUTH-17): its status, its message, a way back to /login."""
    html = resp.body.decode(errors="replace")
    assert resp.status == status, f"{what}: {resp.status} {html[:1000]}"
    assert 'id="login-failed"' in html, f"{what}: not the login-failed page:\n{html[:2000]}"
    assert 'href="/login"' in html, what


# AUTH-16: a provider is offered only when configured.


@on(DEFAULT_DRIVER)
def test_only_configured_providers_are_offered(
    serve: Callable[..., Served], github_fake: GitHubFake, driver: str
) -> None:
    github_only = serve(driver, github=True, oidc=False)
    client = github_only.client()
    assert oauthflow.login_buttons(client) == ["github"], "only GitHub is configured"
    for name in ("google", "oidc"):
        resp = client.get(f"/auth/oauth/{name}")
        assert resp.status == 404, f"/auth/oauth/{name} of an unconfigured provider: {resp.status}"
        assert client.get(f"/auth/oauth/{name}/callback?state=x&code=y").status == 404, name
    assert client.get("/auth/oauth/nosuch").status == 404
    assert oauthflow.start(client, "github").startswith(github_fake.auth_url + "?")

    both = serve(driver, github=True, oidc=True)
    assert oauthflow.login_buttons(both.client()) == ["github", "oidc"], (
        "configuring OIDC adds its button; Google, unconfigured, stays absent"
    )


# AUTH-17: state, PKCE and nonce.


@on(DEFAULT_DRIVER)
def test_oidc_start_sends_pkce_state_and_nonce(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, driver: str
) -> None:
    app = serve(driver)
    client = app.client()
    location = oauthflow.start(client, "oidc")
    endpoint = oidc_provider.discovery()["authorization_endpoint"]
    assert location.split("?")[0] == endpoint, location
    query = oauthflow.query_of(location)
    assert query["response_type"] == "code", query
    assert query["client_id"] == oidc_provider.client_id, query
    assert query["redirect_uri"] == app.running.url("/auth/oauth/oidc/callback"), query
    assert query.get("code_challenge_method") == "S256", query
    assert len(query.get("code_challenge", "")) == 43, f"S256 challenge is 43 chars: {query}"
    assert len(query.get("state", "")) >= 43, f"state is 32 random bytes: {query}"
    assert query.get("nonce"), query
    assert "openid" in query["scope"].split() and "email" in query["scope"].split(), query
    assert client.session_cookie(), "the flow's state lives in the session (its cookie)"

    again = oauthflow.query_of(oauthflow.start(app.client(), "oidc"))
    for name in ("state", "nonce", "code_challenge"):
        assert again[name] != query[name], f"{name} is the same in two flows"


@on(DEFAULT_DRIVER)
@pytest.mark.parametrize("state", ["wrong", "missing"])
def test_oidc_callback_with_a_bad_state_is_refused(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, state: str, driver: str
) -> None:
    app = serve(driver)
    client = app.client()
    sub = fresh_sub("state")
    url = oidc_provider.authorize(
        oauthflow.start(client, "oidc"), sub, email=f"{sub}@example.com", email_verified=True
    )
    forged = oauthflow.with_query(
        oauthflow.path_of(url), state="A" * 43 if state == "wrong" else None
    )
    resp = client.get(forged)
    assert resp.status == 400, f"{state} state: {resp.status} {resp.body[:500]!r}"
    assert_signed_out(client, f"{state} state")
    assert app.users() == [], f"{state} state created a user"
    # The flow is spent by the forged callback: its state works once, right or wrong.
    genuine = oauthflow.callback(client, url)
    assert genuine.status == 400, f"the genuine callback after a {state} one: {genuine.status}"
    assert_signed_out(client, f"genuine callback after a {state} state")


@on(DEFAULT_DRIVER)
def test_state_of_another_provider_is_refused(
    serve: Callable[..., Served], github_fake: GitHubFake, driver: str
) -> None:
    app = serve(driver)
    client = app.client()
    state = oauthflow.query_of(oauthflow.start(client, "github"))["state"]
    resp = client.get(oauthflow.with_query("/auth/oauth/oidc/callback", state=state, code="x"))
    assert resp.status == 400, f"a GitHub flow's state at the OIDC callback: {resp.status}"
    assert_signed_out(client, "state of another provider")
    assert github_fake.token_requests == [], "the app exchanged a code for a mismatched flow"


@on(DEFAULT_DRIVER)
def test_oidc_callback_replayed_is_refused(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, driver: str
) -> None:
    app = serve(driver)
    client = app.client()
    sub = fresh_sub("replay")
    url = oidc_provider.authorize(
        oauthflow.start(client, "oidc"), sub, email=f"{sub}@example.com", email_verified=True
    )
    first = oauthflow.callback(client, url)
    assert first.status == 303, (first.status, first.body[:500])
    assert oauthflow.signed_in(client)

    again = oauthflow.callback(client, url)
    assert again.status == 400, f"the same callback twice: {again.status}"
    other = app.client()
    stolen = oauthflow.callback(other, url)
    assert stolen.status == 400, f"the callback URL in another browser: {stolen.status}"
    assert_signed_out(other, "replayed callback in another browser")
    assert len(app.users()) == 1


@on(DEFAULT_DRIVER)
def test_oidc_provider_error_gets_a_friendly_page(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, driver: str
) -> None:
    app = serve(driver)
    client = app.client()
    url = oidc_provider.deny(oauthflow.start(client, "oidc"))
    assert oauthflow.query_of(url).get("error") == "access_denied", url
    resp = oauthflow.callback(client, url)
    assert_login_failed(resp, 400, "provider denied")
    assert "did not work" in resp.body.decode(), resp.body[:1000]
    assert "access_denied" not in resp.body.decode(), "internal detail on the page"
    assert_signed_out(client, "provider denied")
    assert app.users() == []


# AUTH-18: who an OIDC login is.


@on(DEFAULT_DRIVER, "postgres")
def test_oidc_first_login_creates_the_user_and_the_second_finds_it(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, driver: str
) -> None:
    app = serve(driver)
    sub = fresh_sub("first")
    email = f"{sub}@example.com"
    claims = {"email": email, "email_verified": True, "name": "First Login"}

    client = app.client()
    resp = oauthflow.oidc_login(client, oidc_provider, sub, **claims)
    assert resp.status == 303 and resp.headers["Location"] == "/", (resp.status, resp.headers)
    page = oauthflow.account(client)
    assert page is not None and page.email == email, page
    assert len(page.identity_ids) == 1 and OIDC_LABEL in page.identities_html, page
    users = app.users()
    assert [u["email"] for u in users] == [email], users
    assert users[0]["last_login_at"], users

    second = app.client()
    resp = oauthflow.oidc_login(second, oidc_provider, sub, **claims)
    assert resp.status == 303, (resp.status, resp.body[:500])
    again = oauthflow.account(second)
    assert again is not None and again.email == email
    assert again.identity_ids == page.identity_ids, "the second login made another identity"
    assert [u["id"] for u in app.users()] == [users[0]["id"]], "the second login made a user"
    assert app.audit("auth.identity.linked") == ["auth.identity.linked"]


@on(DEFAULT_DRIVER)
def test_oidc_unverified_email_does_not_link_an_existing_user(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, mailpit: Mailpit, driver: str
) -> None:
    app = serve(driver)
    sub = fresh_sub("unverified")
    email = f"{sub}@example.com"
    owner = app.client()
    log_in(owner, mailpit, email)
    before = oauthflow.account(owner)
    assert before is not None and before.email == email and before.identity_ids == []

    stranger = app.client()
    resp = oauthflow.oidc_login(stranger, oidc_provider, sub, email=email, email_verified=False)
    assert_login_failed(resp, 403, "email_verified=false")
    assert_signed_out(stranger, "email_verified=false")
    after = oauthflow.account(owner)
    assert after is not None and after.identity_ids == [], "an unverified email linked"
    assert len(app.users()) == 1
    assert app.audit("auth.identity.linked") == []

    verified = app.client()
    resp = oauthflow.oidc_login(verified, oidc_provider, sub, email=email, email_verified=True)
    assert resp.status == 303, (resp.status, resp.body[:500])
    linked = oauthflow.account(verified)
    assert linked is not None and linked.email == email, linked
    assert len(linked.identity_ids) == 1, linked
    assert [u["email"] for u in app.users()] == [email], "a verified email made a second user"
    mine = oauthflow.account(owner)
    assert mine is not None and mine.identity_ids == linked.identity_ids


# AUTH-19: link and unlink from /account.


@on(DEFAULT_DRIVER)
def test_link_and_unlink_from_account(
    serve: Callable[..., Served], oidc_provider: OIDCProvider, mailpit: Mailpit, driver: str
) -> None:
    app = serve(driver)
    email = f"{fresh_sub('link')}@example.com"
    client = app.client()
    log_in(client, mailpit, email)
    page = oauthflow.account(client)
    assert page is not None and page.identity_ids == []
    html = client.get("/account").body.decode()
    assert 'href="/auth/oauth/oidc?next=%2Faccount"' in html, "no Link button for OIDC"

    # The provider's account has another address: linking goes by the session, not the email.
    sub = fresh_sub("link")
    resp = oauthflow.oidc_login(
        client, oidc_provider, sub, email=f"other-{sub}@example.org", email_verified=False
    )
    assert resp.status == 303 and resp.headers["Location"] == "/account", (
        resp.status,
        resp.headers,
        resp.body[:500],
    )
    linked = oauthflow.account(client)
    assert linked is not None and linked.email == email
    assert len(linked.identity_ids) == 1 and OIDC_LABEL in linked.identities_html, linked

    identity = linked.identity_ids[0]
    resp = client.post(f"/account/identities/{identity}/unlink")
    assert resp.status == 303 and resp.headers["Location"] == "/account", (
        resp.status,
        resp.body[:500],
    )
    after = oauthflow.account(client)
    assert after is not None and after.identity_ids == [], "the identity is still listed"
    actions = app.audit("auth.identity.")
    assert sorted(actions) == ["auth.identity.linked", "auth.identity.unlinked"], actions

    # Gone for good: that provider account no longer signs in as this user.
    stranger = app.client()
    resp = oauthflow.oidc_login(
        stranger, oidc_provider, sub, email=f"other-{sub}@example.org", email_verified=False
    )
    assert_login_failed(resp, 403, "unlinked identity with an unverified email")
    assert_signed_out(stranger, "unlinked identity")
    assert [u["email"] for u in app.users()] == [email], "an unverified email made a user"


# AUTH-20: GitHub through its endpoints' settings (the fake).


@on(DEFAULT_DRIVER, "sqlite3")
def test_github_login(serve: Callable[..., Served], github_fake: GitHubFake, driver: str) -> None:
    app = serve(driver)
    client = app.client()
    location = oauthflow.start(client, "github")
    assert location.startswith(github_fake.auth_url + "?"), location
    query = oauthflow.query_of(location)
    assert query["redirect_uri"] == app.running.url("/auth/oauth/github/callback"), query
    assert query.get("code_challenge_method") == "S256", query
    assert set(query["scope"].split()) == {"read:user", "user:email"}, query

    resp = oauthflow.callback(client, github_fake.authorize(location))
    assert resp.status == 303 and resp.headers["Location"] == "/", (
        resp.status,
        resp.body[:500],
        app.running.log()[-3000:],
    )
    page = oauthflow.account(client)
    assert page is not None and page.email == "octo@example.com", page
    assert len(page.identity_ids) == 1 and "GitHub" in page.identities_html, page
    assert [u["email"] for u in app.users()] == ["octo@example.com"]
    assert github_fake.token_requests, "no token request reached the fake"
    assert github_fake.token_requests[-1].get("code_verifier"), github_fake.token_requests


@on(DEFAULT_DRIVER)
def test_github_unverified_primary_email_is_refused(
    serve: Callable[..., Served], github_fake: GitHubFake, driver: str
) -> None:
    github_fake.user = GitHubUser(
        id=456,
        login="sly",
        emails=[
            {"email": "sly@example.com", "primary": True, "verified": False, "visibility": None},
            {"email": "sly@example.net", "primary": False, "verified": True, "visibility": None},
        ],
    )
    app = serve(driver)
    client = app.client()
    resp = oauthflow.github_login(client, github_fake)
    assert_login_failed(resp, 403, "unverified primary email")
    assert_signed_out(client, "unverified primary email")
    assert app.users() == [], "a user was made from an unverified address"
