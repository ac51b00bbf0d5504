"""e2e tier in headless Chromium: a generated resource's htmx form, delete and active search
(GEN-R-6), on the default driver."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import serving
from tests.e2e.test_browser import alive, mark_window, violations
from tests.e2e.test_resource_http import create_post, created_id, minimal_fields, submit, unique
from tests.support import server
from tests.support.paths import DEFAULT_DRIVER, only_with

pytestmark = [pytest.mark.e2e, only_with(DEFAULT_DRIVER)]


@pytest.fixture(scope="module")
def site(
    blog_app: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[server.RunningServer]:
    with serving(blog_app(DEFAULT_DRIVER), tmp_path_factory.mktemp("resource-browser")) as running:
        yield running


@pytest.fixture
def page(blank_page: Any, site: server.RunningServer) -> Any:
    return blank_page


def open_page(pg: Any, site: server.RunningServer, path: str) -> None:
    pg.goto(site.url(path))
    pg.wait_for_function("() => window.htmx && window.Alpine")


def test_create_through_the_htmx_form_with_a_422_in_place(
    page: Any, site: server.RunningServer
) -> None:
    open_page(page, site, "/posts")
    mark_window(page)
    page.click("#new-post")
    page.wait_for_url(site.url("/posts/new"))
    page.wait_for_selector("#post-form")

    title = unique("Browser ")
    # Values the inputs take but the server refuses; the form is novalidate, so it is sent.
    page.fill("#title", "")
    page.fill("#body", "Typed in Chromium")
    page.fill("#views", "-1")
    page.fill("#score", "12")
    page.fill("#price", "1.234")
    page.fill("#starts_at", "2024-05-06T07:08")
    page.fill("#site", "ftp://example.com/file")
    page.fill("#meta", "{not json")
    page.select_option("#status", "published")
    page.check("#published")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url == site.url("/posts")
    ) as answer:
        page.click("#post-form button[type='submit']")
    assert answer.value.status == 422
    assert answer.value.request.headers.get("hx-request") == "true", "not sent by htmx"
    page.wait_for_selector("#title-error:has-text('This field is required.')")
    assert page.inner_text("#price-error") == "Enter an amount with at most 2 decimals."
    assert page.inner_text("#site-error") == "Enter a valid http(s) address."
    assert page.inner_text("#meta-error") == "Enter valid JSON."
    assert page.get_attribute("#price", "aria-invalid") == "true"
    assert page.input_value("#price") == "1.234", "the form lost what was typed"
    assert page.input_value("#body") == "Typed in Chromium"
    assert page.is_checked("#published")
    assert page.input_value("#status") == "published"
    assert alive(page), "the 422 was a full reload, not an htmx swap"

    page.fill("#title", title)
    page.fill("#price", "1.23")
    page.fill("#views", "5")
    page.fill("#site", "https://example.com/")
    page.fill("#meta", '{"ok": true}')
    page.click("#post-form button[type='submit']")
    page.wait_for_url(re.compile(re.escape(site.url("/posts/")) + r"[0-9a-f-]{36}$"))
    page.wait_for_selector(f"#post-title:has-text('{title}')")
    assert page.inner_text("#post-price") == "1.23"
    assert page.inner_text("#post-published") == "Yes"
    assert page.get_attribute("#post-site a", "href") == "https://example.com/"
    assert alive(page), "the redirect after create reloaded the page"
    post_id = page.url.rsplit("/", 1)[1]
    assert site.request("GET", f"/posts/{post_id}").status == 200
    assert violations(page) == []


def test_delete_asks_and_swaps_the_row_out(page: Any, site: server.RunningServer) -> None:
    word = unique("del")
    keep = create_post(site, minimal_fields(f"{word} keep"))
    doomed = create_post(site, minimal_fields(f"{word} doomed"))
    open_page(page, site, f"/posts?q={word}")
    page.wait_for_selector(f"#post-{doomed}")
    mark_window(page)

    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click(f"#post-{doomed} button:has-text('Delete')")
    page.wait_for_timeout(300)
    assert asked == ["Delete this post?"]
    assert page.locator(f"#post-{doomed}").count() == 1, "dismissing the confirm still deleted"
    assert site.request("GET", f"/posts/{doomed}").status == 200

    def accept(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_response(lambda r: r.request.method == "DELETE") as answer:
        page.click(f"#post-{doomed} button:has-text('Delete')")
    assert answer.value.status == 200
    page.wait_for_selector(f"#post-{doomed}", state="detached")
    assert asked == ["Delete this post?", "Delete this post?"]
    assert page.locator(f"#post-{keep}").count() == 1, "the swap took another row with it"
    assert page.url == site.url(f"/posts?q={word}")
    assert alive(page), "deleting reloaded the page"
    assert site.request("GET", f"/posts/{doomed}").status == 404
    assert violations(page) == []


def test_typing_in_the_search_box_filters_without_a_reload(
    page: Any, site: server.RunningServer
) -> None:
    word = unique("find")
    apple = create_post(site, minimal_fields(f"{word}-apple"))
    banana = create_post(site, minimal_fields(f"{word}-banana"))
    open_page(page, site, "/posts")
    mark_window(page)

    page.fill("#posts-search", word.upper())
    page.wait_for_function(
        """([a, b]) => document.querySelector('#post-' + a) && document.querySelector('#post-' + b)
          && document.querySelectorAll('#posts-rows tr').length === 2""",
        arg=[apple, banana],
    )
    page.locator("#posts-search").press_sequentially("-AP")
    page.wait_for_function(
        """(a) => document.querySelectorAll('#posts-rows tr').length === 1
          && document.querySelector('#post-' + a)""",
        arg=apple,
    )
    assert page.locator("#posts-pagination").inner_text().strip().startswith("1 in all")
    page.wait_for_url(re.compile(r"[?&]q=" + re.escape(f"{word.upper()}-AP")))
    assert page.locator("#posts-search").evaluate("el => el === document.activeElement"), (
        "the search box lost focus: it was swapped along with the results"
    )

    page.fill("#posts-search", f"{word}-cherry")
    page.wait_for_selector("#posts-empty:has-text('No posts match your search.')")
    assert page.locator("#posts-table").count() == 0
    assert alive(page), "active search reloaded the page"
    assert violations(page) == []


def test_a_refused_delete_says_so_and_keeps_the_post(page: Any, site: server.RunningServer) -> None:
    word = unique("kept")
    post_id = create_post(site, minimal_fields(f"{word} with a comment"))
    comment = submit(site, "/comments", {"post_id": post_id, "body": "Holds the post."})
    created_id(comment, "comments")
    open_page(page, site, f"/posts?q={word}")
    mark_window(page)

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(lambda r: r.request.method == "DELETE") as answer:
        page.click(f"#post-{post_id} button:has-text('Delete')")
    assert answer.value.status == 409
    page.wait_for_selector("[data-status='409']")
    assert "That conflicts with something that already exists." in page.inner_text("main")
    assert alive(page)
    assert site.request("GET", f"/posts/{post_id}").status == 200, "the post was deleted"
    assert violations(page) == []
