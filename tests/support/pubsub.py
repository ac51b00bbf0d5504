"""pstest, the Pub/Sub fake of cloud.google.com/go/pubsub/v2 (a real gRPC Pub/Sub API in memory),
as a separate process for the e2e tests of a Pub/Sub app: tests/support/pstestd serves it on a
loopback port, and the app's client reaches it through PUBSUB_EMULATOR_HOST.

pstestd is built once from this repository into the tools cache (tools.pstestd()); .ci/setup
builds it too. The app creates its topics and subscriptions itself (`<P>_JOBS_AUTO_CREATE`), and
tests read dead letters through the app's own `worker dlq list`, so no Python Pub/Sub client is
needed here.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import tools
from tests.support.server import free_port
from tests.support.services import read_log, terminate

#: The resource names env() gives an app; any will do, as pstest starts empty.
PROJECT_ID = "tracks-test"
TOPIC = "jobs"
SUBSCRIPTION = "jobs-worker"
DLQ_TOPIC = "jobs-dead"


class Pstest:
    """A pstestd process on a free loopback port, its output in state_dir/pstestd.log.

    The port stays the same across stop() and start(), so an app configured once keeps
    pointing at it: stop() simulates Pub/Sub being down, start() its return (with empty state:
    pstest keeps everything in memory).
    """

    def __init__(self, state_dir: Path, port: int | None = None) -> None:
        self.state_dir = state_dir
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.log_path = state_dir / "pstestd.log"
        self._process: subprocess.Popen[str] | None = None

    @property
    def address(self) -> str:
        """host:port, the form PUBSUB_EMULATOR_HOST takes."""
        return f"{self.host}:{self.port}"

    def env(self, prefix: str) -> dict[str, str]:
        """A Pub/Sub app's settings for this server: the emulator host, the four resource
        names, and auto-creation (pstest starts without topics or subscriptions)."""
        return {
            "PUBSUB_EMULATOR_HOST": self.address,
            f"{prefix}_JOBS_PROVIDER": "pubsub",
            f"{prefix}_JOBS_PUBSUB_PROJECT_ID": PROJECT_ID,
            f"{prefix}_JOBS_PUBSUB_TOPIC": TOPIC,
            f"{prefix}_JOBS_PUBSUB_SUBSCRIPTION": SUBSCRIPTION,
            f"{prefix}_JOBS_PUBSUB_DLQ_TOPIC": DLQ_TOPIC,
            f"{prefix}_JOBS_AUTO_CREATE": "true",
        }

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start pstestd and wait for the address it prints once it listens."""
        if self.running:
            return
        binary = tools.ensure(tools.pstestd())
        log = self.log_path.open("a")
        self._process = subprocess.Popen(
            [str(binary), "-addr", self.address],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        log.close()
        assert self._process.stdout is not None
        # pstestd prints one line once it listens, and nothing else; readline returns "" when
        # it exits first (the port taken, say).
        line = self._process.stdout.readline().strip()
        if line != self.address:
            self.stop()
            raise AssertionError(
                f"pstestd did not start on {self.address} (printed {line!r}):\n{self.log()}"
            )

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL); its port refuses connections afterwards."""
        terminate(self._process, timeout)
        self._process = None

    def log(self) -> str:
        return read_log(self.log_path)


@pytest.fixture(scope="session")
def pstest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pstest]:
    """One pstestd per session (per xdist worker). Register it where it is used with
    `from tests.support.pubsub import pstest  # noqa: F401` or in a conftest."""
    server = Pstest(tmp_path_factory.mktemp("pstest"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
