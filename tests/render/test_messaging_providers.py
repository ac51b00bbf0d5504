"""Render tier (SVC-2): the email and SMS answers choose files, not runtime branches. An app
generated with SES and SNS carries the AWS SDK's sesv2 and sns clients and no SendGrid or Twilio
code; one generated with SendGrid and Twilio carries theirs and no AWS SDK at all. SMTP and the
log provider are in every app."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from plumbum import local

from tests.support.paths import DEFAULT_DRIVER
from tests.support.render import answers, render

pytestmark = pytest.mark.render

EMAIL = "internal/adapters/email"
SMS = "internal/adapters/sms"
ALWAYS = [f"{EMAIL}/email.go", f"{EMAIL}/smtp.go", f"{SMS}/sms.go", f"{SMS}/log.go"]

# answers -> (files that must exist, files that must not, Go text that must appear, must not)
CASES: dict[str, tuple[dict[str, str], list[str], list[str], list[str], list[str]]] = {
    "ses-sns": (
        {"email_provider": "ses", "sms_provider": "sns"},
        [f"{EMAIL}/ses.go", f"{EMAIL}/ses_test.go", f"{SMS}/sns.go", f"{SMS}/sns_test.go"],
        [f"{EMAIL}/sendgrid.go", f"{SMS}/twilio.go"],
        ["github.com/aws/aws-sdk-go-v2/service/sesv2", "github.com/aws/aws-sdk-go-v2/service/sns"],
        [r"\bSendGrid", r"\bTwilio", "api.sendgrid.com", "api.twilio.com"],
    ),
    "sendgrid-twilio": (
        {"email_provider": "sendgrid", "sms_provider": "twilio"},
        [f"{EMAIL}/sendgrid.go", f"{EMAIL}/sendgrid_test.go", f"{SMS}/twilio.go"],
        [f"{EMAIL}/ses.go", f"{SMS}/sns.go", "internal/adapters/awsconf/awsconf.go"],
        ["/v3/mail/send", "/2010-04-01/Accounts/"],
        [r"\bSES\b", r"\bSNS\b", "aws-sdk-go-v2", "sesv2"],
    ),
    "mailpit-log": (
        {"email_provider": "mailpit", "sms_provider": "log"},
        [],
        [f"{EMAIL}/ses.go", f"{EMAIL}/sendgrid.go", f"{SMS}/sns.go", f"{SMS}/twilio.go"],
        [],
        [r"\bSendGrid", r"\bTwilio", r"\bSES\b", r"\bSNS\b", "aws-sdk-go-v2"],
    ),
}


@pytest.fixture(scope="module")
def messaging_app(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    cache: dict[str, Path] = {}

    def get(case: str) -> Path:
        if case not in cache:
            dst = tmp_path_factory.mktemp(f"messaging-{case}") / "shop"
            cache[case] = render(dst, answers(DEFAULT_DRIVER, **CASES[case][0]))
        return cache[case]

    return get


def go_files(app: Path) -> dict[str, str]:
    """Every Go file of the app and its go.mod, by path."""
    files = [*sorted(app.rglob("*.go")), app / "go.mod"]
    return {p.relative_to(app).as_posix(): p.read_text() for p in files}


@pytest.mark.parametrize("case", list(CASES))
def test_only_the_chosen_providers_are_rendered(
    messaging_app: Callable[[str], Path], case: str
) -> None:
    app = messaging_app(case)
    _, present, absent, must, must_not = CASES[case]
    for rel in ALWAYS + present:
        assert (app / rel).is_file(), f"{case}: {rel} missing"
    for rel in absent:
        assert not (app / rel).exists(), f"{case}: {rel} rendered"
    files = go_files(app)
    for needle in must:
        assert any(needle in text for text in files.values()), f"{case}: nothing mentions {needle}"
    for pattern in must_not:
        for rel, text in files.items():
            found = re.search(f".*{pattern}.*", text)
            assert found is None, f"{case}: {rel} mentions {pattern!r}: {found.group(0).strip()}"


@pytest.mark.parametrize("case", list(CASES))
def test_provider_defaults_follow_the_answers(
    messaging_app: Callable[[str], Path], case: str
) -> None:
    app = messaging_app(case)
    email, sms = CASES[case][0]["email_provider"], CASES[case][0]["sms_provider"]
    auth = (app / "internal/config/auth.go").read_text()
    want_email = "smtp" if email == "mailpit" else email
    assert f'"email.provider": "{want_email}"' in auth
    assert f'"sms.provider":   "{sms}"' in auth


@pytest.mark.parametrize("case", list(CASES))
def test_messaging_go_is_gofmt_clean(messaging_app: Callable[[str], Path], case: str) -> None:
    app = messaging_app(case)
    dirs = [EMAIL, SMS, "internal/config"]
    with local.cwd(app):
        unformatted = local["gofmt"]("-l", *dirs)
    assert unformatted.strip() == "", f"{case}: gofmt would change:\n{unformatted}"
