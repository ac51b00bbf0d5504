"""e2e tier: the services the auth e2e tests run beside an app really work — Mailpit stores and
returns what SMTP delivered, the OIDC provider does discovery, authorize, token (PKCE S256,
nonce) and signs ID tokens with the chosen claims, and the GitHub fake does GitHub's flow.

None of these tests skip: a service that cannot start fails them with its log.
"""

from __future__ import annotations

import base64
import json
import secrets
import smtplib
import socket
import urllib.parse
from email.message import EmailMessage
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.github_fake import GitHubFake, GitHubUser
from tests.support.mailpit import Mailpit
from tests.support.oidc import OIDCProvider, s256
from tests.support.server import request

pytestmark = pytest.mark.e2e

APP_CALLBACK = "http://127.0.0.1:9/auth/oauth/oidc/callback"


def _send(sink: Mailpit, to: str, subject: str) -> None:
    msg = EmailMessage()
    msg["From"] = "Shop <no-reply@shop.example>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["X-Tracks-Test"] = "yes"
    msg.set_content("Your code is 012345.\n")
    msg.add_alternative("<p>Your code is <b>012345</b>.</p>", subtype="html")
    with smtplib.SMTP(sink.host, sink.smtp_port, timeout=10) as smtp:
        # Any credentials are accepted over plain SMTP, as the app's config may send some.
        smtp.login("app", "any-password")
        smtp.send_message(msg)


def test_mailpit_returns_what_smtp_delivered(mailpit: Mailpit) -> None:
    assert mailpit.count() == 0
    _send(mailpit, "Ann <ann@example.com>", "Your login code")

    got = mailpit.wait_for(to="ANN@example.com")
    assert got.to == ["ann@example.com"]
    assert got.sender == "no-reply@shop.example"
    assert got.subject == "Your login code"
    assert got.text.strip() == "Your code is 012345."
    assert "<b>012345</b>" in got.html
    assert got.header("x-tracks-test") == "yes"
    assert (got.header("Content-Type") or "").startswith("multipart/alternative")
    assert mailpit.count() == 1
    assert [m["ID"] for m in mailpit.messages()] == [got.id]

    mailpit.delete_all()
    assert mailpit.count() == 0


def test_mailpit_wait_for_names_what_it_holds(mailpit: Mailpit) -> None:
    _send(mailpit, "bob@example.com", "hello")
    mailpit.wait_for(to="bob@example.com")
    with pytest.raises(AssertionError, match=r"no message to carol@example.com.*bob@example.com"):
        mailpit.wait_for(to="carol@example.com", timeout=0.5)


def test_mailpit_down_and_back(mailpit: Mailpit) -> None:
    _send(mailpit, "dan@example.com", "before")
    mailpit.wait_for(to="dan@example.com")

    mailpit.stop()
    with pytest.raises(OSError), socket.create_connection((mailpit.host, mailpit.smtp_port), 2):
        pass

    mailpit.start()
    assert mailpit.count() == 1, "the database survives a restart"
    _send(mailpit, "dan@example.com", "after")
    assert mailpit.wait_for(to="dan@example.com", count=2).subject == "after"


def test_mailpit_fail_smtp(mailpit: Mailpit) -> None:
    mailpit.fail_smtp(recipient=451)
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(mailpit, "erin@example.com", "transient")
    assert refused.value.recipients["erin@example.com"][0] == 451

    mailpit.fail_smtp(sender=550)
    with pytest.raises(smtplib.SMTPSenderRefused) as sender:
        _send(mailpit, "erin@example.com", "permanent")
    assert sender.value.smtp_code == 550
    assert mailpit.count() == 0
    # Left failing on purpose: the next test's fixture must restore delivery.


def test_mailpit_fixture_empties_the_sink_and_restores_delivery(mailpit: Mailpit) -> None:
    # The tests above left messages behind and SMTP failing; the function fixture undid both.
    assert mailpit.count() == 0
    _send(mailpit, "erin@example.com", "works again")
    assert mailpit.wait_for(to="erin@example.com").subject == "works again"


# OIDC


def _authorize_url(provider: OIDCProvider, **overrides: str) -> tuple[str, dict[str, str]]:
    """What the app's /auth/oauth/oidc redirect holds: the URL and its secrets."""
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": APP_CALLBACK,
        "scope": "openid email profile",
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(16),
        "code_challenge_method": "S256",
    }
    verifier = secrets.token_urlsafe(48)
    params["code_challenge"] = s256(verifier)
    params.update(overrides)
    endpoint = provider.discovery()["authorization_endpoint"]
    return f"{endpoint}?{urllib.parse.urlencode(params)}", {**params, "verifier": verifier}


