"""e2e tier in headless Chromium: htmx and Alpine behave under the strict CSP (default driver)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import serving
from tests.support import server
from tests.support.paths import DEFAULT_DRIVER, only_with

pytestmark = [pytest.mark.e2e, only_with(DEFAULT_DRIVER)]


@pytest.fixture(scope="module")
def site(
    built_app: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[server.RunningServer]:
    with serving(built_app(DEFAULT_DRIVER), tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture
def page(blank_page: Any, site: server.RunningServer) -> Any:
    blank_page.goto(site.url("/"))
    blank_page.wait_for_function("() => window.htmx && window.Alpine")
    return blank_page


def mark_window(pg: Any) -> None:
    """A marker that survives only while the document is not reloaded."""
    pg.evaluate("window.__alive = 'yes'")


def alive(pg: Any) -> bool:
    return bool(pg.evaluate("window.__alive === 'yes'"))


def violations(pg: Any) -> list[str]:
    return list(pg.evaluate("window.__violations"))


def test_htmx_2_and_boosted_navigation_keeps_the_page(
    page: Any, site: server.RunningServer
) -> None:
    assert page.evaluate("htmx.version").startswith("2.")
    mark_window(page)
    page.click("nav a[href='/about']")
    page.wait_for_url(site.url("/about"))
    page.wait_for_function("() => document.title.startsWith('About')")
    assert alive(page), "boosted navigation reloaded the page"
    assert violations(page) == []


def test_counter_reaches_two_without_a_reload(page: Any) -> None:
    mark_window(page)
    page.click("#counter-increment")
    page.wait_for_function("() => document.querySelector('#counter-value').textContent === '1'")
    page.click("#counter-increment")
    page.wait_for_function("() => document.querySelector('#counter-value').textContent === '2'")
    assert page.locator("#toasts .toast").last.inner_text() == "Counter is now 2"
    assert alive(page)
    assert violations(page) == []


def test_alpine_toggle_works_before_and_after_boosted_navigation(
    page: Any, site: server.RunningServer
) -> None:
    page.set_viewport_size({"width": 375, "height": 700})
    links = page.locator("#nav-links")
    toggle = page.locator("#nav-toggle")
    assert not links.is_visible()
    toggle.click()
    links.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    links.wait_for(state="hidden")
    # Navigate with a boosted link, then the toggle must still work on the new content.
    toggle.click()
    page.click("#nav-links a[href='/about']")
    page.wait_for_url(site.url("/about"))
    page.wait_for_function("() => document.title.startsWith('About')")
    toggle = page.locator("#nav-toggle")
    if page.locator("#nav-links").is_visible():
        toggle.click()
        page.locator("#nav-links").wait_for(state="hidden")
    toggle.click()
    page.locator("#nav-links").wait_for(state="visible")
    assert violations(page) == []


def test_boosted_link_to_a_missing_page_shows_the_404_page(
    page: Any, site: server.RunningServer
) -> None:
    mark_window(page)
    page.evaluate(
        """() => {
          const a = document.createElement('a');
          a.id = 'broken'; a.href = '/nope'; a.textContent = 'broken';
          document.querySelector('main').appendChild(a);
          htmx.process(a);
        }"""
    )
    page.click("#broken")
    page.wait_for_url(site.url("/nope"))
    page.wait_for_selector("[data-status='404']")
    assert alive(page), "the 404 page was a full reload, not a boosted swap"
    assert violations(page) == []


def test_invalid_form_rerenders_errors_without_a_reload(
    page: Any, site: server.RunningServer
) -> None:
    page.goto(site.url("/contact"))
    page.wait_for_function("() => window.htmx")
    mark_window(page)
    page.fill("#name", "Ada")
    page.fill("#email", "not-an-email")
    page.click("#contact-form button[type='submit']")
    page.wait_for_selector("#email-error:has-text('Enter a valid email address.')")
    assert page.input_value("#email") == "not-an-email"
    assert alive(page)
    assert violations(page) == []
