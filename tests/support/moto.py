"""moto in server mode: one local process that speaks the AWS APIs the apps use (SES v2, SNS,
SQS, S3 and S3-as-R2), on a loopback port, for the build matrix and the e2e tests.

moto is pinned in pyproject.toml's test extras (`moto[server]`), which .ci/setup installs;
its `moto_server` entry point runs the server. Tests read what an app sent through moto's own
inspection endpoints (/moto-api/...) or through the AWS API with `client(service)`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.support.server import free_port
from tests.support.services import read_log, terminate

#: The credentials and region every test uses; moto accepts any, the SDKs need some.
ACCESS_KEY_ID = "test"
SECRET_ACCESS_KEY = "test"
REGION = "us-east-1"


def server_command() -> list[str]:
    """The command that starts moto's server: the `moto_server` script beside this Python, or
    on PATH, or the module itself (the script is moto.server:main)."""
    beside = Path(sys.executable).with_name("moto_server")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("moto_server")
    if found:
        return [found]
    return [sys.executable, "-c", "from moto.server import main; main()"]


class Moto:
    """A moto server on a free loopback port, its output in log_path.

    The port stays the same across stop() and start(), so an app configured once keeps
    pointing at it: stop() simulates the provider being down, start() its return (with empty
    state: moto keeps everything in memory).
    """

    def __init__(self, state_dir: Path, port: int | None = None) -> None:
        self.state_dir = state_dir
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.log_path = state_dir / "moto.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def env(self, prefix: str | None = None) -> dict[str, str]:
        """Environment for an app (or an AWS SDK) talking to this server: test credentials,
        region, AWS_ENDPOINT_URL (every service); with the app's prefix also
        `<P>_TEST_AWS_ENDPOINT_URL`, which the app's own `go test` (awstest) reads."""
        env = {
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_ENDPOINT_URL": self.endpoint,
        }
        if prefix:
            env[f"{prefix}_TEST_AWS_ENDPOINT_URL"] = self.endpoint
        return env

    def test_env(self, prefix: str) -> dict[str, str]:
        """Only `<P>_TEST_AWS_ENDPOINT_URL`: what an app's `go test ./...` needs."""
        return {f"{prefix}_TEST_AWS_ENDPOINT_URL": self.endpoint}

    def client(self, service: str) -> Any:
        """A boto3 client for service (s3, sqs, sns, sesv2, ...) against this server."""
        import boto3  # moto depends on boto3; imported here so the module loads without it

        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def start(self, timeout: float = 30.0) -> None:
        """Start the server and wait until its API answers."""
        if self.running:
            return
        if self.answers():
            # Something else holds the port: waiting for "an answer" would take its answers.
            raise AssertionError(f"moto_server: {self.endpoint} is already in use")
        args = [*server_command(), "-H", self.host, "-p", str(self.port)]
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                self._process = None
                raise AssertionError(f"moto_server exited {code} at start:\n{self.log()}")
            if self.answers():
                return
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"moto_server did not become ready in {timeout}s:\n{self.log()}")

    def answers(self) -> bool:
        """Whether the server answers its own dashboard (GET /moto-api/) right now.

        Not data.json: that one answers 500 in some states (see models()).
        """
        try:
            with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL); the port refuses connections afterwards."""
        terminate(self._process, timeout)
        self._process = None

    def log(self) -> str:
        return read_log(self.log_path)

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call moto's own API (/moto-api/...); JSON answers are decoded."""
        if not self.running:
            raise AssertionError(f"moto_server is not running (log:\n{self.log()})")
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.endpoint + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                payload = resp.read()
                content_type = resp.headers.get("Content-Type") or ""
        except urllib.error.HTTPError as exc:
            raise AssertionError(
                f"moto {method} {path} answered {exc.code}: {exc.read()!r}"
            ) from exc
        if "json" in content_type or payload[:1] in (b"{", b"["):
            return json.loads(payload)
        return payload.decode(errors="replace")

    def reset(self) -> None:
        """Forget every bucket, queue, topic and sent message (POST /moto-api/reset)."""
        self.api("POST", "/moto-api/reset")

    def models(self, service: str, model: str) -> list[dict[str, Any]]:
        """moto's tracked instances of one model (GET /moto-api/data.json), oldest first.

        moto 5.2.5 answers data.json with 500 once an S3 bucket that held objects has been
        deleted (a deleted object's `status` looks its bucket up), until reset(): tests that
        read sent messages should not delete non-empty buckets on the same server.
        """
        try:
            data = self.api("GET", "/moto-api/data.json")
        except AssertionError as exc:
            raise AssertionError(
                f"{exc}\n(moto's data.json fails after a non-empty S3 bucket is deleted; "
                "reset() the server first)"
            ) from exc
        return list(data.get(service, {}).get(model, []))

    def sent_emails(self) -> list[dict[str, Any]]:
        """The emails SES (v1 or v2) accepted with simple content: source, destinations
        (ToAddresses...), subject, body; raw sends are in models("ses", "RawMessage")."""
        return self.models("ses", "Message")

    def sent_sms(self) -> list[dict[str, Any]]:
        """The SMS that SNS published to phone numbers: phone_number, message, message_id."""
        return self.models("sns", "SMS")
