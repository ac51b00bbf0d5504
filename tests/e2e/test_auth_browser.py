"""e2e tier in headless Chromium: passwordless login, the nav's user area, logout and the admin
UI's htmx role grant, against the default-driver app in production mode (Secure `__Host-`
session cookie on http://127.0.0.1, which Chromium counts as a secure context) with Mailpit as
its SMTP sink. Every page must load without a CSP violation or a JavaScript error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_browser import alive, mark_window, violations
from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, server
from tests.support.gocmd import run
from tests.support.mailpit import Mailpit
from tests.support.paths import DEFAULT_DRIVER, only_with

pytestmark = [pytest.mark.e2e, only_with(DEFAULT_DRIVER)]

#: How long the admin link may take to appear after a grant made outside the server: the
#: server reloads its policy every second (RBAC_RELOAD_INTERVAL below).
RELOAD_WAIT = 15.0


@dataclass
class Site:
    """The running app, the settings it runs with, and its built admin command."""

    app: Path
    running: server.RunningServer
    env: dict[str, str]

    def url(self, path: str) -> str:
        return self.running.url(path)

    def admin(self, *args: str) -> str:
        """Run bin/admin with the server's settings (same database); its stdout."""
        return run(self.app, str(self.app / "bin/admin"), *args, env=self.env)[1]


@pytest.fixture(scope="module")
def site(
    built_app: Callable[[str], Path],
    mailpit_session: Mailpit,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Site]:
    """The app in production on its own SQLite file, mailing Mailpit, rate limits off, policy
    reloaded every second; bin/admin built beside it."""
    app = built_app(DEFAULT_DRIVER)
    run(app, "go", "build", "-o", "bin/admin", "./cmd/admin")
    tmp = tmp_path_factory.mktemp("auth-browser")
    env = production_env(
        {f"{PREFIX}_DATABASE_URL": f"file:{tmp / 'auth.db'}", **mailpit_session.env(PREFIX)},
        MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
        AUTH_RATE_LIMIT_REQUESTS="0",
        RBAC_RELOAD_INTERVAL="1s",
    )
    running = authflow.start_app(app, PREFIX, env, tmp / "server.log")
    yield Site(app, running, env)
    assert running.terminate() == 0, running.log()


# Browser steps


def goto(pg: Any, site: Site, path: str) -> Any:
    """Open path as a fresh document load and wait for htmx and Alpine to start. The document
    it replaces is checked for CSP violations first, as its record goes with it."""
    if pg.url.startswith(site.url("/")):
        assert violations(pg) == [], f"CSP violations on {pg.url}"
    resp = pg.goto(site.url(path))
    pg.wait_for_function("() => window.htmx && window.Alpine")
    return resp


def request_code(pg: Any, site: Site, sink: Mailpit, email: str) -> str:
    """Ask for a login code on /login like a user; the text of the email that arrives."""
    count = authflow.sink_count(sink, email) + 1
    goto(pg, site, "/login")
    pg.fill("#email", email)
    pg.click("#login-email button[type='submit']")
    pg.wait_for_url(site.url("/login/verify"))
    assert pg.inner_text("#verify-identifier") == email
    return sink.wait_for(to=email, count=count).text


def log_in(pg: Any, site: Site, sink: Mailpit, email: str) -> None:
    """Log in with the emailed code typed into the code form; ends on / signed in."""
    code = authflow.code_of(request_code(pg, site, sink, email))
    pg.fill("#code", code)
    pg.click("#verify-form button[type='submit']")
    pg.wait_for_url(site.url("/"))
    assert_signed_in(pg, email)


def assert_signed_in(pg: Any, email: str) -> None:
    pg.wait_for_selector("#nav-user")
    assert pg.inner_text("#nav-user") == email
    assert pg.locator("#nav-account").inner_text() == "Account"
    assert pg.locator("#nav-login").count() == 0


def assert_anonymous(pg: Any) -> None:
    pg.wait_for_selector("#nav-login")
    for signed_in_only in ("#nav-user", "#nav-account", "#nav-admin", "#nav-logout"):
        assert pg.locator(signed_in_only).count() == 0, signed_in_only


def wait_for_admin_link(pg: Any, site: Site) -> None:
    """Reload / until the nav links the admin area (the server picked up the new policy)."""
    deadline = time.monotonic() + RELOAD_WAIT
    while True:
        goto(pg, site, "/")
        if pg.locator("#nav-admin").count() == 1:
            return
        assert time.monotonic() < deadline, (
            f"no Admin link in the nav {RELOAD_WAIT}s after `admin roles grant --role admin`: "
            "the server did not reload the policy (RBAC_RELOAD_INTERVAL=1s)"
        )
        time.sleep(0.5)


def session_cookie(pg: Any) -> dict[str, Any]:
    cookies = [c for c in pg.context.cookies() if c["name"].endswith("_session")]
    assert len(cookies) == 1, pg.context.cookies()
    return dict(cookies[0])


# Tests


def test_email_code_login_shows_the_user_and_their_account(
    blank_page: Any, site: Site, mailpit: Mailpit
) -> None:
    pg = blank_page
    email = "code-user@example.com"
    goto(pg, site, "/")
    assert_anonymous(pg)

    log_in(pg, site, mailpit, email)
    cookie = session_cookie(pg)
    assert cookie["name"] == "__Host-shop_session", cookie
    assert cookie["secure"] and cookie["httpOnly"] and cookie["path"] == "/", cookie
    assert pg.locator("#nav-admin").count() == 0, "a plain user is offered the admin area"

    pg.click("#nav-account")
    pg.wait_for_url(site.url("/account"))
    pg.wait_for_selector("#account-email")
    assert pg.inner_text("#account-email") == email

    denied = goto(pg, site, "/admin")
    assert denied.status == 403, "a plain user opened /admin"
    assert violations(pg) == []


