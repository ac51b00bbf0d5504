"""The shared part of the fake provider APIs: scripted answers, outage, waiting for messages."""

from __future__ import annotations

import pytest

from tests.support.httpfake import ProviderFake


class NoteFake(ProviderFake[str]):
    name = "Note"

    def __init__(self) -> None:
        super().__init__()
        self.reset()

    def _is_to(self, message: str, recipient: str) -> bool:
        return message.startswith(recipient + ":")


def test_scripted_answers_are_taken_in_order_then_none() -> None:
    fake = NoteFake()
    fake.throttle(times=2, retry_after=7)
    fake.fail_next(503)
    answers = [fake._next_answer() for _ in range(4)]
    assert answers == [
        (False, (429, {"Retry-After": "7"})),
        (False, (429, {"Retry-After": "7"})),
        (False, (503, {})),
        (False, None),
    ]
    fake.outage = True
    assert fake._next_answer() == (True, None)
    fake.reset()
    assert fake._next_answer() == (False, None) and fake.messages == []


def test_wait_for_returns_the_newest_message_or_names_the_provider() -> None:
    fake = NoteFake()
    fake.messages += ["ann:first", "bob:other", "ann:second"]
    assert fake.sent_to("ann") == ["ann:first", "ann:second"]
    assert fake.wait_for("ann", timeout=0.1) == "ann:second"
    with pytest.raises(AssertionError, match=r"no Note message to carol within 0\.1s"):
        fake.wait_for("carol", timeout=0.1)


def test_base_url_is_the_loopback_server() -> None:
    fake = NoteFake()
    fake.start()
    try:
        assert fake.base_url == f"http://127.0.0.1:{fake.server.port}"
    finally:
        fake.stop()
