"""Tests for model/identifiers.py: UUIDv7 and random hex secrets."""

from __future__ import annotations

import itertools
import re
import threading
import time
import uuid
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _timestamp_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def _counter(value: str) -> int:
    return (uuid.UUID(value).int >> 64) & 0xFFF


def test_uuid7_layout(identifiers: ModuleType) -> None:
    before = time.time_ns() // 1_000_000
    value = identifiers.uuid7()
    after = time.time_ns() // 1_000_000
    assert CANONICAL_UUID.fullmatch(value)
    parsed = uuid.UUID(value)
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert str(parsed) == value
    # The counter may borrow a few milliseconds ahead when earlier tests made many ids.
    assert before <= _timestamp_ms(value) <= after + 5


def test_uuid7_strictly_increases_over_10000_calls(identifiers: ModuleType) -> None:
    values = [identifiers.uuid7() for _ in range(10_000)]
    parsed = [uuid.UUID(value) for value in values]
    assert all(item.version == 7 for item in parsed)
    assert all(a.int < b.int for a, b in itertools.pairwise(parsed))
    # Lowercase canonical strings sort like the numbers they encode.
    assert values == sorted(values)
    assert len(set(values)) == len(values)


def test_uuid7_increases_with_a_frozen_or_backward_clock(
    identifiers: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within one millisecond the counter counts; when it is spent the timestamp moves on."""
    # A private state, so the far-future timestamps made here do not leak into other tests.
    monkeypatch.setattr(identifiers, "_STATE", identifiers._UUID7State())
    frozen_ns = (time.time_ns() // 1_000_000 + 10_000) * 1_000_000
    monkeypatch.setattr(identifiers.time, "time_ns", lambda: frozen_ns)
    values = [identifiers.uuid7() for _ in range(5_000)]
    # The clock steps back by a second: ids must keep increasing all the same.
    monkeypatch.setattr(identifiers.time, "time_ns", lambda: frozen_ns - 1_000_000_000)
    values += [identifiers.uuid7() for _ in range(100)]
    numbers = [uuid.UUID(value).int for value in values]
    assert all(a < b for a, b in itertools.pairwise(numbers))
    frozen_ms = frozen_ns // 1_000_000
    timestamps = [_timestamp_ms(value) for value in values]
    assert timestamps[0] == frozen_ms
    # 5,100 ids need at most two extra milliseconds of 4,096 counter values each.
    assert max(timestamps) <= frozen_ms + 2
    # A fresh millisecond seeds the counter below half its range.
    assert _counter(values[0]) < 0x800


def test_uuid7_is_unique_across_threads(identifiers: ModuleType) -> None:
    results: list[list[str]] = [[] for _ in range(4)]

    def work(bucket: list[str]) -> None:
        bucket.extend(identifiers.uuid7() for _ in range(1_000))

    threads = [threading.Thread(target=work, args=(bucket,)) for bucket in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    values = [value for bucket in results for value in bucket]
    assert len(set(values)) == 4_000
    for bucket in results:
        assert bucket == sorted(bucket)


@given(st.integers(min_value=1, max_value=512))
def test_random_hex_length(identifiers: ModuleType, nbytes: int) -> None:
    value = identifiers.random_hex(nbytes)
    assert len(value) == 2 * nbytes
    assert re.fullmatch(r"[0-9a-f]+", value)


def test_random_hex_defaults_to_32_bytes(identifiers: ModuleType) -> None:
    first, second = identifiers.random_hex(), identifiers.random_hex()
    assert len(first) == 64
    assert first != second


@pytest.mark.parametrize("nbytes", [0, -1, True, 2.5, "16"])
def test_random_hex_refuses_bad_sizes(identifiers: ModuleType, nbytes: object) -> None:
    with pytest.raises(ValueError, match="positive whole number"):
        identifiers.random_hex(nbytes)
