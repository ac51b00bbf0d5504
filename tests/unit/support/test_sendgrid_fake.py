"""tests.support.sendgrid_fake: accepts what SendGrid's Mail Send API accepts (202 with a
message id), refuses what it refuses with SendGrid's error bodies, and plays throttling,
failures and an outage on demand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.sendgrid_fake import API_KEY, SendGridFake, validate_mail
from tests.support.server import Response, request

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def server() -> Iterator[SendGridFake]:
    f = SendGridFake()
    f.start()
    yield f
    f.stop()


@pytest.fixture
def fake(server: SendGridFake) -> SendGridFake:
    server.reset()
    return server


def _mail(**overrides: Any) -> dict[str, Any]:
    mail: dict[str, Any] = {
        "personalizations": [{"to": [{"email": "jane@example.com"}]}],
        "from": {"email": "no-reply@example.com", "name": "Shop"},
        "subject": "Your login code",
        "content": [
            {"type": "text/plain", "value": "Your code is 428193"},
            {"type": "text/html", "value": "<p>428193</p>"},
        ],
    }
    mail.update(overrides)
    return mail


def _post(fake: SendGridFake, body: Any, key: str = API_KEY, raw: bytes | None = None) -> Response:
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    data = raw if raw is not None else json.dumps(body).encode()
    return request(fake.base_url, "POST", "/v3/mail/send", headers=headers, body=data)


def _error(resp: Response) -> dict[str, Any]:
    return dict(json.loads(resp.body)["errors"][0])


def test_accepts_a_documented_message(fake: SendGridFake) -> None:
    resp = _post(fake, _mail(reply_to={"email": "help@example.com"}, headers={"X-A": "1"}))
    assert resp.status == 202
    assert resp.body == b""
    message_id = resp.headers.get("X-Message-Id")
    assert message_id and len(message_id) == 22
    sent = fake.wait_for("jane@example.com", timeout=1)
    assert sent.message_id == message_id
    assert (sent.sender, sent.sender_name, sent.subject) == (
        "no-reply@example.com",
        "Shop",
        "Your login code",
    )
    assert (sent.text, sent.html, sent.reply_to) == (
        "Your code is 428193",
        "<p>428193</p>",
        "help@example.com",
    )
    assert sent.headers == {"X-A": "1"}
    assert [r.status for r in fake.requests] == [202]


@pytest.mark.parametrize(
    ("key", "status"),
    [("", 401), ("SG.wrong", 401), (API_KEY, 202)],
    ids=["none", "wrong", "right"],
)
def test_checks_the_bearer_key(fake: SendGridFake, key: str, status: int) -> None:
    resp = _post(fake, _mail(), key=key)
    assert resp.status == status
    if status == 401:
        assert "authorization grant is invalid" in _error(resp)["message"]
        assert fake.messages == []


@pytest.mark.parametrize(
    ("mail", "field"),
    [
        (_mail(personalizations=[]), "personalizations"),
        (_mail(personalizations=[{"to": []}]), "personalizations.0.to"),
        (
            _mail(personalizations=[{"to": [{"email": "not-an-address"}]}]),
            "personalizations.0.to.0.email",
        ),
        (_mail(**{"from": {"name": "no address"}}), "from.email"),
        (_mail(subject=""), "subject"),
        (_mail(content=[]), "content"),
        (_mail(content=[{"type": "text/plain", "value": ""}]), "content.0.value"),
        (
            _mail(
                content=[
                    {"type": "text/html", "value": "<p>x</p>"},
                    {"type": "text/plain", "value": "x"},
                ]
            ),
            "content",
        ),
        (_mail(reply_to={"email": "bad"}), "reply_to.email"),
        (_mail(headers={"X-Count": 1}), "headers"),
    ],
    ids=[
        "no-personalizations",
        "empty-to",
        "bad-to",
        "no-from",
        "no-subject",
        "no-content",
        "empty-value",
        "html-first",
        "bad-reply-to",
        "non-string-header",
    ],
)
def test_refuses_malformed_messages_naming_the_field(
    fake: SendGridFake, mail: Any, field: str
) -> None:
    resp = _post(fake, mail)
    assert resp.status == 400
    assert _error(resp)["field"] == field
    assert fake.messages == []


def test_subject_may_come_from_every_personalization() -> None:
    mail = _mail(
        subject=None, personalizations=[{"to": [{"email": "a@example.com"}], "subject": "Hi"}]
    )
    assert validate_mail(mail) == []


def test_refuses_a_body_that_is_not_json(fake: SendGridFake) -> None:
    assert _post(fake, None, raw=b"{not json").status == 400
    resp = request(
        fake.base_url,
        "POST",
        "/v3/mail/send",
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "text/plain"},
        body=b"hi",
    )
    assert resp.status == 415


def test_throttle_answers_429_with_retry_after_then_recovers(fake: SendGridFake) -> None:
    fake.throttle(times=2, retry_after=3)
    first, second, third = (_post(fake, _mail()) for _ in range(3))
    assert (first.status, second.status, third.status) == (429, 429, 202)
    assert first.headers.get("Retry-After") == "3"
    assert _error(first)["message"] == "too many requests"
    assert len(fake.messages) == 1


def test_fail_next_and_outage(fake: SendGridFake) -> None:
    fake.fail_next(500)
    assert _post(fake, _mail()).status == 500
    fake.outage = True
    assert _post(fake, _mail()).status == 503
    assert _post(fake, _mail()).status == 503
    fake.outage = False
    assert _post(fake, _mail()).status == 202
    assert [r.status for r in fake.requests] == [500, 503, 503, 202]


def test_reset_forgets_messages_and_scripts(fake: SendGridFake) -> None:
    fake.throttle()
    fake.outage = True
    _post(fake, _mail())
    fake.reset()
    assert (fake.messages, fake.requests, fake.outage) == ([], [], False)
    assert _post(fake, _mail()).status == 202


def test_env_points_the_app_here(fake: SendGridFake) -> None:
    assert fake.env("SHOP") == {
        "SHOP_EMAIL_PROVIDER": "sendgrid",
        "SHOP_EMAIL_SENDGRID_API_KEY": API_KEY,
        "SHOP_EMAIL_SENDGRID_BASE_URL": fake.base_url,
    }


def test_wait_for_times_out(fake: SendGridFake) -> None:
    with pytest.raises(AssertionError, match=r"no SendGrid message to nobody@example\.com"):
        fake.wait_for("nobody@example.com", timeout=0.1)
