"""A fake of SendGrid's v3 Mail Send API for the provider tests, served by pytest-httpserver on
a loopback port.

The generated app takes SendGrid's origin from `<P>_EMAIL_SENDGRID_BASE_URL`, so `env()` points
it here. What is faked, as SendGrid documents it ("Mail Send" v3 reference and its errors page):
- POST /v3/mail/send with `Authorization: Bearer <api key>` and a JSON body: `personalizations`
  (1..1000, each with a non-empty `to` list of `{"email", "name"?}`), `from` `{"email", "name"?}`,
  optional `reply_to`, `subject` (top level or per personalization), `content` (non-empty, each
  `{"type", "value"}`, text/plain first), optional `headers` (strings only).
- 202 with an empty body and `X-Message-Id` when the message is accepted.
- 401 `{"errors": [{"message": ..., "field": null, "help": null}]}` for a missing or wrong key,
  400 with the same shape (naming the field) for a malformed message, 413 for a body over 30 MB,
  415 for a body that is not JSON.
- `throttle(n, retry_after)`: the next n requests answer 429 with `Retry-After`, as SendGrid's
  rate limits do; `fail_next(status)` answers the next request with that status (5xx, 4xx);
  `outage = True` answers every request 503 (provider down).
Every request is kept in `requests` (accepted or not); accepted messages in `messages`.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from werkzeug import Request, Response

from tests.support.httpfake import ProviderFake

API_KEY = "SG.tracks-e2e.sendgrid-test-key"
MAX_BODY_BYTES = 30 * 1024 * 1024
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class SentEmail:
    """One accepted message, flattened for assertions (the JSON as sent is in `raw`)."""

    message_id: str
    to: list[str]
    sender: str
    sender_name: str | None
    subject: str
    text: str | None
    html: str | None
    reply_to: str | None
    headers: dict[str, str]
    raw: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the fake saw it, with the status it answered."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


class SendGridFake(ProviderFake[SentEmail]):
    """SendGrid's Mail Send endpoint on a pytest-httpserver HTTPServer of its own."""

    name = "SendGrid"

    def __init__(self, api_key: str = API_KEY) -> None:
        super().__init__()
        self.api_key = api_key
        self.reset()

    def env(self, prefix: str) -> dict[str, str]:
        """The generated app's settings for its `sendgrid` email provider pointing here."""
        return {
            f"{prefix}_EMAIL_PROVIDER": "sendgrid",
            f"{prefix}_EMAIL_SENDGRID_API_KEY": self.api_key,
            f"{prefix}_EMAIL_SENDGRID_BASE_URL": self.base_url,
        }

    def reset(self) -> None:
        """Back to a fresh state: no messages, requests, outage or scripted failures."""
        super().reset()
        self.server.expect_request("/v3/mail/send", method="POST").respond_with_handler(self._send)

    def _is_to(self, message: SentEmail, recipient: str) -> bool:
        return recipient in message.to

    # The handler (runs on the server's thread).

    def _send(self, req: Request) -> Response:
        body = req.get_data()
        resp = self._answer(req, body)
        with self._lock:
            self.requests.append(
                ReceivedRequest(req.method, req.path, dict(req.headers), body, resp.status_code)
            )
        return resp

    def _answer(self, req: Request, body: bytes) -> Response:
        outage, scripted = self._next_answer()
        if outage:
            return _errors(503, "Service Unavailable")
        auth = req.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[len("Bearer ") :] != self.api_key:
            return _errors(401, "The provided authorization grant is invalid, expired, or revoked")
        if scripted is not None:
            status, headers = scripted
            resp = _errors(status, _REASONS.get(status, "error"))
            resp.headers.update(headers)
            return resp
        if len(body) > MAX_BODY_BYTES:
            return _errors(413, "The JSON payload you have included in your request is too large")
        if (req.mimetype or "") != "application/json":
            return _errors(415, "Content-Type should be application/json.")
        try:
            mail = json.loads(body)
        except ValueError:
            return _errors(400, "Bad Request", field=None)
        problems = validate_mail(mail)
        if problems:
            return _errors(400, *problems[0])
        message = _flatten(mail, _message_id())
        with self._lock:
            self.messages.append(message)
        return Response("", 202, headers={"X-Message-Id": message.message_id})


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    429: "too many requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def validate_mail(mail: Any) -> list[tuple[str, str | None]]:
    """The problems SendGrid would report for this request body, as (message, field); empty when
    it would accept it."""
    if not isinstance(mail, dict):
        return [("Bad Request", None)]
    problems: list[tuple[str, str | None]] = []
    personalizations = mail.get("personalizations")
    if not isinstance(personalizations, list) or not personalizations:
        problems.append(
            (
                "The personalizations field is required and must have at least one "
                "personalization.",
                "personalizations",
            )
        )
        personalizations = []
    elif len(personalizations) > 1000:
        problems.append(("You may not have more than 1000 personalizations.", "personalizations"))
    for i, p in enumerate(personalizations):
        to = p.get("to") if isinstance(p, dict) else None
        if not isinstance(to, list) or not to:
            problems.append(
                (
                    "The to array is required for all personalization objects, and must have at "
                    "least one email object with a valid email address.",
                    f"personalizations.{i}.to",
                )
            )
            continue
        for j, addr in enumerate(to):
            if not _is_address(addr):
                problems.append(
                    ("Does not contain a valid address.", f"personalizations.{i}.to.{j}.email")
                )
    if not _is_address(mail.get("from")):
        problems.append(
            (
                "The from object must be provided for every email send. It is an object that "
                "requires an email parameter, but may also contain a name parameter.",
                "from.email",
            )
        )
    if "reply_to" in mail and not _is_address(mail["reply_to"]):
        problems.append(("Does not contain a valid address.", "reply_to.email"))
    has_subject = isinstance(mail.get("subject"), str) and mail["subject"] != ""
    if not has_subject and not all(
        isinstance(p, dict) and p.get("subject") for p in personalizations
    ):
        problems.append(
            (
                "The subject is required. You can get around this requirement if you use a "
                "template with a subject defined or if every personalization has a subject "
                "defined.",
                "subject",
            )
        )
    content = mail.get("content")
    if "template_id" not in mail:
        if not isinstance(content, list) or not content:
            problems.append(
                (
                    "Unless a valid template_id is provided, the content parameter is required. "
                    "There must be at least one defined content block. We typically suggest both "
                    "text/plain and text/html blocks are included, but only one block is required.",
                    "content",
                )
            )
        else:
            types = []
            for i, block in enumerate(content):
                if not isinstance(block, dict) or not block.get("type"):
                    problems.append(
                        ("Content types must be at least one character.", f"content.{i}.type")
                    )
                elif not isinstance(block.get("value"), str) or block["value"] == "":
                    problems.append(
                        (
                            "The content value must be a string at least one character in length.",
                            f"content.{i}.value",
                        )
                    )
                else:
                    types.append(block["type"])
            if "text/plain" in types and types[0] != "text/plain":
                problems.append(
                    (
                        "If present, text/plain content must be first, followed by text/html and "
                        "then any other content.",
                        "content",
                    )
                )
    headers = mail.get("headers")
    if headers is not None and (
        not isinstance(headers, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items())
    ):
        problems.append(("Invalid type. Expected: object, given: array.", "headers"))
    return problems


def _is_address(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("email"), str)
        and bool(_EMAIL.match(value["email"]))
        and isinstance(value.get("name", ""), str)
    )


def _flatten(mail: dict[str, Any], message_id: str) -> SentEmail:
    content = {block["type"]: block["value"] for block in mail.get("content", [])}
    to = [addr["email"] for p in mail["personalizations"] for addr in p["to"]]
    reply_to = mail.get("reply_to")
    return SentEmail(
        message_id=message_id,
        to=to,
        sender=mail["from"]["email"],
        sender_name=mail["from"].get("name"),
        subject=mail.get("subject") or mail["personalizations"][0].get("subject", ""),
        text=content.get("text/plain"),
        html=content.get("text/html"),
        reply_to=reply_to["email"] if reply_to else None,
        headers=dict(mail.get("headers") or {}),
        raw=mail,
    )


def _message_id() -> str:
    # SendGrid's X-Message-Id is a 22-character URL-safe token.
    return secrets.token_urlsafe(16)[:22]


def _errors(status: int, message: str, field: str | None = None) -> Response:
    body = {"errors": [{"message": message, "field": field, "help": None}]}
    return Response(json.dumps(body), status, content_type="application/json")
