"""The part every fake provider API of the test kit (SendGrid, Twilio) shares: its own
pytest-httpserver on a free loopback port, the messages it accepted, and scripted failures
(an outage, the next answers 429 with Retry-After or another status)."""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

from pytest_httpserver import HTTPServer

M = TypeVar("M")


class ProviderFake(Generic[M]):
    """Subclasses name the provider, record what they accept in `messages` and `requests`
    (under `_lock`), and register their handler in reset() after calling this one."""

    #: The provider's name in assertion messages.
    name = "provider"

    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0)
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """Stands for the provider's API origin (https://api.<provider>.com)."""
        return f"http://{self.server.host}:{self.server.port}"

    def start(self) -> None:
        if not self.server.is_running():
            self.server.start()

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()

    def reset(self) -> None:
        """Back to a fresh state: no messages, requests, outage or scripted failures, and no
        handler (the subclass registers its own)."""
        with self._lock:
            self.outage = False
            self.messages: list[M] = []
            self.requests: list[object] = []
            self._scripted: list[tuple[int, dict[str, str]]] = []
        self.server.clear()

    def throttle(self, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` requests 429 Too Many Requests with Retry-After seconds."""
        with self._lock:
            self._scripted += [(429, {"Retry-After": str(retry_after)})] * times

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next `times` requests with status (e.g. 500, 503, 400)."""
        with self._lock:
            self._scripted += [(status, {})] * times

    def _next_answer(self) -> tuple[bool, tuple[int, dict[str, str]] | None]:
        """Whether the provider is down, and the scripted answer the next request takes."""
        with self._lock:
            return self.outage, (self._scripted.pop(0) if self._scripted else None)

    def _is_to(self, message: M, recipient: str) -> bool:
        raise NotImplementedError

    def sent_to(self, recipient: str) -> list[M]:
        with self._lock:
            return [m for m in self.messages if self._is_to(m, recipient)]

    def wait_for(self, recipient: str, timeout: float = 10.0) -> M:
        """The newest message to recipient, waiting up to timeout seconds for one to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.sent_to(recipient)
            if found:
                return found[-1]
            if time.monotonic() >= deadline:
                raise AssertionError(f"no {self.name} message to {recipient} within {timeout}s")
            time.sleep(0.05)
