"""A fake of Twilio's Programmable Messaging REST API (the Message resource) for the provider
tests, served by pytest-httpserver on a loopback port.

The generated app takes Twilio's origin from `<P>_SMS_TWILIO_BASE_URL`, so `env()` points it
here. What is faked, as Twilio documents it ("Message resource: Create a Message", "Errors and
Warnings" dictionary):
- POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth `AccountSid:AuthToken`,
  `application/x-www-form-urlencoded` parameters `To` (E.164), `From` (the account's number) or
  `MessagingServiceSid`, and `Body` (1..1600 characters).
- 201 with the Message resource as JSON (`sid` "SM" + 32 hex, `status` "queued", ...).
- Errors as Twilio sends them, `{"code", "message", "more_info", "status"}`: 401 / 20003 for bad
  credentials, 404 / 20404 for another account's path, 400 / 21604 (no To), 21211 (To not E.164),
  21603 (neither From nor MessagingServiceSid), 21606 (From not this account's number), 21602
  (no Body), 21617 (Body over 1600 characters).
- `throttle(n, retry_after)`: the next n requests answer 429 / 20429 with `Retry-After`;
  `fail_next(status)` answers the next request with that status; `outage = True` answers every
  request 503 (provider down).
Every request is kept in `requests` (accepted or not); accepted messages in `messages`.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from werkzeug import Request, Response

from tests.support.httpfake import ProviderFake

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "tracks-e2e-twilio-token"
#: Twilio's magic test number that accepts every message.
FROM_NUMBER = "+15005550006"
MAX_BODY_CHARS = 1600
_E164 = re.compile(r"^\+[1-9]\d{1,14}$")
_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json$")


@dataclass(frozen=True)
class SentSMS:
    """One accepted message: what the app asked for and the sid Twilio gave it."""

    sid: str
    to: str
    sender: str | None
    messaging_service_sid: str | None
    body: str


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the fake saw it, with the status it answered."""

    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    status: int


class TwilioFake(ProviderFake[SentSMS]):
    """Twilio's Messages endpoint on a pytest-httpserver HTTPServer of its own."""

    name = "Twilio"

    def __init__(
        self,
        account_sid: str = ACCOUNT_SID,
        auth_token: str = AUTH_TOKEN,
        from_number: str = FROM_NUMBER,
    ) -> None:
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.reset()

    def env(self, prefix: str) -> dict[str, str]:
        """The generated app's settings for its `twilio` SMS provider pointing here."""
        key = f"{prefix}_SMS_TWILIO"
        return {
            f"{prefix}_SMS_PROVIDER": "twilio",
            f"{key}_ACCOUNT_SID": self.account_sid,
            f"{key}_AUTH_TOKEN": self.auth_token,
            f"{key}_FROM": self.from_number,
            f"{key}_BASE_URL": self.base_url,
        }

    def reset(self) -> None:
        """Back to a fresh state: no messages, requests, outage or scripted failures."""
        super().reset()
        self.server.expect_request(_PATH, method="POST").respond_with_handler(self._create)

    def _is_to(self, message: SentSMS, recipient: str) -> bool:
        return message.to == recipient

    # The handler (runs on the server's thread).

    def _create(self, req: Request) -> Response:
        form = {k: req.form[k] for k in req.form}
        resp = self._answer(req, form)
        with self._lock:
            self.requests.append(
                ReceivedRequest(req.method, req.path, dict(req.headers), form, resp.status_code)
            )
        return resp

    def _answer(self, req: Request, form: dict[str, str]) -> Response:
        outage, scripted = self._next_answer()
        if outage:
            return _error(503, 20503, "Service Unavailable")
        user, password = _basic_auth(req.headers.get("Authorization", ""))
        if user != self.account_sid or password != self.auth_token:
            return _error(401, 20003, "Authenticate")
        match = _PATH.match(req.path)
        if match is None or match["sid"] != self.account_sid:
            return _error(404, 20404, f"The requested resource {req.path} was not found")
        if scripted is not None:
            status, headers = scripted
            code = 20429 if status == 429 else 20000 + status
            resp = _error(status, code, "Too Many Requests" if status == 429 else "Error")
            resp.headers.update(headers)
            return resp
        if (req.mimetype or "") != "application/x-www-form-urlencoded":
            return _error(400, 20001, "Content-Type must be application/x-www-form-urlencoded")
        problem = validate_message(form, self.from_number)
        if problem is not None:
            return _error(400, *problem)
        message = SentSMS(
            sid="SM" + secrets.token_hex(16),
            to=form["To"],
            sender=form.get("From"),
            messaging_service_sid=form.get("MessagingServiceSid"),
            body=form["Body"],
        )
        with self._lock:
            self.messages.append(message)
        return _json(self._resource(message), 201)

    def _resource(self, m: SentSMS) -> dict[str, Any]:
        now = formatdate(usegmt=True)
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": m.body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": m.sender,
            "messaging_service_sid": m.messaging_service_sid,
            "num_media": "0",
            "num_segments": str(max(1, -(-len(m.body) // 153))),
            "price": None,
            "price_unit": "USD",
            "sid": m.sid,
            "status": "accepted" if m.messaging_service_sid else "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{m.sid}/Media.json"
            },
            "to": m.to,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{m.sid}.json",
        }


def validate_message(form: dict[str, str], from_number: str) -> tuple[int, str] | None:
    """The (error code, message) Twilio would answer 400 with, or None when it accepts it."""
    to = form.get("To", "")
    if not to:
        return 21604, "A 'To' phone number is required."
    if not _E164.match(to):
        return 21211, f"Invalid 'To' Phone Number: {to[:3]}XXXX"
    sender, service = form.get("From", ""), form.get("MessagingServiceSid", "")
    if not sender and not service:
        return 21603, "A 'From' phone number is required."
    if sender and sender != from_number:
        return (
            21606,
            "The 'From' phone number provided is not a valid message-capable Twilio phone "
            "number for this destination/account.",
        )
    if service and not re.match(r"^MG[0-9a-fA-F]{32}$", service):
        return 21701, "The Messaging Service Sid is invalid."
    body = form.get("Body", "")
    if not body:
        return 21602, "Message body is required."
    if len(body) > MAX_BODY_CHARS:
        return 21617, "The concatenated message body exceeds the 1600 character limit."
    return None


def _basic_auth(header: str) -> tuple[str, str]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(value).decode().partition(":")
    except ValueError:
        return "", ""
    return user, password


def _error(status: int, code: int, message: str) -> Response:
    body = {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    return _json(body, status)


def _json(body: dict[str, Any], status: int) -> Response:
    return Response(json.dumps(body), status, content_type="application/json")
