"""Mailpit as the SMTP sink of the auth e2e tests: a real SMTP server on a loopback port whose
HTTP API (https://mailpit.axllent.org/docs/api-v1/) lets a test read what an app sent.

Built once from the Go module proxy (tools.mailpit(), version pinned in tools.py). The API's
field names (ID, To, Subject, Text, HTML; the headers endpoint's map of lists) are those of
Mailpit's server/apiv1 and internal/storage structs at that version.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support import tools
from tests.support.server import free_port
from tests.support.services import read_log, terminate


@dataclass(frozen=True)
class Message:
    """One captured message: its addresses, subject, both bodies and its raw headers."""

    id: str
    subject: str
    sender: str
    to: list[str]
    text: str
    html: str
    #: Every header as sent, names as written (Mailpit returns Go's mail.Header).
    headers: dict[str, list[str]]
    raw: dict[str, Any] = field(repr=False)

    def header(self, name: str) -> str | None:
        """The first value of header name, looked up case-insensitively."""
        for key, values in self.headers.items():
            if key.lower() == name.lower() and values:
                return values[0]
        return None


class Mailpit:
    """A Mailpit process on free loopback ports, its database in state_dir.

    The ports stay the same across stop() and start(), so an app configured once keeps
    pointing at it: stop() simulates the sink being down, start() its restart (messages
    kept, as the database file survives); fail_smtp() makes it answer SMTP errors instead.
    """

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.host = "127.0.0.1"
        self.smtp_port = free_port()
        self.http_port = free_port()
        self.log_path = state_dir / "mailpit.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    def env(self, prefix: str) -> dict[str, str]:
        """The generated app's SMTP settings pointing at this sink (plain SMTP on loopback)."""
        return {
            f"{prefix}_EMAIL_PROVIDER": "smtp",
            f"{prefix}_EMAIL_SMTP_HOST": self.host,
            f"{prefix}_EMAIL_SMTP_PORT": str(self.smtp_port),
            f"{prefix}_EMAIL_SMTP_TLS": "none",
        }

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        """Start Mailpit and wait until both its API and its SMTP port answer."""
        if self.running:
            return
        binary = tools.ensure(tools.mailpit())
        args = [
            str(binary),
            "--smtp",
            f"{self.host}:{self.smtp_port}",
            "--listen",
            f"{self.host}:{self.http_port}",
            "--database",
            str(self.state_dir / "mailpit.db"),
            # An app may log in with any username and password, over plain SMTP on loopback.
            "--smtp-auth-accept-any",
            "--smtp-auth-allow-insecure",
            # Nothing reaches out of the machine: no reverse DNS, no update check.
            "--smtp-disable-rdns",
            "--disable-version-check",
            # Lets fail_smtp() make SMTP answer errors (no failure until it is called).
            "--enable-chaos",
        ]
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(
                    f"mailpit exited {self._process.returncode} at start:\n{self.log()}"
                )
            if self._answers():
                return
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"mailpit did not become ready in {timeout}s:\n{self.log()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.api_url + "/readyz", timeout=2) as resp:
                if resp.status != 200:
                    return False
            with socket.create_connection((self.host, self.smtp_port), timeout=2) as sock:
                return sock.recv(3) == b"220"
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL); its ports refuse connections afterwards."""
        terminate(self._process, timeout)
        self._process = None

    def log(self) -> str:
        return read_log(self.log_path)

    def _api(self, method: str, path: str, body: Any = None) -> Any:
        if not self.running:
            raise AssertionError(f"mailpit is not running (log:\n{self.log()})")
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.api_url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                payload = resp.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(
                f"mailpit {method} {path} answered {exc.code}: {exc.read()!r}"
            ) from exc
        if "json" in (resp.headers.get("Content-Type") or ""):
            return json.loads(payload)
        return payload.decode(errors="replace")

    def messages(self, limit: int = 500) -> list[dict[str, Any]]:
        """Summaries of the stored messages, newest first (ID, From, To, Subject, Snippet...)."""
        return list(self._api("GET", f"/api/v1/messages?limit={limit}")["messages"])

    def count(self) -> int:
        return int(self._api("GET", "/api/v1/messages?limit=1")["total"])

    def message(self, message_id: str) -> Message:
        """One message in full: bodies from /api/v1/message/{id}, headers from .../headers."""
        data = self._api("GET", f"/api/v1/message/{message_id}")
        headers = self._api("GET", f"/api/v1/message/{message_id}/headers")
        sender = data.get("From") or {}
        return Message(
            id=data["ID"],
            subject=data["Subject"],
            sender=sender.get("Address", ""),
            to=[a["Address"] for a in data.get("To") or []],
            text=data["Text"],
            html=data["HTML"],
            headers=headers,
            raw=data,
        )

    def wait_for(self, to: str, timeout: float = 10.0, count: int = 1) -> Message:
        """The newest message to address `to`, once `count` of them have arrived.

        Fails with the addresses Mailpit does hold if none arrives in time.
        """
        deadline = time.monotonic() + timeout
        seen: list[list[str]] = []
        while True:
            summaries = self.messages()
            seen = [[a["Address"] for a in m.get("To") or []] for m in summaries]
            matching = [
                m
                for m, addresses in zip(summaries, seen, strict=True)
                if to.lower() in (a.lower() for a in addresses)
            ]
            if len(matching) >= count:
                return self.message(matching[0]["ID"])
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"no message to {to} within {timeout}s (want {count}, have "
                    f"{len(matching)}); recipients held: {seen}"
                )
            time.sleep(0.1)

    def delete_all(self) -> None:
        """Remove every stored message (DELETE /api/v1/messages with no IDs)."""
        self._api("DELETE", "/api/v1/messages")

    def fail_smtp(self, *, sender: int | None = None, recipient: int | None = None) -> None:
        """Make every SMTP delivery fail with an error code, or (no arguments) succeed again.

        sender fails MAIL FROM, recipient fails RCPT TO: 4xx is what a sink that is briefly
        unable answers (an app should retry), 5xx a permanent refusal. Mailpit's "chaos"
        triggers (PUT /api/v1/chaos) at 100% probability; they are not kept across a restart.
        """
        triggers = {
            "Sender": {"ErrorCode": sender or 451, "Probability": 100 if sender else 0},
            "Recipient": {"ErrorCode": recipient or 451, "Probability": 100 if recipient else 0},
            "Authentication": {"ErrorCode": 535, "Probability": 0},
        }
        self._api("PUT", "/api/v1/chaos", triggers)