def _token(
    provider: OIDCProvider, code: str, verifier: str, basic: bool = True
) -> tuple[int, dict[str, Any]]:
    """The token request, client credentials in a Basic header or (basic=False) in the body."""
    endpoint = urllib.parse.urlsplit(provider.discovery()["token_endpoint"])
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": APP_CALLBACK,
        "code_verifier": verifier,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if basic:
        pair = f"{provider.client_id}:{provider.client_secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    else:
        form.update(client_id=provider.client_id, client_secret=provider.client_secret)
    resp = request(
        provider.issuer, "POST", endpoint.path, headers, urllib.parse.urlencode(form).encode()
    )
    return resp.status, json.loads(resp.body)


def _id_token_claims(provider: OIDCProvider, id_token: str) -> dict[str, Any]:
    """The ID token's claims, its RS256 signature checked against the provider's JWKS."""
    jwks = json.loads(
        provider.get(urllib.parse.urlsplit(provider.discovery()["jwks_uri"]).path).body
    )
    token = jwt.decode(id_token, KeySet.import_key_set(jwks), algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
    ).validate(token.claims)
    return dict(token.claims)


def _callback_params(url: str) -> dict[str, str]:
    assert url.startswith(APP_CALLBACK + "?"), url
    return {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).items()}


def test_oidc_discovery_and_jwks(oidc_provider: OIDCProvider) -> None:
    doc = oidc_provider.discovery()
    assert doc["issuer"] == oidc_provider.issuer
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert doc[key].startswith(oidc_provider.issuer + "/"), (key, doc[key])
    assert "code" in doc["response_types_supported"]
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]

    jwks = oidc_provider.get(urllib.parse.urlsplit(doc["jwks_uri"]).path)
    assert jwks.status == 200
    assert [k["kty"] for k in json.loads(jwks.body)["keys"]] == ["RSA"]


def test_oidc_code_flow_with_pkce_gives_the_chosen_claims(oidc_provider: OIDCProvider) -> None:
    url, sent = _authorize_url(oidc_provider)
    sub = "user-" + secrets.token_hex(4)
    callback = oidc_provider.authorize(
        url, sub, email="Erin@Example.com", email_verified=True, name="Erin Example"
    )
    params = _callback_params(callback)
    assert params["state"] == sent["state"]

    status, tokens = _token(oidc_provider, params["code"], sent["verifier"])
    assert status == 200, tokens
    assert tokens["token_type"].lower() == "bearer"

    claims = _id_token_claims(oidc_provider, tokens["id_token"])
    assert claims["iss"] == oidc_provider.issuer
    assert claims["aud"] in (oidc_provider.client_id, [oidc_provider.client_id])
    assert claims["nonce"] == sent["nonce"]
    assert (claims["sub"], claims["email"], claims["email_verified"], claims["name"]) == (
        sub,
        "Erin@Example.com",
        True,
        "Erin Example",
    )

    # The code is single use.
    status, again = _token(oidc_provider, params["code"], sent["verifier"])
    assert status == 400 and again["error"] == "invalid_grant", again


def test_oidc_unverified_email_is_reported(oidc_provider: OIDCProvider) -> None:
    url, sent = _authorize_url(oidc_provider)
    sub = "user-" + secrets.token_hex(4)
    code = _callback_params(
        oidc_provider.authorize(url, sub, email="frank@example.com", email_verified=False)
    )["code"]
    status, tokens = _token(oidc_provider, code, sent["verifier"])
    assert status == 200, tokens
    claims = _id_token_claims(oidc_provider, tokens["id_token"])
    assert (claims["sub"], claims["email"], claims["email_verified"]) == (
        sub,
        "frank@example.com",
        False,
    )


def test_oidc_wrong_code_verifier_is_refused(oidc_provider: OIDCProvider) -> None:
    url, _ = _authorize_url(oidc_provider)
    code = _callback_params(oidc_provider.authorize(url, "grace"))["code"]
    # x/oauth2 tries a refused exchange again with the credentials in the body: still refused.
    for basic in (True, False):
        status, body = _token(oidc_provider, code, secrets.token_urlsafe(48), basic=basic)
        assert status == 400 and body["error"] == "invalid_grant", body
    status, body = _token(oidc_provider, code, "", basic=False)
    assert status == 400 and body["error"] == "invalid_grant", body


def test_oidc_authorize_without_pkce_or_nonce_is_refused(oidc_provider: OIDCProvider) -> None:
    url, _ = _authorize_url(oidc_provider, code_challenge="", code_challenge_method="")
    with pytest.raises(AssertionError, match="requires PKCE"):
        oidc_provider.authorize(url, "heidi")
    url, sent = _authorize_url(oidc_provider, nonce="")
    params = _callback_params(oidc_provider.authorize(url, "heidi"))
    assert "code" not in params
    assert (params["error"], params["state"]) == ("invalid_request", sent["state"])
    assert "nonce" in params["error_description"]


