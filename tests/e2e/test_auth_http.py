"""e2e tier over HTTP: the passwordless login, sessions, admin pages and RBAC of the real built
server, per driver, with Mailpit as the SMTP sink and cmd/admin (bin/admin) to grant roles and
read users and the audit trail. Spec IDs (AUTH-n, RBAC-n, SVC-n) name what each test checks.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, server
from tests.support.authflow import Client, code_of, log_in, request_code, token_of
from tests.support.gocmd import run
from tests.support.mailpit import Mailpit
from tests.support.paths import only_with

pytestmark = pytest.mark.e2e

#: Where an anonymous visitor of /account is sent.
LOGIN_FOR_ACCOUNT = "/login?next=%2Faccount"
#: RBAC_RELOAD_INTERVAL of these servers, in seconds.
RELOAD = 1
#: How soon a policy change made elsewhere (bin/admin, another server) must hold (RBAC-6).
POLICY_DEADLINE = RELOAD + 2


@pytest.fixture(scope="session")
def admin_app(built_app: Callable[[str], Path]) -> Callable[[str], Path]:
    """built_app with bin/admin (cmd/admin) built too, once per driver."""
    done: set[str] = set()

    def get(driver: str) -> Path:
        app = built_app(driver)
        if driver not in done:
            run(app, "go", "build", "-o", "bin/admin", "./cmd/admin")
            done.add(driver)
        return app

    return get


@dataclass
class Shop:
    """One app on one fresh database: its servers (started on demand), bin/admin and the DB."""

    app: Path
    env: dict[str, str]
    tmp: Path
    sink: Mailpit
    servers: list[server.RunningServer] = field(default_factory=list)

    @property
    def database_url(self) -> str:
        return self.env[f"{PREFIX}_DATABASE_URL"]

    def start(self, **extra: str) -> server.RunningServer:
        env = {**self.env, **{f"{PREFIX}_{k}": v for k, v in extra.items()}}
        log = self.tmp / f"server-{len(self.servers)}.log"
        running = authflow.start_app(self.app, PREFIX, env, log)
        self.servers.append(running)
        return running

    def admin(self, *args: str) -> str:
        return authflow.admin(self.app, self.env, *args)

    def admin_json(self, *args: str) -> Any:
        return authflow.admin_json(self.app, self.env, *args)

    def users(self) -> list[dict[str, Any]]:
        return list(self.admin_json("users", "list", "--limit", "1000"))

    def user_id(self, email: str) -> str:
        found = [u["id"] for u in self.users() if u["email"] == email]
        assert len(found) == 1, f"{email} in users list: {self.users()}"
        return str(found[0])

    def audit(self, *args: str) -> list[dict[str, Any]]:
        return list(self.admin_json("audit", "list", "--limit", "1000", *args))

    def query(self, sql: str) -> list[tuple[str, ...]]:
        return authflow.query(self.database_url, sql)

    def make_admin(self, email: str) -> None:
        self.admin("roles", "grant", "--email", email, "--role", "admin")


@pytest.fixture
def shop(
    admin_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
    mailpit: Mailpit,
    tmp_path: Path,
) -> Iterator[Shop]:
    """The app in production mode on a fresh database, sending mail to Mailpit, the general
    and login rate limits off, policy reloaded every second. Servers stop at the end (exit 0)."""
    env = {
        **production_env(
            database_env(driver),
            MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
            AUTH_RATE_LIMIT_REQUESTS="0",
            RBAC_RELOAD_INTERVAL=f"{RELOAD}s",
        ),
        **mailpit.env(PREFIX),
    }
    s = Shop(admin_app(driver), env, tmp_path, mailpit)
    yield s
    for running in s.servers:
        if running.process.poll() is None:
            assert running.terminate() == 0, running.log()


def assert_redirect(resp: server.Response, location: str, what: str = "") -> None:
    assert (resp.status, resp.headers.get("Location")) == (303, location), (
        what,
        resp.status,
        resp.headers,
        resp.body[:400],
    )


def assert_anonymous(app: server.RunningServer, cookies: dict[str, str], what: str) -> None:
    """A browser with only these cookies is not logged in: /account sends it to log in."""
    assert_redirect(Client(app, dict(cookies)).get("/account"), LOGIN_FOR_ACCOUNT, what)


def logged_in(shop: Shop, app: server.RunningServer, email: str) -> Client:
    client = Client(app)
    log_in(client, shop.sink, email)
    return client


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def wait_for_status(client: Client, path: str, status: int, timeout: float) -> None:
    authflow.poll(
        lambda: client.get(path).status == status, timeout, f"GET {path} answering {status}"
    )


# --- login by code ----------------------------------------------------------------------------


def test_code_login_renews_the_session_and_is_audited(shop: Shop) -> None:
    """AUTH-13, AUTH-3, AUTH-1: the emailed code logs in, the cookie changes, the old one is
    anonymous, the new one survives a restart."""
    app = shop.start()
    email = "ann@example.com"
    client = Client(app)
    text = request_code(client, shop.sink, email)
    before = client.session_cookie()
    assert before, "POST /login set no session cookie to carry the login in progress"

    resp = client.post("/login/verify", {"code": code_of(text)})
    assert_redirect(resp, "/", "verify")
    after = client.session_cookie()
    assert after and after[0] == before[0]
    assert after[1] != before[1], "the session token was not renewed at login (fixation)"

    account = client.get("/account")
    assert account.status == 200, account.body[:400]
    assert email in account.body.decode()
    assert_anonymous(app, {before[0]: before[1]}, "the pre-login cookie")

    user_id = shop.user_id(email)
    logins = shop.audit("--action", "auth.login.succeeded")
    assert [e["target_id"] for e in logins] == [user_id], logins

    assert app.terminate() == 0, app.log()
    again = shop.start()
    kept = Client(again, dict(client.cookies)).get("/account")
    assert kept.status == 200, f"the session did not survive a restart: {kept.status}"
    assert email in kept.body.decode()


def test_known_and_unknown_email_get_the_same_answer(shop: Shop) -> None:
    """AUTH-12: nothing tells whether an address has an account; no user before verify."""
    app = shop.start()
    logged_in(shop, app, "known@example.com")
    users = shop.users()

    known = Client(app).post("/login", {"email": "known@example.com"})
    newcomer = Client(app)
    unknown = newcomer.post("/login", {"email": "nobody@example.com"})
    assert (known.status, known.headers.get("Location"), known.body) == (
        unknown.status,
        unknown.headers.get("Location"),
        unknown.body,
    )
    assert known.status == 303
    code = code_of(shop.sink.wait_for(to="nobody@example.com").text)
    assert shop.users() == users, "requesting a code created a user before the code was verified"
    assert_redirect(newcomer.post("/login/verify", {"code": code}), "/", "verify newcomer")
    assert "nobody@example.com" in [u["email"] for u in shop.users()]


def test_three_wrong_codes_burn_the_challenge(shop: Shop) -> None:
    """AUTH-10: after 3 wrong codes the right one is rejected; a fresh code works."""
    app = shop.start()
    email = "tries@example.com"
    client = Client(app)
    code = code_of(request_code(client, shop.sink, email))
    for attempt in range(3):
        resp = client.post("/login/verify", {"code": wrong(code)})
        assert resp.status == 422, (attempt, resp.status, resp.body[:400])
    resp = client.post("/login/verify", {"code": code})
    assert resp.status == 422, f"the right code after 3 wrong ones answered {resp.status}"
    assert_anonymous(app, client.cookies, "after the burnt challenge")

    fresh = code_of(request_code(client, shop.sink, email, count=2))
    assert_redirect(client.post("/login/verify", {"code": fresh}), "/", "fresh code")
    assert client.get("/account").status == 200


def test_sixth_code_request_in_an_hour_is_refused_across_restarts(shop: Shop) -> None:
    """AUTH-11: 5 challenges per address and hour, kept in the database."""
    app = shop.start()
    email = "often@example.com"
    for n in range(5):
        resp = Client(app).post("/login", {"email": email})
        assert_redirect(resp, "/login/verify", f"request {n + 1}")
    shop.sink.wait_for(to=email, count=5)

    sixth = Client(app).post("/login", {"email": email})
    assert sixth.status == 429, (sixth.status, sixth.body[:400])
    assert int(sixth.headers.get("Retry-After") or "0") > 0, sixth.headers
    assert shop.sink.count() == 5

    assert app.terminate() == 0, app.log()
    again = shop.start()
    resp = Client(again).post("/login", {"email": email})
    assert resp.status == 429, f"after a restart the 6th request answered {resp.status}"
    assert int(resp.headers.get("Retry-After") or "0") > 0, resp.headers
    assert shop.sink.count() == 5


def test_login_never_redirects_off_site(shop: Shop) -> None:
    """AUTH-4: anonymous /account asks to log in; only a local path is honoured as next."""
    app = shop.start()
    assert_redirect(Client(app).get("/account"), LOGIN_FOR_ACCOUNT, "anonymous /account")
    cases = [("//evil.example", "/"), ("/\\evil.example", "/"), ("https://evil.example", "/")]
    for n, (next_, expected) in enumerate([*cases, ("/account", "/account")]):
        email = f"next{n}@example.com"
        client = Client(app)
        assert_redirect(client.post("/login", {"email": email, "next": next_}), "/login/verify")
        code = code_of(shop.sink.wait_for(to=email).text)
        assert_redirect(client.post("/login/verify", {"code": code}), expected, f"next={next_}")


# --- magic link -------------------------------------------------------------------------------


def test_magic_link_needs_a_post_and_works_once(shop: Shop) -> None:
    """AUTH-14: GETs only confirm; the POST logs in; the token is spent; the link's host is
    the configured base URL whatever Host the login request named."""
    app = shop.start()
    email = "link@example.com"
    client = Client(app)
    token = token_of(request_code(client, shop.sink, email))
    for n in range(2):
        page = client.get(f"/auth/magic?token={token}")
        assert page.status == 200, (n, page.status, page.body[:400])
        assert token in page.body.decode()
        assert client.get("/account").status == 303, "a GET of the magic link logged in"

    assert_redirect(client.post("/auth/magic", {"token": token}), "/", "magic POST")
    assert client.get("/account").status == 200

    replay = Client(app).post("/auth/magic", {"token": token})
    assert replay.status == 400, (replay.status, replay.body[:400])
    assert 'href="/login"' in replay.body.decode(), replay.body.decode()

    other = "host@example.com"
    resp = Client(app).post("/login", {"email": other}, {"Host": "evil.example"})
    assert_redirect(resp, "/login/verify", "POST /login with Host: evil.example")
    mail = shop.sink.wait_for(to=other)
    links = re.findall(r"(\S+)/auth/magic\?token=", mail.text)
    assert links and set(links) == {app.base_url}, links
    assert "evil.example" not in mail.text + mail.html


# --- email down -------------------------------------------------------------------------------


def test_login_answers_503_when_mail_is_down(shop: Shop) -> None:
    """AUTH-13: a code that cannot be sent leaves no challenge and no login behind.
    SVC-12: readiness does not depend on email, so the instance stays in rotation."""
    app = shop.start()
    client = Client(app)
    shop.sink.stop()
    try:
        resp = client.post("/login", {"email": "down@example.com"})
        assert resp.status == 503, (resp.status, resp.body[:400])
        assert app.request("GET", "/readyz").status == 200, "/readyz followed the mail sink"
        assert_anonymous(app, client.cookies, "after the 503")
        assert shop.query("SELECT count(*) FROM auth_challenges") == [("0",)], (
            "the challenge of an unsent code was kept"
        )
        verify = client.post("/login/verify", {"code": "123456"})
        assert verify.status == 422 or (verify.status, verify.headers.get("Location")) == (
            303,
            "/login",
        ), (verify.status, verify.headers)
        assert_anonymous(app, client.cookies, "after verify with no challenge")
    finally:
        shop.sink.start()


# --- secrets ----------------------------------------------------------------------------------


def test_codes_and_tokens_are_never_logged_or_audited(shop: Shop) -> None:
    """AUTH-11, SVC-11: no code or token in the log or the audit trail; the send line masks
    the recipient."""
    app = shop.start()
    email = "secret.person@example.com"
    client = Client(app)
    text = request_code(client, shop.sink, email)
    code, token = code_of(text), token_of(text)
    assert_redirect(client.post("/login/verify", {"code": code}), "/", "verify")
    link_client = Client(app)
    text = request_code(link_client, shop.sink, email, count=2)
    code2, token2 = code_of(text), token_of(text)
    assert_redirect(link_client.post("/auth/magic", {"token": token2}), "/", "magic")

    log = app.log()
    audit = shop.admin("audit", "list", "--limit", "1000", "--json")
    for secret in (code, code2):
        pattern = re.compile(rf"(?<!\d){secret}(?!\d)")
        assert not [ln for ln in log.splitlines() if pattern.search(ln)], f"code {secret} logged"
        assert not pattern.search(audit), f"code {secret} in the audit trail"
    for secret in (token, token2):
        assert secret not in log, "a magic-link token is in the server log"
        assert secret not in audit, "a magic-link token is in the audit trail"

    sends = [ln for ln in log.splitlines() if "email.send" in ln]
    assert len(sends) == 2, sends
    for line in sends:
        assert '"to":' in line and email not in line, f"recipient not masked: {line}"


# --- cookie and logout ------------------------------------------------------------------------


def test_production_session_cookie(shop: Shop) -> None:
    """AUTH-2: __Host- cookie, HttpOnly, SameSite=Lax, Secure, Path=/; the store holds a hash."""
    app = shop.start()
    client = Client(app)
    code = code_of(request_code(client, shop.sink, "cookie@example.com"))
    resp = client.post("/login/verify", {"code": code})
    assert_redirect(resp, "/", "verify")
    raw = resp.headers.get("Set-Cookie") or ""
    cookie = next((c for c in re.split(r", (?=[^ ;,]+=)", raw) if c.startswith("__Host-")), "")
    assert cookie.startswith("__Host-shop_session="), raw
    attrs = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "secure", "path=/"} <= attrs, cookie
    assert not any(a.startswith("domain=") for a in attrs), cookie

    value = client.cookies["__Host-shop_session"]
    stored = {row[0] for row in shop.query("SELECT token FROM sessions")}
    assert value not in stored, "the sessions table holds the cookie's token itself"
    digest = hashlib.sha256(value.encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() in stored, stored


def test_logout_is_post_only_and_ends_the_session(shop: Shop) -> None:
    """AUTH-5."""
    app = shop.start()
    client = logged_in(shop, app, "bye@example.com")
    old = dict(client.cookies)
    assert client.get("/logout").status == 405
    assert client.get("/account").status == 200, "GET /logout ended the session"
    assert_redirect(client.post("/logout"), "/", "POST /logout")
    assert_anonymous(app, old, "the cookie from before logout")


# --- admin and RBAC ---------------------------------------------------------------------------


def admin_client(shop: Shop, app: server.RunningServer, email: str) -> Client:
    """A logged-in admin whose role the server has loaded (policy reload, RBAC-6)."""
    client = logged_in(shop, app, email)
    shop.make_admin(email)
    wait_for_status(client, "/admin", 200, POLICY_DEADLINE)
    return client


def test_disabled_user_is_logged_out_and_deleted_users_audit_stays(shop: Shop) -> None:
    """AUTH-22."""
    app = shop.start()
    boss = admin_client(shop, app, "boss@example.com")
    bob = logged_in(shop, app, "bob@example.com")
    bob_id = shop.user_id("bob@example.com")

    resp = boss.post(f"/admin/users/{bob_id}/disable", {"next": "/admin/users"})
    assert_redirect(resp, "/admin/users", "disable")
    assert_redirect(bob.get("/account"), LOGIN_FOR_ACCOUNT, "disabled user's next request")

    again = Client(app)
    code = code_of(request_code(again, shop.sink, "bob@example.com", count=2))
    resp = again.post("/login/verify", {"code": code})
    assert resp.status == 403, f"a disabled user logging in got {resp.status}"

    assert_redirect(boss.post(f"/admin/users/{bob_id}/delete", {}), "/admin/users", "delete")
    assert "bob@example.com" not in [u["email"] for u in shop.users()]
    actions = {e["action"] for e in shop.audit() if bob_id in (e["target_id"], e["actor_id"])}
    assert {"auth.login.succeeded", "user.disabled", "user.deleted"} <= actions, actions


def test_admin_pages_need_the_permission(shop: Shop) -> None:
    """RBAC-4, AUTH-23: anonymous → login, a plain user → 403, an admin → 200 once the
    grant made by bin/admin is reloaded."""
    app = shop.start()
    assert_redirect(Client(app).get("/admin/users"), "/login?next=%2Fadmin%2Fusers", "anonymous")
    user = logged_in(shop, app, "plain@example.com")
    assert user.get("/admin/users").status == 403
    assert user.get("/admin").status == 403

    chief = logged_in(shop, app, "chief@example.com")
    assert chief.get("/admin").status == 403
    shop.make_admin("chief@example.com")
    wait_for_status(chief, "/admin", 200, POLICY_DEADLINE)
    assert chief.get("/admin/users").status == 200
    assert user.get("/admin/users").status == 403


def test_last_admin_cannot_be_removed(shop: Shop) -> None:
    """RBAC-5: the only active admin cannot be disabled, demoted or deleted (409)."""
    app = shop.start()
    only = admin_client(shop, app, "only@example.com")
    only_id = shop.user_id("only@example.com")
    for path, form in (
        (f"/admin/users/{only_id}/disable", {}),
        (f"/admin/users/{only_id}/roles/revoke", {"role": "admin"}),
        (f"/admin/users/{only_id}/delete", {}),
    ):
        resp = only.post(path, form)
        assert resp.status == 409, (path, resp.status, resp.body[:400])
    [me] = [u for u in shop.users() if u["id"] == only_id]
    assert me["status"] == "active" and "admin" in me["roles"], me
    assert only.get("/admin").status == 200


@only_with("postgres")
@pytest.mark.parametrize("driver", ["postgres"])
def test_two_servers_share_sessions_and_policy(shop: Shop) -> None:
    """AUTH-1, RBAC-6: sessions live in the database; a grant made through A's admin UI holds
    on B within the reload interval plus 2 s. Both users exist before B starts, so B's policy
    knows them from its first load (see test_a_new_user_is_authorised_on_every_server)."""
    a = shop.start()
    shop.admin("roles", "grant", "--email", "ann@example.com", "--role", "user")
    shop.make_admin("boss@example.com")
    b = shop.start()

    ann = logged_in(shop, a, "ann@example.com")
    on_b = Client(b, dict(ann.cookies))
    account = on_b.get("/account")
    assert account.status == 200, f"A's session cookie on B: {account.status}"
    assert "ann@example.com" in account.body.decode()
    assert on_b.get("/admin").status == 403

    boss = logged_in(shop, a, "boss@example.com")
    wait_for_status(boss, "/admin", 200, POLICY_DEADLINE)  # A reloads the grant made by bin/admin
    ann_id = shop.user_id("ann@example.com")
    resp = boss.post(f"/admin/users/{ann_id}/roles", {"role": "admin", "next": "/admin/users"})
    assert_redirect(resp, "/admin/users", "grant admin on A")
    wait_for_status(on_b, "/admin", 200, POLICY_DEADLINE)


@only_with("postgres")
@pytest.mark.parametrize("driver", ["postgres"])
def test_a_new_user_is_authorised_on_every_server(shop: Shop) -> None:
    """AUTH-1 + RBAC-3: someone whose first login (account creation) happened on A can use
    /account on B at once: their session is valid there, and so must be their default role.
    The default reload interval (30 s), so that a reload of B cannot hide the answer."""
    a, b = shop.start(RBAC_RELOAD_INTERVAL="30s"), shop.start(RBAC_RELOAD_INTERVAL="30s")
    ann = logged_in(shop, a, "ann@example.com")
    assert ann.get("/account").status == 200
    account = Client(b, dict(ann.cookies)).get("/account")
    assert account.status == 200, (
        f"a user created by a login on server A gets {account.status} for /account on server B "
        "until B's next policy reload: the default `user` role (g row) written by "
        "rbac.Service.AssignDefaultRoleTx reaches only A's in-memory enforcer"
    )
