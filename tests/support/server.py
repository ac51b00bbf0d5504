"""Start a built app's server on a free loopback port and talk to it over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def get(url: str, timeout: float = 5.0) -> Response:
    """GET url; HTTP error statuses are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return Response(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, dict(exc.headers.items()), exc.read())


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    exit_code: int | None = field(default=None)

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until(self, path: str, status: int, timeout: float = 60.0) -> Response:
        """Poll path until it answers status; fail with the server log otherwise."""
        deadline = time.monotonic() + timeout
        last: Response | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited {self.process.returncode}:\n{self.log()}")
            try:
                last = get(self.url(path), timeout=2)
                if last.status == status:
                    return last
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"{path} never answered {status} (last: {last}):\n{self.log()}")

    def terminate(self, timeout: float = 35.0) -> int:
        """Send SIGTERM and wait for the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.exit_code = self.process.wait(timeout=timeout)
        return self.exit_code


def start(
    binary: Path, cwd: Path, prefix: str, env: dict[str, str], log_path: Path
) -> RunningServer:
    """Start binary in cwd on a free port (<prefix>_SERVER_ADDR), with env added to ours."""
    port = free_port()
    full_env = dict(os.environ)
    full_env.update(env)
    full_env[f"{prefix}_SERVER_ADDR"] = f"127.0.0.1:{port}"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(binary)], cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT
    )
    return RunningServer(process, f"http://127.0.0.1:{port}", log_path)
