"""``tracks doctor`` inside an app: what each provider answer (email, SMS, storage, queue) needs.

For the app's answers it reports which settings production would be missing (from the real
environment, plus ``.env`` outside production: the app reads no ``.env`` in production) and,
in development and test, whether the local stand-ins answer: Mailpit or another SMTP server,
moto (or any AWS-compatible endpoint) through ``AWS_ENDPOINT_URL[_<SERVICE>]``, the Pub/Sub
emulator (or the pstest server) through ``PUBSUB_EMULATOR_HOST``, a local fake of SendGrid or
Twilio through the base-URL setting.

Nothing here fails on missing cloud credentials in development: those are only reported. In
production a missing required setting is a failure, as the app itself refuses to start
without it; AWS and Google credentials are only reported even then, because an instance role
or workload identity provides them without any variable.

The variable names follow the app's configuration (internal/config: `<P>_` + the key in upper
case, dots as underscores) and the SDKs' own variables; docs/providers.md lists the same.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from tracks.project import Project

CONNECT_TIMEOUT = 2.0

#: The questions, in report order, with each one's answer in an app without it recorded.
QUESTIONS = {
    "email_provider": "mailpit",
    "sms_provider": "log",
    "storage_provider": "local",
    "queue_provider": "memory",
}
CHECK_NAMES = {
    "email_provider": "email",
    "sms_provider": "sms",
    "storage_provider": "storage",
    "queue_provider": "queue",
}

#: The AWS SDK's per-service endpoint variable (AWS_ENDPOINT_URL_<service id>) per answer.
AWS_SERVICES = {"ses": "SESV2", "sns": "SNS", "s3": "S3", "sqs": "SQS"}
AWS_CREDENTIAL_SOURCES = (
    ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
    ("AWS_PROFILE", "AWS_PROFILE"),
    ("AWS_WEB_IDENTITY_TOKEN_FILE", "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)"),
    ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "container credentials"),
    ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "container credentials"),
)


@dataclass(frozen=True)
class Need:
    """A setting production requires: one variable, or any one of several."""

    names: tuple[str, ...]
    why: str

    def missing(self, settings: Mapping[str, str]) -> bool:
        return not any(settings.get(name) for name in self.names)

    @property
    def label(self) -> str:
        return " or ".join(self.names)


@dataclass(frozen=True)
class Finding:
    """What one provider answer needs here: a verdict and the lines behind it."""

    question: str
    answer: str
    ok: bool
    warning: bool
    detail: str
    hint: str | None


@dataclass(frozen=True)
class Settings:
    """The app's settings as the app would see them here, and the environment they select."""

    prefix: str
    environment: str
    #: The app's own variables (`<P>_...`): the real environment over `.env`.
    values: Mapping[str, str]
    #: The SDKs' variables (AWS_*, PUBSUB_EMULATOR_HOST, GOOGLE_APPLICATION_CREDENTIALS): the
    #: real environment only, as the app never copies `.env` into its process environment.
    sdk: Mapping[str, str]
    #: `.env` as written, to point out SDK variables put there by mistake.
    dotenv: Mapping[str, str]

    def var(self, key: str) -> str:
        """The variable of a config key: `storage.bucket` -> `<P>_STORAGE_BUCKET`."""
        return f"{self.prefix}_{key.upper().replace('.', '_')}"

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(self.var(key)) or default

    @property
    def production(self) -> bool:
        return self.environment not in ("development", "test")


def load_settings(
    project: Project, environ: Mapping[str, str], dotenv: Mapping[str, str]
) -> Settings:
    """The environment (`<P>_ENVIRONMENT`, production when unset, as in the app) and the values:
    the real environment over `.env`, except in production, which reads no `.env`."""
    prefix = project.env_prefix
    key = f"{prefix}_ENVIRONMENT"
    environment = environ.get(key) or dotenv.get(key) or "production"
    local = environment in ("development", "test")
    values = {**dotenv, **environ} if local else dict(environ)
    return Settings(
        prefix=prefix,
        environment=environment,
        values=values,
        sdk=dict(environ),
        dotenv=dict(dotenv) if local else {},
    )


