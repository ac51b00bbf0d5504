"""``tracks doctor``'s provider checks: what production lacks, what local services answer;
never a failure over cloud credentials in development."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.cli.conftest import make_project
from tracks.cli import main
from tracks.commands import provider_checks
from tracks.commands.provider_checks import Finding, provider_findings
from tracks.project import Project, find_project

pytestmark = pytest.mark.unit

AWS_ANSWERS = {
    "email_provider": "ses",
    "sms_provider": "sns",
    "storage_provider": "s3",
    "queue_provider": "sqs",
}
OTHER_ANSWERS = {
    "email_provider": "sendgrid",
    "sms_provider": "twilio",
    "storage_provider": "r2",
    "queue_provider": "pubsub",
}
DEV = {"APP_ENVIRONMENT": "development"}


def project(tmp_path: Path, **answers: str) -> Project:
    root = make_project(tmp_path / "app", database="go-libsql", env_prefix="APP", **answers)
    found = find_project(root)
    assert found is not None
    return found


def findings(
    proj: Project,
    environ: dict[str, str],
    dotenv: dict[str, str] | None = None,
    down: set[int] | None = None,
) -> dict[str, Finding]:
    """The findings by question, with every port answering except those in down."""

    def probe(host: str, port: int) -> str | None:
        return "connection refused" if port in (down or set()) else None

    result = provider_findings(proj, environ=environ, dotenv=dotenv or {}, probe=probe)
    return {f.question: f for f in result}


@pytest.fixture
def listener() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


def test_defaults_in_development_pass_and_check_mailpit(tmp_path: Path) -> None:
    got = findings(project(tmp_path), DEV)
    assert [f.answer for f in got.values()] == ["mailpit", "log", "local", "memory"]
    assert all(f.ok and not f.warning for f in got.values()), got
    assert "127.0.0.1:1025 answers" in got["email_provider"].detail
    assert "production will need APP_EMAIL_FROM" in got["email_provider"].detail


def test_mailpit_down_in_development_is_a_warning_naming_it(tmp_path: Path) -> None:
    got = findings(project(tmp_path), DEV, down={1025})["email_provider"]
    assert got.ok and got.warning
    assert "Mailpit (SMTP) at 127.0.0.1:1025 does not answer" in got.detail
    assert got.hint and "mailpit --smtp 127.0.0.1:1025" in got.hint


def test_aws_answers_in_development_never_fail_without_credentials(tmp_path: Path) -> None:
    got = findings(project(tmp_path, **AWS_ANSWERS), DEV)
    assert all(f.ok for f in got.values()), got
    for question in ("email_provider", "sms_provider", "storage_provider", "queue_provider"):
        assert "no AWS credentials" in got[question].detail
        assert "no AWS_ENDPOINT_URL" in got[question].detail
    assert "production will need APP_STORAGE_BUCKET" in got["storage_provider"].detail
    assert "files stay in ./data/uploads" in got["storage_provider"].detail
    queue = got["queue_provider"].detail
    assert "production will need APP_JOBS_SQS_QUEUE_URL, APP_JOBS_SQS_DLQ_URL" in queue
    assert "APP_JOBS_AUTO_CREATE creates the queues" in queue


def test_aws_answers_in_development_probe_the_local_endpoint(tmp_path: Path) -> None:
    env = {
        **DEV,
        "AWS_ENDPOINT_URL": "http://127.0.0.1:5055",
        "AWS_ENDPOINT_URL_S3": "http://localhost:5999",
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
    }
    got = findings(project(tmp_path, **AWS_ANSWERS), env, down={5999})
    assert "local AWS endpoint (AWS_ENDPOINT_URL) at 127.0.0.1:5055 answers" in (
        got["email_provider"].detail
    )
    assert "AWS credentials from AWS_ACCESS_KEY_ID" in got["sms_provider"].detail
    storage = got["storage_provider"]
    assert storage.ok and storage.warning
    assert "(AWS_ENDPOINT_URL_S3) at localhost:5999 does not answer" in storage.detail
    assert storage.hint and "moto_server -H 127.0.0.1 -p 5999" in storage.hint


def test_sdk_variables_in_dotenv_are_pointed_out(tmp_path: Path) -> None:
    dotenv = {**DEV, "AWS_ENDPOINT_URL": "http://127.0.0.1:5055"}
    got = findings(project(tmp_path, **AWS_ANSWERS), {}, dotenv=dotenv)["email_provider"]
    assert got.ok and got.warning
    assert "AWS_ENDPOINT_URL in .env is not read" in got.detail
    assert got.hint and "export AWS_ENDPOINT_URL" in got.hint


def test_production_fails_naming_each_missing_variable(tmp_path: Path) -> None:
    got = findings(project(tmp_path, **OTHER_ANSWERS), {"APP_AUTH_SMS_ENABLED": "true"})
    assert not any(f.ok for f in got.values()), got
    email = got["email_provider"]
    assert "missing APP_EMAIL_FROM, APP_EMAIL_SENDGRID_API_KEY" in email.detail
    assert email.hint and "Mail Send" in email.hint
    sms = got["sms_provider"].detail
    assert "APP_SMS_TWILIO_ACCOUNT_SID" in sms and "APP_SMS_TWILIO_AUTH_TOKEN" in sms
    assert "APP_SMS_TWILIO_FROM or APP_SMS_TWILIO_MESSAGING_SERVICE_SID" in sms
    storage = got["storage_provider"].detail
    assert "APP_STORAGE_BUCKET" in storage
    assert "APP_STORAGE_R2_ACCOUNT_ID or APP_STORAGE_R2_ENDPOINT" in storage
    assert (
        "APP_STORAGE_R2_ACCESS_KEY_ID" in storage and "APP_STORAGE_R2_SECRET_ACCESS_KEY" in storage
    )
    assert "APP_JOBS_PUBSUB_PROJECT_ID" in got["queue_provider"].detail


def test_production_reads_no_dotenv(tmp_path: Path) -> None:
    """Settings only in .env do not count in production, as the app ignores .env there."""
    proj = project(tmp_path, **AWS_ANSWERS)
    dotenv = {
        "APP_STORAGE_BUCKET": "files",
        "APP_JOBS_SQS_QUEUE_URL": "https://sqs/x",
        "APP_JOBS_SQS_DLQ_URL": "https://sqs/x-dlq",
    }
    got = findings(proj, {"APP_ENVIRONMENT": "production"}, dotenv=dotenv)
    assert not got["storage_provider"].ok
    environ = {"APP_ENVIRONMENT": "production", **dotenv, "APP_EMAIL_FROM": "a@example.com"}
    got = findings(proj, environ)
    assert all(f.ok for f in got.values()), got
    # No credentials and no region: reported, never a failure (a role may provide them).
    assert got["storage_provider"].warning
    assert "AWS_REGION is not set" in got["storage_provider"].detail


def test_production_with_everything_set_passes(tmp_path: Path) -> None:
    environ = {
        "APP_EMAIL_FROM": "no-reply@example.com",
        "APP_EMAIL_SENDGRID_API_KEY": "SG.x",
        "APP_AUTH_SMS_ENABLED": "true",
        "APP_SMS_TWILIO_ACCOUNT_SID": "AC1",
        "APP_SMS_TWILIO_AUTH_TOKEN": "t",
        "APP_SMS_TWILIO_MESSAGING_SERVICE_SID": "MG1",
        "APP_STORAGE_BUCKET": "files",
        "APP_STORAGE_R2_ACCOUNT_ID": "acc",
        "APP_STORAGE_R2_ACCESS_KEY_ID": "k",
        "APP_STORAGE_R2_SECRET_ACCESS_KEY": "s",
        "APP_JOBS_PUBSUB_PROJECT_ID": "proj",
    }
    got = findings(project(tmp_path, **OTHER_ANSWERS), environ)
    assert all(f.ok and not f.warning for f in got.values()), got
    assert "production settings present" in got["email_provider"].detail


def test_log_sms_with_sms_login_fails_in_production_only(tmp_path: Path) -> None:
    proj = project(tmp_path)
    on = {"APP_AUTH_SMS_ENABLED": "true"}
    assert not findings(proj, on)["sms_provider"].ok
    assert findings(proj, {**DEV, **on})["sms_provider"].ok


def test_local_fakes_and_emulator_are_probed(tmp_path: Path) -> None:
    env = {
        **DEV,
        "APP_EMAIL_SENDGRID_BASE_URL": "http://127.0.0.1:7001",
        "APP_SMS_TWILIO_BASE_URL": "http://127.0.0.1:7002",
        "APP_STORAGE_R2_ENDPOINT": "http://127.0.0.1:7003",
        "PUBSUB_EMULATOR_HOST": "127.0.0.1:8085",
    }
    got = findings(project(tmp_path, **OTHER_ANSWERS), env, down={8085})
    assert "SendGrid fake at 127.0.0.1:7001 answers" in got["email_provider"].detail
    assert "Twilio fake at 127.0.0.1:7002 answers" in got["sms_provider"].detail
    assert "127.0.0.1:7003 answers" in got["storage_provider"].detail
    queue = got["queue_provider"]
    assert queue.ok and queue.warning
    assert "Pub/Sub emulator (PUBSUB_EMULATOR_HOST) at 127.0.0.1:8085 does not answer" in (
        queue.detail
    )


def test_an_app_without_provider_answers_gets_the_defaults(tmp_path: Path) -> None:
    got = findings(project(tmp_path), DEV)
    assert {q: f.answer for q, f in got.items()} == provider_checks.QUESTIONS


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("127.0.0.1:8085", ("127.0.0.1", 8085)),
        ("[::1]:8085", ("::1", 8085)),
        ("localhost", None),
        (":8085", ("127.0.0.1", 8085)),
    ],
)
def test_host_port(text: str, address: tuple[str, int] | None) -> None:
    assert provider_checks.host_port(text) == address


def test_url_address() -> None:
    assert provider_checks.url_address("http://127.0.0.1:5055") == ("127.0.0.1", 5055)
    assert provider_checks.url_address("https://api.sendgrid.com") == ("api.sendgrid.com", 443)
    assert provider_checks.url_address("not a url") is None


def test_doctor_reports_providers_with_a_real_socket(
    tmp_path: Path,
    listener: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_project(tmp_path / "app", database="postgres", env_prefix="APP", **AWS_ANSWERS)
    (root / ".env").write_text("APP_ENVIRONMENT=development\n", encoding="utf-8")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_ENDPOINT_URL_SESV2"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("APP_ENVIRONMENT", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{listener}")
    monkeypatch.setenv("APP_DATABASE_URL", f"postgres://127.0.0.1:{listener}/app")
    monkeypatch.chdir(root)

    main(["doctor", "--json"])
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    for name in ("email", "sms", "storage", "queue"):
        assert checks[name]["ok"] is True, checks[name]
        assert f"127.0.0.1:{listener} answers" in str(checks[name]["detail"])

    main(["doctor"])
    out = capsys.readouterr().out
    assert "environment: development" in out
    assert any(line.startswith("ok   email") and "ses:" in line for line in out.splitlines())
