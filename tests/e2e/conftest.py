"""Fixtures of the e2e tier's browser tests: one headless Chromium per module, a watched page
per test, and the default-driver server they drive."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import server

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
