"""Fixtures of the e2e tier: for the browser tests one headless Chromium per module, a watched
page per test, and the default-driver server they drive; for the auth tests the services an app
talks to (Mailpit as SMTP sink, an OIDC provider, a GitHub fake), each started once per session
and reset before every test that uses it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import server
from tests.support.github_fake import GitHubFake
from tests.support.mailpit import Mailpit
from tests.support.oidc import OIDCProvider
from tests.support.otelcol import otel_collector  # noqa: F401  (shared fixture)
from tests.support.provider_apps import alt_app, aws_app  # noqa: F401  (shared fixtures)

# Debian's Chromium by default (Playwright cannot download a browser here); "bundled" lets
# Playwright use its own, as the GitHub workflow does.
CHROMIUM = os.environ.get("TRACKS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Collects CSP violations from the first byte of every page, before any app script runs.
WATCH_CSP = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


@contextmanager
def serving(app: Path, tmp: Path) -> Iterator[server.RunningServer]:
    """The app's built server in production mode on a SQLite file of its own, rate limit off."""
    env = production_env(
        {f"{PREFIX}_DATABASE_URL": f"file:{tmp / 'browser.db'}"},
        MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
    )
    running = server.start(app / "bin/server", app, PREFIX, env, tmp / "server.log")
    running.wait_until("/readyz", 200)
    yield running
    assert running.terminate() == 0, running.log()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        path = None if CHROMIUM == "bundled" else CHROMIUM
        instance = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def blank_page(browser: Any) -> Iterator[Any]:
    """A page that records CSP violations and fails the test on any JavaScript error."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.add_init_script(WATCH_CSP)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    assert errors == [], f"JavaScript errors: {errors}"
    context.close()


@pytest.fixture(scope="session")
def mailpit_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mailpit]:
    """One Mailpit for the session (its database and log in a temporary folder)."""
    sink = Mailpit(tmp_path_factory.mktemp("mailpit"))
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def mailpit(mailpit_session: Mailpit) -> Mailpit:
    """The session's Mailpit, running (restarted if a test stopped it), empty, accepting mail.

    Point an app at it with `mailpit.env(PREFIX)`; read mail with `wait_for(to=...)`; `stop()`
    and `start()` simulate the sink going down and coming back on the same ports, and
    `fail_smtp(recipient=451)` (or 550, or sender=...) makes deliveries fail.
    """
    mailpit_session.start()
    mailpit_session.fail_smtp()
    mailpit_session.delete_all()
    return mailpit_session


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OIDCProvider]:
    """oidc-provider-mock in its own process, PKCE (S256) and nonce required.

    Any client id/secret is accepted (`oidc_provider.env(PREFIX)` gives the app's settings);
    `authorize(app_redirect_url, sub, email=..., email_verified=..., name=...)` approves as
    that user and returns the callback URL. Users persist for the session: pick a fresh sub
    per test, or pass claims to redefine one.
    """
    provider = OIDCProvider(tmp_path_factory.mktemp("oidc") / "oidc.log")
    provider.start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def github_fake_session() -> Iterator[GitHubFake]:
    fake = GitHubFake()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def github_fake(github_fake_session: GitHubFake) -> GitHubFake:
    """A fresh GitHub fake (default user octo, id 123, octo@example.com primary and verified).

    Set `github_fake.user` before the login; `github_fake.env(PREFIX)` gives the app's settings;
    `authorize(app_redirect_url)` returns the callback URL; `outage = True` answers 503.
    """
    github_fake_session.reset()
    return github_fake_session
