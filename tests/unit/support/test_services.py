"""The shared service-process helpers: stopping and reading logs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.services import read_log, terminate


def test_terminate_stops_a_running_process_and_closes_its_pipe() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], stdout=subprocess.PIPE
    )
    terminate(proc, timeout=5)
    assert proc.poll() is not None
    assert proc.stdout is not None and proc.stdout.closed


def test_terminate_kills_a_process_that_ignores_sigterm() -> None:
    code = (
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print(1, flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"1\n"  # handler installed
    terminate(proc, timeout=0.5)
    assert proc.returncode == -9


def test_terminate_accepts_a_finished_or_missing_process() -> None:
    terminate(None)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    terminate(proc)
    assert proc.returncode == 0


def test_read_log(tmp_path: Path) -> None:
    log = tmp_path / "service.log"
    assert read_log(log) == ""
    log.write_bytes(b"ready\n\xff")
    assert read_log(log) == "ready\n\ufffd"