def test_oidc_deny_returns_access_denied(oidc_provider: OIDCProvider) -> None:
    url, sent = _authorize_url(oidc_provider)
    params = _callback_params(oidc_provider.deny(url))
    assert params["error"] == "access_denied"
    assert params["state"] == sent["state"]


# GitHub


def _github_authorize_url(fake: GitHubFake) -> tuple[str, dict[str, str]]:
    verifier = secrets.token_urlsafe(48)
    params = {
        "client_id": fake.client_id,
        "redirect_uri": "http://127.0.0.1:9/auth/oauth/github/callback",
        "scope": "read:user user:email",
        "state": secrets.token_urlsafe(32),
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    }
    return f"{fake.auth_url}?{urllib.parse.urlencode(params)}", {**params, "verifier": verifier}


def _github_token(
    fake: GitHubFake, code: str, verifier: str, accept: str = "application/json"
) -> dict[str, str]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": "http://127.0.0.1:9/auth/oauth/github/callback",
        "code_verifier": verifier,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
    }
    resp = request(
        fake.base_url,
        "POST",
        "/login/oauth/access_token",
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        urllib.parse.urlencode(form).encode(),
    )
    assert resp.status == 200, resp
    if "json" in (resp.headers.get("Content-Type") or ""):
        return dict(json.loads(resp.body))
    return {k: v[0] for k, v in urllib.parse.parse_qs(resp.body.decode()).items()}


def _github_get(fake: GitHubFake, path: str, token: str) -> tuple[int, Any]:
    resp = request(
        fake.base_url,
        "GET",
        path,
        {"Authorization": f"Bearer {token}", "Accept": "application/json"},
    )
    return resp.status, json.loads(resp.body)


def test_github_fake_flow(github_fake: GitHubFake) -> None:
    github_fake.user = GitHubUser(
        id=4242,
        login="ivy",
        name="Ivy",
        emails=[
            {"email": "ivy@old.example", "primary": False, "verified": True, "visibility": None},
            {"email": "ivy@example.com", "primary": True, "verified": True, "visibility": "public"},
        ],
    )
    url, sent = _github_authorize_url(github_fake)
    params = {
        k: v[0]
        for k, v in urllib.parse.parse_qs(
            urllib.parse.urlsplit(github_fake.authorize(url)).query
        ).items()
    }
    assert params["state"] == sent["state"]

    tokens = _github_token(github_fake, params["code"], sent["verifier"])
    assert tokens["token_type"] == "bearer" and tokens["access_token"].startswith("gho_")
    token = tokens["access_token"]
    assert github_fake.token_requests[0]["code_verifier"] == sent["verifier"]

    assert _github_get(github_fake, "/user", token) == (
        200,
        {"id": 4242, "login": "ivy", "name": "Ivy", "email": None},
    )
    status, emails = _github_get(github_fake, "/user/emails", token)
    assert status == 200
    assert [(e["email"], e["primary"], e["verified"]) for e in emails] == [
        ("ivy@old.example", False, True),
        ("ivy@example.com", True, True),
    ]
    assert _github_get(github_fake, "/user", "gho_wrong") == (401, {"message": "Bad credentials"})
    # GitHub reports a used code with status 200 and an error field.
    assert _github_token(github_fake, params["code"], sent["verifier"])["error"] == (
        "bad_verification_code"
    )


def test_github_fake_checks_pkce_and_answers_form_by_default(github_fake: GitHubFake) -> None:
    url, sent = _github_authorize_url(github_fake)
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(github_fake.authorize(url)).query)["code"]
    wrong = _github_token(github_fake, code[0], secrets.token_urlsafe(48), accept="")
    assert wrong["error"] == "bad_verification_code"

    url, sent = _github_authorize_url(github_fake)
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(github_fake.authorize(url)).query)["code"]
    ok = _github_token(github_fake, code[0], sent["verifier"], accept="")
    assert ok["access_token"].startswith("gho_") and ok["token_type"] == "bearer"


def test_github_fake_outage(github_fake: GitHubFake) -> None:
    github_fake.outage = True
    resp = request(github_fake.base_url, "GET", "/user", {"Authorization": "Bearer x"})
    assert resp.status == 503


def test_github_fake_is_reset_per_test(github_fake: GitHubFake) -> None:
    assert github_fake.outage is False
    assert github_fake.token_requests == []
    assert github_fake.user == GitHubUser()
