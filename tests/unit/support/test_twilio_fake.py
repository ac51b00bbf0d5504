"""tests.support.twilio_fake: accepts what Twilio's Message resource accepts (201 with the
resource), refuses what it refuses with Twilio's error bodies and codes, and plays throttling,
failures and an outage on demand."""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.server import Response, request
from tests.support.twilio_fake import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, TwilioFake

pytestmark = pytest.mark.unit

PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
SERVICE_SID = "MG" + "ab" * 16


@pytest.fixture(scope="module")
def server() -> Iterator[TwilioFake]:
    f = TwilioFake()
    f.start()
    yield f
    f.stop()


@pytest.fixture
def fake(server: TwilioFake) -> TwilioFake:
    server.reset()
    return server


def _post(
    fake: TwilioFake,
    form: dict[str, str],
    user: str = ACCOUNT_SID,
    password: str = AUTH_TOKEN,
    path: str = PATH,
) -> Response:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    headers = {
        "Authorization": f"Basic {token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = urllib.parse.urlencode(form).encode()
    return request(fake.base_url, "POST", path, headers=headers, body=body)


def _json(resp: Response) -> dict[str, Any]:
    return dict(json.loads(resp.body))


def _form(**overrides: str) -> dict[str, str]:
    form = {"To": "+4915112345689", "From": FROM_NUMBER, "Body": "428193 is your code"}
    form.update(overrides)
    return {k: v for k, v in form.items() if v != "-"}


def test_creates_a_message(fake: TwilioFake) -> None:
    resp = _post(fake, _form())
    assert resp.status == 201
    resource = _json(resp)
    assert resource["sid"].startswith("SM") and len(resource["sid"]) == 34
    assert (resource["to"], resource["from"], resource["status"]) == (
        "+4915112345689",
        FROM_NUMBER,
        "queued",
    )
    assert resource["uri"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{resource['sid']}.json"
    sent = fake.wait_for("+4915112345689", timeout=1)
    assert (sent.sid, sent.body, sent.sender) == (
        resource["sid"],
        "428193 is your code",
        FROM_NUMBER,
    )


def test_messaging_service_instead_of_from(fake: TwilioFake) -> None:
    resp = _post(fake, _form(From="-", MessagingServiceSid=SERVICE_SID))
    assert resp.status == 201
    assert _json(resp)["messaging_service_sid"] == SERVICE_SID
    assert fake.messages[0].sender is None


@pytest.mark.parametrize(
    ("user", "password", "path", "status", "code"),
    [
        (ACCOUNT_SID, "wrong", PATH, 401, 20003),
        ("AC" + "f" * 32, AUTH_TOKEN, PATH, 401, 20003),
        (
            ACCOUNT_SID,
            AUTH_TOKEN,
            "/2010-04-01/Accounts/AC" + "f" * 32 + "/Messages.json",
            404,
            20404,
        ),
    ],
    ids=["wrong-token", "wrong-account", "other-accounts-path"],
)
def test_checks_credentials_and_account(
    fake: TwilioFake, user: str, password: str, path: str, status: int, code: int
) -> None:
    resp = _post(fake, _form(), user=user, password=password, path=path)
    assert resp.status == status
    body = _json(resp)
    assert (body["code"], body["status"]) == (code, status)
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert fake.messages == []


@pytest.mark.parametrize(
    ("form", "code"),
    [
        (_form(To="-"), 21604),
        (_form(To="004915112345689"), 21211),
        (_form(From="-"), 21603),
        (_form(From="+15550001111"), 21606),
        (_form(From="-", MessagingServiceSid="MG1"), 21701),
        (_form(Body="-"), 21602),
        (_form(Body="x" * 1601), 21617),
    ],
    ids=[
        "no-to",
        "to-not-e164",
        "no-sender",
        "foreign-from",
        "bad-service",
        "no-body",
        "long-body",
    ],
)
def test_refuses_invalid_messages_with_twilios_codes(
    fake: TwilioFake, form: dict[str, str], code: int
) -> None:
    resp = _post(fake, form)
    assert resp.status == 400
    assert _json(resp)["code"] == code
    assert fake.messages == []


def test_refuses_json_bodies(fake: TwilioFake) -> None:
    token = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    resp = request(
        fake.base_url,
        "POST",
        PATH,
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        body=json.dumps(_form()).encode(),
    )
    assert resp.status == 400


def test_throttle_answers_429_with_retry_after_then_recovers(fake: TwilioFake) -> None:
    fake.throttle(times=1, retry_after=2)
    first, second = _post(fake, _form()), _post(fake, _form())
    assert (first.status, second.status) == (429, 201)
    assert first.headers.get("Retry-After") == "2"
    assert _json(first)["code"] == 20429


def test_fail_next_and_outage(fake: TwilioFake) -> None:
    fake.fail_next(500)
    assert _post(fake, _form()).status == 500
    fake.outage = True
    assert _post(fake, _form()).status == 503
    fake.outage = False
    assert _post(fake, _form()).status == 201
    assert [r.status for r in fake.requests] == [500, 503, 201]
    assert fake.requests[-1].form["To"] == "+4915112345689"


def test_reset_and_env(fake: TwilioFake) -> None:
    fake.outage = True
    _post(fake, _form())
    fake.reset()
    assert (fake.messages, fake.requests, fake.outage) == ([], [], False)
    assert fake.env("SHOP") == {
        "SHOP_SMS_PROVIDER": "twilio",
        "SHOP_SMS_TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "SHOP_SMS_TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "SHOP_SMS_TWILIO_FROM": FROM_NUMBER,
        "SHOP_SMS_TWILIO_BASE_URL": fake.base_url,
    }
    with pytest.raises(AssertionError, match=r"no Twilio message to \+1555"):
        fake.wait_for("+15550000000", timeout=0.1)
