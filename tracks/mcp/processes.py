"""The server's child processes (Linux ``/proc``): stopped when the server shuts down, so a
client that hangs up in the middle of a test run leaves no ``go test`` behind."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

PROC = Path("/proc")
GRACE = 5.0


def parents() -> dict[int, int]:
    """Each live process's parent, by process id; empty without ``/proc``."""
    found: dict[int, int] = {}
    if not PROC.is_dir():
        return found
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces and ")"
        if fields[0] != "Z":
            found[int(entry.name)] = int(fields[1])
    return found


def descendants(pid: int) -> set[int]:
    """The live processes below ``pid``."""
    table = parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in table.items() if parent in frontier} - found
        found |= frontier
    return found


def signal_all(pids: set[int], number: int) -> None:
    for pid in pids:
        with contextlib.suppress(OSError):  # gone already
            os.kill(pid, number)


def stop_children(grace: float = GRACE) -> None:
    """SIGTERM every process below this one, then SIGKILL what is left after ``grace``."""
    left = descendants(os.getpid())
    signal_all(left, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left &= descendants(os.getpid())
    signal_all(left, signal.SIGKILL)
