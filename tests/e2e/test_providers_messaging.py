"""e2e tier: the login code goes out through each email and SMS provider an app can be generated
with (SVC-4, SVC-5, SVC-7, SVC-8), the logs hold neither the code nor the full address or number
(SVC-11), and a provider that is down makes the login answer 503 while /readyz stays 200
(SVC-12).

Two apps, each in production mode: the session's provider apps (tests/support/provider_apps.py),
one generated with SES and SNS, talking to moto (the AWS SDK finds it through AWS_ENDPOINT_URL,
as it would find AWS), one with SendGrid and Twilio, talking to the test kit's fakes of their
HTTP APIs; their storage and queue are kept local (provider_apps.plain_env). The SMS provider
is exercised the way users meet it: log in by email, add a phone on /account (code by SMS), then
log in with the phone.

The AWS app gets a moto server of this module's own rather than the session's: the test stops it
(provider down), and moto's record of sent mail and SMS (/moto-api/data.json) fails for as long
as any test has deleted a bucket that held objects, which the storage tests sharing the
session's server do.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, server
from tests.support.authflow import Client
from tests.support.moto import Moto
from tests.support.provider_apps import plain_env
from tests.support.sendgrid_fake import SendGridFake
from tests.support.twilio_fake import TwilioFake

pytestmark = pytest.mark.e2e

#: The providers each app (provider_apps.AWS and ALT) sends email and SMS through.
ANSWERS = {
    "aws": {"email_provider": "ses", "sms_provider": "sns"},
    "http": {"email_provider": "sendgrid", "sms_provider": "twilio"},
}
#: appenv.production_required's sender, which SES (moto) must have verified.
SENDER = "no-reply@example.com"
#: The code in an SMS ("123456 is your ... login code") and in an email's HTML part.
SMS_CODE = re.compile(r"\b(\d{6})\b")
HTML_CODE = re.compile(r">\s*(\d{6})\s*<")

_people = itertools.count(1)


def person() -> tuple[str, str]:
    """An email address and a phone number no other test used (login limits count per both)."""
    n = next(_people)
    return f"jane.doe{n}@example.com", f"+49151123456{n:02d}"


@pytest.fixture
def messaging_app(request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """The session's app with the AWS or the HTTP providers (tests/support/provider_apps.py),
    built once for every provider test; only the apps a test asks for are built."""
    apps = {"aws": "aws_app", "http": "alt_app"}

    def get(kind: str) -> Path:
        app: Path = request.getfixturevalue(apps[kind])
        return app

    return get


@pytest.fixture(scope="module")
def aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Moto]:
    server_ = Moto(tmp_path_factory.mktemp("moto-messaging"))
    server_.start()
    yield server_
    server_.stop()


@pytest.fixture(scope="module")
def sendgrid_session() -> Iterator[SendGridFake]:
    fake = SendGridFake()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def twilio_session() -> Iterator[TwilioFake]:
    fake = TwilioFake()
    fake.start()
    yield fake
    fake.stop()


class Outbox(Protocol):
    """What one app's providers were asked to deliver, read back from them; `down()` and `up()`
    take both providers away and bring them back."""

    def env(self) -> dict[str, str]: ...

    def email_code(self, to: str) -> str: ...

    def sms_codes(self, to: str) -> list[str]: ...

    def down(self) -> None: ...

    def up(self) -> None: ...


class AWSOutbox:
    """SES and SNS on moto; moto keeps every sent email and SMS in its model data."""

    def __init__(self, moto: Moto) -> None:
        self.moto = moto

    def env(self) -> dict[str, str]:
        return {
            **self.moto.env(),
            f"{PREFIX}_EMAIL_PROVIDER": "ses",
            f"{PREFIX}_SMS_PROVIDER": "sns",
        }

    def verify_sender(self) -> None:
        # SES (and moto) refuse mail from an address nobody verified.
        identities = self.moto.client("sesv2").list_email_identities()["EmailIdentities"]
        if SENDER not in [i["IdentityName"] for i in identities]:
            self.moto.client("sesv2").create_email_identity(EmailIdentity=SENDER)

    def email_code(self, to: str) -> str:
        sent = [
            m for m in self.moto.sent_emails() if to in m["destinations"].get("ToAddresses", [])
        ]
        assert sent, f"moto holds no email to {to}"
        assert sent[-1]["source"].endswith(f"<{SENDER}>") or sent[-1]["source"] == SENDER
        # moto keeps the HTML part when there is one.
        found = HTML_CODE.search(sent[-1]["body"])
        assert found, f"no code in the email's HTML:\n{sent[-1]['body']}"
        return found.group(1)

    def sms_codes(self, to: str) -> list[str]:
        texts = [m["message"] for m in self.moto.sent_sms() if m["phone_number"] == to]
        return [_sms_code(t) for t in texts]

    def down(self) -> None:
        self.moto.stop()

    def up(self) -> None:
        self.moto.start()  # empty again: the sender needs verifying anew
        self.verify_sender()


class HTTPOutbox:
    """SendGrid and Twilio fakes; each keeps the messages it accepted."""

    def __init__(self, sendgrid: SendGridFake, twilio: TwilioFake) -> None:
        self.sendgrid = sendgrid
        self.twilio = twilio

    def env(self) -> dict[str, str]:
        return {**self.sendgrid.env(PREFIX), **self.twilio.env(PREFIX)}

    def email_code(self, to: str) -> str:
        sent = self.sendgrid.wait_for(to, timeout=1)
        assert sent.sender == SENDER and sent.text and sent.html
        return authflow.code_of(sent.text)

    def sms_codes(self, to: str) -> list[str]:
        return [_sms_code(m.body) for m in self.twilio.sent_to(to)]

    def down(self) -> None:
        self.sendgrid.outage = True
        self.twilio.outage = True

    def up(self) -> None:
        self.sendgrid.outage = False
        self.twilio.outage = False


def _sms_code(text: str) -> str:
    found = SMS_CODE.search(text)
    assert found, f"no code in the SMS: {text}"
    return found.group(1)


@dataclass
class Served:
    running: server.RunningServer
    outbox: Outbox

    def client(self) -> Client:
        return Client(self.running)


@pytest.fixture
def serve(
    messaging_app: Callable[[str], Path],
    aws: Moto,
    sendgrid_session: SendGridFake,
    twilio_session: TwilioFake,
    tmp_path: Path,
) -> Iterator[Callable[[str], Served]]:
    """Start the AWS or the HTTP app in production on a fresh database, SMS login on, its
    providers pointing at moto or the fakes (reset and up); stopped cleanly at teardown."""
    started: list[Served] = []

    def start(kind: str) -> Served:
        outbox: Outbox
        if kind == "aws":
            aws_box = AWSOutbox(aws)
            aws.start()
            aws_box.verify_sender()
            outbox = aws_box
        else:
            sendgrid_session.reset()
            twilio_session.reset()
            outbox = HTTPOutbox(sendgrid_session, twilio_session)
        env = production_env(
            {f"{PREFIX}_DATABASE_URL": f"file:{tmp_path / f'{kind}.db'}"},
            MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
            AUTH_SMS_ENABLED="true",
        )
        env.update(plain_env(PREFIX, tmp_path))
        env.update(outbox.env())
        log = tmp_path / f"server-{kind}.log"
        served = Served(authflow.start_app(messaging_app(kind), PREFIX, env, log), outbox)
        started.append(served)
        return served

    yield start
    for served in started:
        served.outbox.up()
        assert served.running.terminate() == 0, served.running.log()


def log_in_by_email(s: Served, client: Client, email: str) -> str:
    """Ask for a code by email, read it from the provider, log in; the code."""
    resp = client.post("/login", {"email": email})
    assert resp.status == 303 and resp.headers["Location"] == "/login/verify", resp.status
    code = s.outbox.email_code(email)
    resp = client.post("/login/verify", {"code": code})
    assert resp.status == 303, (resp.status, resp.body[:300])
    assert client.get("/account").status == 200
    return code


def assert_logs_private(log: str, secrets: list[str]) -> None:
    """SVC-11: codes, addresses and numbers never reach the log (only masked forms do)."""
    for secret in secrets:
        assert secret not in log, f"the server log holds {secret!r}"


@pytest.mark.parametrize("kind", list(ANSWERS))
def test_login_code_arrives_by_email(serve: Callable[[str], Served], kind: str) -> None:
    served = serve(kind)
    email, _ = person()
    client = served.client()
    code = log_in_by_email(served, client, email)
    log = served.running.log()
    assert '"email.send"' in log or "email.send" in log
    assert f"{email[0]}***@example.com" in log, "the send is logged with the masked address"
    assert_logs_private(log, [code, email])


@pytest.mark.parametrize("kind", list(ANSWERS))
def test_login_code_arrives_by_sms(serve: Callable[[str], Served], kind: str) -> None:
    served = serve(kind)
    email, phone = person()
    owner = served.client()
    email_code = log_in_by_email(served, owner, email)

    resp = owner.post("/account/phone", {"phone": phone})
    assert resp.status == 303, (resp.status, resp.body[:300])
    (verify_code,) = served.outbox.sms_codes(phone)
    resp = owner.post("/account/phone/verify", {"code": verify_code})
    assert resp.status == 303, (resp.status, resp.body[:300])

    other = served.client()
    resp = other.post("/login", {"phone": phone})
    assert resp.status == 303 and resp.headers["Location"] == "/login/verify", resp.status
    codes = served.outbox.sms_codes(phone)
    assert len(codes) == 2, codes
    resp = other.post("/login/verify", {"code": codes[-1]})
    assert resp.status == 303, (resp.status, resp.body[:300])
    assert other.get("/account").status == 200

    log = served.running.log()
    assert f"{phone[:3]}***{phone[-2:]}" in log, "the send is logged with the masked number"
    assert_logs_private(log, [email_code, verify_code, codes[-1], email, phone])


@pytest.mark.parametrize("kind", list(ANSWERS))
def test_provider_down_login_503_readyz_200(serve: Callable[[str], Served], kind: str) -> None:
    served = serve(kind)
    email, _ = person()
    client = served.client()
    served.outbox.down()

    resp = client.post("/login", {"email": email})
    assert resp.status == 503, (resp.status, resp.body[:300])
    assert client.get("/account").status != 200, "no session without a code"
    assert served.running.request("GET", "/readyz").status == 200

    served.outbox.up()
    log_in_by_email(served, served.client(), email)


def test_sendgrid_429_is_retried_after_retry_after(
    serve: Callable[[str], Served], sendgrid_session: SendGridFake
) -> None:
    served = serve("http")
    email, _ = person()
    sendgrid_session.throttle(times=1, retry_after=1)
    log_in_by_email(served, served.client(), email)
    statuses = [r.status for r in sendgrid_session.requests]
    assert statuses == [429, 202], statuses


@pytest.mark.parametrize(
    ("kind", "settings", "named"),
    [
        # SVC-2: production with SendGrid and no key stops, naming the variable.
        ("http", {}, ["EMAIL_SENDGRID_API_KEY"]),
        # Twilio is only required once SMS login is on; then each missing setting is named.
        (
            "http",
            {"AUTH_SMS_ENABLED": "true"},
            ["SMS_TWILIO_ACCOUNT_SID", "SMS_TWILIO_AUTH_TOKEN", "SMS_TWILIO_FROM"],
        ),
        # A provider Tracks has but this app was generated without names the app's answer.
        (
            "aws",
            {"EMAIL_PROVIDER": "sendgrid"},
            ["EMAIL_PROVIDER", "email_provider=ses and has no sendgrid code"],
        ),
    ],
    ids=["sendgrid-without-key", "twilio-without-credentials", "provider-not-generated"],
)
def test_production_refuses_missing_provider_settings(
    messaging_app: Callable[[str], Path],
    tmp_path: Path,
    kind: str,
    settings: dict[str, str],
    named: list[str],
) -> None:
    app = messaging_app(kind)
    env = production_env({f"{PREFIX}_DATABASE_URL": f"file:{tmp_path / 'shop.db'}"}, **settings)
    env = plain_env(PREFIX, tmp_path) | env
    if kind == "http" and "AUTH_SMS_ENABLED" in settings:
        env[f"{PREFIX}_EMAIL_SENDGRID_API_KEY"] = "SG.present"
    log = tmp_path / "server.log"
    running = server.start(app / "bin/server", app, PREFIX, env, log)
    code = running.process.wait(timeout=60)
    assert code != 0, running.log()
    for name in named:
        wanted = f"{PREFIX}_{name}" if name.isupper() else name
        assert wanted in running.log(), f"exit {code} without naming {wanted}:\n{running.log()}"