Reach = Callable[[str, int], str | None]


def reach(host: str, port: int) -> str | None:
    """None when host:port accepts a TCP connection, else why not."""
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            return None
    except OSError as exc:
        return str(exc) or type(exc).__name__


def url_address(url: str) -> tuple[str, int] | None:
    """Host and port of an http(s) URL (default ports filled in), or None if it has none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def host_port(text: str) -> tuple[str, int] | None:
    """`host:port` (PUBSUB_EMULATOR_HOST's form) as a pair, or None."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]") or "127.0.0.1", int(port)


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


class Report:
    """Collects one provider's lines: what production lacks, what the local services say."""

    def __init__(self, question: str, answer: str, settings: Settings, probe: Reach) -> None:
        self.question = question
        self.answer = answer
        self.settings = settings
        self.probe = probe
        self.notes: list[str] = []
        self.failures: list[str] = []
        self.warnings: list[str] = []
        self.hints: list[str] = []

    def require(self, *needs: Need) -> None:
        """Settings production needs: a failure in production, a note elsewhere."""
        missing = [n for n in needs if n.missing(self.settings.values)]
        if not missing:
            if needs:
                self.notes.append("production settings present")
            return
        names = ", ".join(n.label for n in missing)
        if self.settings.production:
            self.failures.append(f"missing {names}")
            self.hints.append("; ".join(f"{n.label}: {n.why}" for n in missing))
        else:
            self.notes.append(f"production will need {names}")

    def service(self, what: str, address: tuple[str, int] | None, hint: str) -> None:
        """A server this environment talks to: reachable or not (a warning, never a failure)."""
        if address is None:
            return
        host, port = address
        problem = self.probe(host, port)
        where = f"{host}:{port}"
        if problem is None:
            self.notes.append(f"{what} at {where} answers")
        else:
            self.warnings.append(f"{what} at {where} does not answer ({problem})")
            self.hints.append(hint)

    def sdk_only(self, *names: str) -> None:
        """Warn about SDK variables that sit in `.env` only, where the SDK never sees them."""
        stray = [n for n in names if self.settings.dotenv.get(n) and not self.settings.sdk.get(n)]
        if stray:
            self.warnings.append(
                f"{', '.join(stray)} in .env is not read (the SDK reads the process environment)"
            )
            self.hints.append(f"export {', '.join(stray)} in the shell instead of .env")

    def aws(self, service: str) -> None:
        """An AWS API: the endpoint override (a local server such as moto), region and
        credentials (reported only: a role provides them without variables)."""
        values = self.settings.sdk
        self.sdk_only(
            f"AWS_ENDPOINT_URL_{service}",
            "AWS_ENDPOINT_URL",
            "AWS_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_PROFILE",
        )
        endpoint_var = f"AWS_ENDPOINT_URL_{service}"
        endpoint = values.get(endpoint_var) or values.get("AWS_ENDPOINT_URL")
        if endpoint:
            source = endpoint_var if values.get(endpoint_var) else "AWS_ENDPOINT_URL"
            address = url_address(endpoint)
            if address is not None and is_loopback(address[0]):
                self.service(
                    f"local AWS endpoint ({source})",
                    address,
                    f"start moto: `moto_server -H 127.0.0.1 -p {address[1]}`",
                )
            else:
                self.notes.append(f"endpoint {endpoint} ({source})")
        elif not self.settings.production:
            self.notes.append(
                "no AWS_ENDPOINT_URL: calls go to AWS itself (set it to a local moto_server, "
                "such as http://127.0.0.1:5000, to stay on this machine)"
            )
        if not (values.get("AWS_REGION") or values.get("AWS_DEFAULT_REGION")):
            message = "AWS_REGION is not set (the SDK may still read it from an AWS_PROFILE)"
            (self.warnings if self.settings.production else self.notes).append(message)
            if self.settings.production:
                self.hints.append("set AWS_REGION, such as us-east-1")
        sources = sorted({label for var, label in AWS_CREDENTIAL_SOURCES if values.get(var)})
        if sources:
            self.notes.append("AWS credentials from " + ", ".join(sources))
        else:
            self.notes.append(
                "no AWS credentials in the environment (fine with an instance role; moto "
                "accepts any, such as AWS_ACCESS_KEY_ID=test)"
            )

    def local_fake(self, key: str, default: str, what: str) -> None:
        """A provider's API base URL: outside production a loopback one is a local fake."""
        base = self.settings.get(key, default)
        address = url_address(base)
        if address is not None and is_loopback(address[0]):
            self.service(what, address, f"start the local {what} or unset {self.settings.var(key)}")

    def finding(self) -> Finding:
        ok = not self.failures
        parts = [*self.failures, *self.warnings, *self.notes]
        detail = f"{self.answer}: " + ("; ".join(parts) if parts else "nothing to configure")
        hint = " | ".join(self.hints) if self.hints else None
        return Finding(self.question, self.answer, ok, ok and bool(self.warnings), detail, hint)


def check_email(r: Report) -> None:
    s = r.settings
    if r.answer in ("mailpit", "smtp"):
        r.require(
            Need((s.var("email.from"),), "the address emails come from"),
            Need((s.var("email.smtp.host"),), "the SMTP server's host name"),
        )
        default_host = "" if s.production else "127.0.0.1"
        default_port = "587" if s.production else "1025"
        host = s.get("email.smtp.host", default_host)
        port = s.get("email.smtp.port", default_port)
        if host and port.isdigit() and (not s.production or is_loopback(host)):
            what = "Mailpit (SMTP)" if r.answer == "mailpit" else "SMTP server"
            r.service(
                what,
                (host, int(port)),
                f"run Mailpit (`mailpit --smtp {host}:{port}`) or set "
                f"{s.var('email.smtp.host')} and {s.var('email.smtp.port')}",
            )
    elif r.answer == "ses":
        r.require(Need((s.var("email.from"),), "a verified SES identity emails come from"))
        r.aws(AWS_SERVICES["ses"])
    elif r.answer == "sendgrid":
        r.require(
            Need((s.var("email.from"),), "a verified SendGrid sender"),
            Need((s.var("email.sendgrid.api_key"),), "an API key with the Mail Send permission"),
        )
        r.local_fake("email.sendgrid.base_url", "https://api.sendgrid.com", "SendGrid fake")


def check_sms(r: Report) -> None:
    s = r.settings
    sms_enabled = s.get("auth.sms_enabled", "false").lower() in ("1", "true", "yes")
    if r.answer == "log":
        if sms_enabled and s.production:
            r.failures.append(
                f"{s.var('auth.sms_enabled')} is true but the log provider only writes codes "
                "to the server log"
            )
            r.hints.append("generate the app with sms_provider sns or twilio for real SMS")
        else:
            r.notes.append("codes are written to the server log (development only)")
    elif r.answer == "sns":
        r.aws(AWS_SERVICES["sns"])
    elif r.answer == "twilio":
        if sms_enabled or not s.production:
            r.require(
                Need((s.var("sms.twilio.account_sid"),), "the Twilio account SID (AC...)"),
                Need((s.var("sms.twilio.auth_token"),), "the account's auth token"),
                Need(
                    (s.var("sms.twilio.from"), s.var("sms.twilio.messaging_service_sid")),
                    "a Twilio number in E.164, or a Messaging Service SID (MG...)",
                ),
            )
        else:
            r.notes.append(f"nothing is sent while {s.var('auth.sms_enabled')} is false")
        r.local_fake("sms.twilio.base_url", "https://api.twilio.com", "Twilio fake")


def check_storage(r: Report) -> None:
    s = r.settings
    local_dir = s.get("storage.local_dir", "./data/uploads")
    if r.answer == "local":
        r.notes.append(f"files in {local_dir} ({s.var('storage.local_dir')})")
        return
    bucket = s.get("storage.bucket")
    r.require(Need((s.var("storage.bucket"),), "the bucket files are kept in"))
    if not bucket and not s.production:
        r.notes.append(f"no bucket: files stay in {local_dir} until one is set")
    if r.answer == "s3":
        r.aws(AWS_SERVICES["s3"])
    elif r.answer == "r2":
        r.require(
            Need(
                (s.var("storage.r2_account_id"), s.var("storage.r2_endpoint")),
                "the Cloudflare account id (or the full R2 endpoint URL)",
            ),
            Need((s.var("storage.r2_access_key_id"),), "an R2 API token's access key id"),
            Need((s.var("storage.r2_secret_access_key"),), "an R2 API token's secret"),
        )
        endpoint = s.get("storage.r2_endpoint")
        address = url_address(endpoint) if endpoint else None
        if address is not None and is_loopback(address[0]):
            r.service(
                f"local R2 endpoint ({s.var('storage.r2_endpoint')})",
                address,
                f"start moto: `moto_server -H 127.0.0.1 -p {address[1]}`",
            )


def check_queue(r: Report) -> None:
    s = r.settings
    if r.answer == "memory":
        r.notes.append("jobs run inside the server process and are lost when it stops")
        return
    if r.answer == "sqs":
        r.require(
            Need((s.var("jobs.sqs.queue_url"),), "the URL of the jobs queue"),
            Need((s.var("jobs.sqs.dlq_url"),), "the URL of the dead letter queue"),
        )
        if not s.production and not s.get("jobs.sqs.queue_url"):
            r.notes.append(f"no queue URL: {s.var('jobs.auto_create')} creates the queues")
        r.aws(AWS_SERVICES["sqs"])
    elif r.answer == "pubsub":
        r.require(
            Need(
                (s.var("jobs.pubsub.project_id"),),
                "the Google Cloud project of the topics and subscription",
            ),
        )
        r.sdk_only("PUBSUB_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS")
        emulator = s.sdk.get("PUBSUB_EMULATOR_HOST", "")
        if emulator:
            r.service(
                "Pub/Sub emulator (PUBSUB_EMULATOR_HOST)",
                host_port(emulator),
                "start the emulator (`gcloud beta emulators pubsub start`) or unset "
                "PUBSUB_EMULATOR_HOST",
            )
        elif not s.production:
            r.notes.append(
                "no PUBSUB_EMULATOR_HOST: calls go to Google Cloud (point it at a local "
                "emulator, such as 127.0.0.1:8085, to stay on this machine)"
            )
        if s.sdk.get("GOOGLE_APPLICATION_CREDENTIALS"):
            r.notes.append("Google credentials from GOOGLE_APPLICATION_CREDENTIALS")
        else:
            r.notes.append(
                "no GOOGLE_APPLICATION_CREDENTIALS (fine with workload identity or the emulator)"
            )


CHECKS: dict[str, Callable[[Report], None]] = {
    "email_provider": check_email,
    "sms_provider": check_sms,
    "storage_provider": check_storage,
    "queue_provider": check_queue,
}


def provider_findings(
    project: Project,
    environ: Mapping[str, str] | None = None,
    dotenv: Mapping[str, str] | None = None,
    probe: Reach = reach,
) -> list[Finding]:
    """One finding per provider question the app answered (apps from before the providers
    existed get the defaults they were generated with)."""
    from tracks.commands.doctor import read_dotenv

    settings = load_settings(
        project,
        os.environ if environ is None else environ,
        read_dotenv(project.root / ".env") if dotenv is None else dotenv,
    )
    findings = []
    for question, default in QUESTIONS.items():
        answer = str(project.answers.get(question) or default)
        report = Report(question, answer, settings, probe)
        CHECKS[question](report)
        findings.append(report.finding())
    return findings


def project_settings(project: Project, environ: Mapping[str, str] | None = None) -> Settings:
    """The app's settings as it would read them here: ``environ`` (default: this process's
    environment) over its ``.env``, which production does not read (:func:`load_settings`)."""
    from tracks.commands.doctor import read_dotenv

    env = os.environ if environ is None else environ
    return load_settings(project, env, read_dotenv(project.root / ".env"))


def environment(project: Project) -> str:
    """`environment: development` as the provider checks judge it, for the report's header."""
    return f"environment: {project_settings(project).environment}"
