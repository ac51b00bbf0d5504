"""Identifier and secret generators for the Tracks Copier template.

Generated projects need values that must be unique or secret at render time: ids for
seed rows and migrations (UUIDv7, which sorts by creation time and so keeps B-tree
indexes compact) and keys for sessions and CSRF tokens. Python 3.11 has no
``uuid.uuid7``, so it is implemented here from RFC 9562.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from typing import Final

__all__ = ["random_hex", "uuid7"]

_COUNTER_BITS: Final = 12  # rand_a, used as the RFC 9562 "fixed-length dedicated counter"
_COUNTER_MAX: Final = (1 << _COUNTER_BITS) - 1
# A fresh millisecond seeds the counter at random but below half its range, leaving at
# least 2048 increments before it overflows (RFC 9562 section 6.2, method 1).
_COUNTER_SEED_BITS: Final = _COUNTER_BITS - 1
_TIMESTAMP_MAX: Final = (1 << 48) - 1


class _UUID7State:
    """Last timestamp and counter handed out, shared by every caller in the process.

    Keeping them lets :func:`uuid7` guarantee strictly increasing values even when many
    ids are made within one millisecond or the wall clock steps backwards.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_ms = -1
        self.counter = 0


_STATE: Final = _UUID7State()


def _next_timestamp_and_counter() -> tuple[int, int]:
    """Return the (unix ms, counter) pair for the next id, strictly after the last one."""
    now_ms = time.time_ns() // 1_000_000
    with _STATE.lock:
        if now_ms > _STATE.last_ms:
            _STATE.last_ms = now_ms
            _STATE.counter = secrets.randbits(_COUNTER_SEED_BITS)
        else:
            # Same millisecond, or the clock went back: keep the last timestamp and count.
            _STATE.counter += 1
            if _STATE.counter > _COUNTER_MAX:
                # Counter exhausted: borrow the next millisecond, as RFC 9562 allows.
                _STATE.last_ms += 1
                _STATE.counter = 0
        return _STATE.last_ms & _TIMESTAMP_MAX, _STATE.counter


def uuid7() -> str:
    """Return a new RFC 9562 UUIDv7 in lowercase canonical form.

    Layout: 48-bit Unix timestamp in milliseconds, version ``7``, a 12-bit counter in
    ``rand_a`` (random at each new millisecond, incremented within one), variant ``10``
    and 62 random bits from :mod:`secrets`. Successive calls in one process return
    strictly increasing values, so ids made in a loop keep their creation order.
    """
    timestamp_ms, counter = _next_timestamp_and_counter()
    value = (
        (timestamp_ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | secrets.randbits(62)
    )
    return str(uuid.UUID(int=value))


def random_hex(nbytes: int = 32) -> str:
    """Return ``nbytes`` random bytes from :mod:`secrets` as ``2 * nbytes`` hex digits.

    Used for secrets written into generated config (session keys, CSRF keys), so it must
    come from a cryptographically secure source; 32 bytes gives 256 bits of entropy.
    """
    if isinstance(nbytes, bool) or not isinstance(nbytes, int) or nbytes < 1:
        msg = f"random_hex needs a positive whole number of bytes, got {nbytes!r}"
        raise ValueError(msg)
    return secrets.token_hex(nbytes)
