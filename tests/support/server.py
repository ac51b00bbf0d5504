"""Start a built app's server on a free loopback port and talk to it over HTTP."""

from __future__ import annotations

import http.client
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


class Headers(dict[str, str]):
    """Response headers, looked up case-insensitively as HTTP defines (Go sends X-Request-Id)."""

    def __init__(self, items: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        for key, value in items or []:
            lower = key.lower()
            super().__setitem__(lower, f"{self[lower]}, {value}" if lower in self else value)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(key.lower(), default)


@dataclass
class Response:
    status: int
    headers: Headers
    body: bytes


def get(url: str, timeout: float = 5.0) -> Response:
    """GET url; HTTP error statuses are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return Response(resp.status, Headers(list(resp.headers.items())), resp.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, Headers(list(exc.headers.items())), exc.read())


def request(
    base_url: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10.0,
) -> Response:
    """One raw HTTP request that follows no redirects and decodes nothing."""
    host = base_url.removeprefix("http://")
    conn = http.client.HTTPConnection(host, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, Headers(resp.getheaders()), resp.read())
    finally:
        conn.close()


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    exit_code: int | None = field(default=None)

    def url(self, path: str) -> str:
        return self.base_url + path

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Response:
        return request(self.base_url, method, path, headers, body)

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
    binary: Path,
    cwd: Path,
    prefix: str,
    env: dict[str, str],
    log_path: Path,
    port: int | None = None,
) -> RunningServer:
    """Start binary in cwd on port (<prefix>_SERVER_ADDR; a free one when None), with env
    added to ours. Pass the port when env must name it too, e.g. in <prefix>_SERVER_BASE_URL."""
    port = port or free_port()
    full_env = dict(os.environ)
    # Metrics off unless env turns them on: the default private address (127.0.0.1:9090,
    # :9090 in production) would be contended by apps running side by side.
    full_env.setdefault(f"{prefix}_OBSERVABILITY_METRICS_ADDR", "off")
    full_env.update(env)
    full_env[f"{prefix}_SERVER_ADDR"] = f"127.0.0.1:{port}"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(binary)], cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT
    )
    return RunningServer(process, f"http://127.0.0.1:{port}", log_path)
