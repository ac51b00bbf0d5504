"""What the test kit's service processes (moto, Mailpit, pstestd, the OIDC provider) share:
stopping one for good and reading its log."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any


def terminate(process: subprocess.Popen[Any] | None, timeout: float = 10.0) -> None:
    """Stop process (SIGTERM, then SIGKILL after timeout) and close its output pipe, so its
    ports refuse connections once this returns. None (never started) is fine."""
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    if process.stdout is not None:
        process.stdout.close()


def read_log(path: Path) -> str:
    """A service's log so far, for an assertion message ("" before it wrote any)."""
    return path.read_text(errors="replace") if path.exists() else ""