def test_magic_link_confirm_page_logs_in(blank_page: Any, site: Site, mailpit: Mailpit) -> None:
    pg = blank_page
    email = "magic-user@example.com"
    text = request_code(pg, site, mailpit, email)
    link = site.url("/auth/magic?token=" + authflow.token_of(text))
    assert link in text, f"the email's link does not point at {site.url('')}:\n{text}"

    goto(pg, site, link.removeprefix(site.url("")))
    pg.wait_for_selector("#magic-form")
    assert pg.locator("#nav-login").count() == 1, "opening the link alone logged in"
    pg.click("#magic-form button[type='submit']")
    pg.wait_for_url(site.url("/"))
    assert_signed_in(pg, email)
    assert violations(pg) == []


def test_admin_grants_a_role_in_the_users_row_and_the_audit_names_them(
    blank_page: Any, site: Site, mailpit: Mailpit
) -> None:
    pg = blank_page
    admin_email, member_email = "admin-a@example.com", "member-b@example.com"
    granted_admin = site.admin("roles", "grant", "--email", admin_email, "--role", "admin")
    # grant --email creates A (nobody has logged in with that address yet).
    assert granted_admin.splitlines()[-1] == f"granted admin: {admin_email}", granted_admin
    authflow.log_in(authflow.Client(site.running), mailpit, member_email)

    log_in(pg, site, mailpit, admin_email)
    wait_for_admin_link(pg, site)
    pg.click("#nav-admin")
    pg.wait_for_url(site.url("/admin"))

    # Create the role on the roles page.
    pg.click("#admin-nav a[href='/admin/roles']")
    pg.wait_for_url(site.url("/admin/roles"))
    pg.fill("#role-name", "editor")
    pg.fill("#role-description", "Edits content")
    pg.click("#role-create button[type='submit']")
    pg.wait_for_selector("#role-editor")

    # Grant it to B in B's row: an htmx swap of that row only.
    pg.click("#admin-nav a[href='/admin/users']")
    pg.wait_for_url(site.url("/admin/users"))
    row = pg.locator("#admin-users-table tbody tr", has_text=member_email)
    assert row.count() == 1
    member_id = (row.get_attribute("id") or "").removeprefix("user-")
    own_row = pg.locator("#admin-users-table tbody tr", has_text=admin_email)
    admin_id = (own_row.get_attribute("id") or "").removeprefix("user-")
    assert member_id and admin_id
    row = pg.locator(f"#user-{member_id}")
    assert [li.get_attribute("data-role") for li in row.locator("li[data-role]").all()] == ["user"]
    mark_window(pg)
    pg.evaluate("document.querySelector('#admin-users-search').dataset.mark = 'kept'")
    row.locator("select[name='role']").select_option("editor")
    with pg.expect_response(lambda r: r.request.method == "POST") as answer:
        row.locator("button:has-text('Grant')").click()
    grant = answer.value
    assert grant.url == site.url(f"/admin/users/{member_id}/roles"), grant.url
    assert grant.status == 200
    assert grant.request.headers.get("hx-request") == "true"
    row.locator("li[data-role='editor']").wait_for()
    assert alive(pg), "granting a role reloaded the page"
    assert pg.evaluate("document.querySelector('#admin-users-search').dataset.mark") == "kept", (
        "granting a role swapped more than the user's row"
    )
    assert pg.url == site.url("/admin/users")
    assert row.locator("select[name='role'] option[value='editor']").count() == 0
    goto(pg, site, "/admin/users")
    roles = pg.locator(f"#user-{member_id} li[data-role]")
    assert sorted(li.get_attribute("data-role") for li in roles.all()) == ["editor", "user"]

    # The audit log names A as the actor of the grant.
    pg.click("#admin-nav a[href='/admin/audit']")
    pg.wait_for_url(site.url("/admin/audit"))
    pg.fill("#audit-action", "rbac.role.granted")
    pg.press("#audit-action", "Enter")
    pg.wait_for_url(site.url("/admin/audit?action=rbac.role.granted&actor="))
    action = pg.locator("code", has_text="rbac.role.granted")
    granted = pg.locator("#admin-audit tbody tr", has=action)
    by_admin = granted.filter(has=pg.locator(f"span[title='{admin_id}']"))
    assert by_admin.count() == 1, granted.all_inner_texts()
    assert by_admin.locator(f"span[title='{admin_id}']").inner_text() == admin_email
    assert member_id in by_admin.inner_text()
    assert "editor" in by_admin.inner_text()
    assert violations(pg) == []


def test_log_out_from_the_nav(blank_page: Any, site: Site, mailpit: Mailpit) -> None:
    pg = blank_page
    log_in(pg, site, mailpit, "leaver@example.com")
    pg.click("#nav-logout button[type='submit']")
    pg.wait_for_url(site.url("/"))
    assert_anonymous(pg)
    goto(pg, site, "/account")
    assert pg.url.startswith(site.url("/login")), f"/account after logout went to {pg.url}"
    assert_anonymous(pg)
    assert violations(pg) == []
