"""A real OpenTelemetry Collector for the tracing tests: the OTLP receiver (HTTP and gRPC) on
free loopback ports and the file exporter writing what arrives as OTLP JSON, one line per batch,
which a test reads back as Span values.

The collector is built once from this repository (tests/support/otelcol, tools.otelcol()) into
the tools cache; .ci/setup builds it too. OTLP JSON spells trace and span ids as lowercase hex
(not base64 as protobuf's generic JSON mapping would), attribute values as one-key objects
({"stringValue": ...}, {"intValue": "42"} with 64-bit integers as strings), and times as
strings of nanoseconds.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support import tools
from tests.support.server import free_port
from tests.support.services import read_log, terminate

#: OTLP span kinds (opentelemetry/proto/trace/v1/trace.proto, SpanKind).
KIND_SERVER = 2
KIND_CLIENT = 3


def attribute_value(value: dict[str, Any]) -> Any:
    """The Python value of an OTLP JSON AnyValue ({"stringValue": "x"} -> "x")."""
    if "stringValue" in value:
        return value["stringValue"]
    if "intValue" in value:
        return int(value["intValue"])
    if "doubleValue" in value:
        return float(value["doubleValue"])
    if "boolValue" in value:
        return bool(value["boolValue"])
    if "arrayValue" in value:
        return [attribute_value(v) for v in value["arrayValue"].get("values", [])]
    if "kvlistValue" in value:
        return attributes(value["kvlistValue"].get("values", []))
    if "bytesValue" in value:
        return value["bytesValue"]
    return None


def attributes(items: list[dict[str, Any]]) -> dict[str, Any]:
    """An OTLP JSON attribute list ([{"key": k, "value": AnyValue}]) as a dict."""
    return {item["key"]: attribute_value(item.get("value", {})) for item in items}


@dataclass(frozen=True)
class Span:
    """One span as the collector received it, with its resource's and scope's names."""

    trace_id: str  # 32 lowercase hex digits
    span_id: str  # 16 lowercase hex digits
    parent_span_id: str  # "" for a root span
    name: str
    kind: int
    attributes: dict[str, Any]
    resource: dict[str, Any]
    scope: str
    status_code: int  # 0 unset, 1 ok, 2 error
    start_ns: int
    end_ns: int
    links: list[dict[str, Any]] = field(default_factory=list)

    @property
    def service(self) -> str:
        return str(self.resource.get("service.name", ""))


def parse_spans(line: str) -> list[Span]:
    """The spans of one line the file exporter wrote (an OTLP JSON ExportTraceServiceRequest)."""
    spans = []
    for resource_spans in json.loads(line).get("resourceSpans", []):
        resource = attributes(resource_spans.get("resource", {}).get("attributes", []))
        for scope_spans in resource_spans.get("scopeSpans", []):
            scope = scope_spans.get("scope", {}).get("name", "")
            for s in scope_spans.get("spans", []):
                spans.append(
                    Span(
                        trace_id=s.get("traceId", ""),
                        span_id=s.get("spanId", ""),
                        parent_span_id=s.get("parentSpanId", ""),
                        name=s.get("name", ""),
                        kind=int(s.get("kind", 0)),
                        attributes=attributes(s.get("attributes", [])),
                        resource=resource,
                        scope=scope,
                        status_code=int(s.get("status", {}).get("code", 0)),
                        start_ns=int(s.get("startTimeUnixNano", 0)),
                        end_ns=int(s.get("endTimeUnixNano", 0)),
                        links=list(s.get("links", [])),
                    )
                )
    return spans


CONFIG = """\
receivers:
  otlp:
    protocols:
      http:
        endpoint: {host}:{http_port}
      grpc:
        endpoint: {host}:{grpc_port}
exporters:
  file:
    path: {path}
    format: json
    # A batch is on disk within 100 ms of arriving, so a test reads it soon after the app sent it.
    flush_interval: 100ms
service:
  telemetry:
    # The collector's own metrics would listen on :8888, shared by every collector a test
    # session starts; the tests read only what the file exporter writes.
    metrics:
      level: none
    logs:
      level: info
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [file]
"""


class Collector:
    """An otelcol process on free loopback ports, its config, output file and log in state_dir.

    `env()` gives an app the standard OTEL_* variables pointing at it (OTLP over HTTP with
    protobuf, every span sampled); `spans()` reads what arrived so far and `wait_for()` polls
    until a span matches.
    """

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.host = "127.0.0.1"
        self.http_port = free_port()
        self.grpc_port = free_port()
        self.spans_path = state_dir / "spans.jsonl"
        self.config_path = state_dir / "otelcol.yaml"
        self.log_path = state_dir / "otelcol.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def http_endpoint(self) -> str:
        """The OTLP/HTTP base URL (the SDK appends /v1/traces)."""
        return f"http://{self.host}:{self.http_port}"

    @property
    def grpc_endpoint(self) -> str:
        return f"http://{self.host}:{self.grpc_port}"

    def env(self, sampler: str = "always_on") -> dict[str, str]:
        """The standard OTEL_* variables that make an app export every span here."""
        return {
            "OTEL_TRACES_EXPORTER": "otlp",
            "OTEL_EXPORTER_OTLP_ENDPOINT": self.http_endpoint,
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
            "OTEL_TRACES_SAMPLER": sampler,
        }

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        """Write the config, start the collector and wait until both OTLP ports accept."""
        if self.running:
            return
        self.config_path.write_text(
            CONFIG.format(
                host=self.host,
                http_port=self.http_port,
                grpc_port=self.grpc_port,
                path=json.dumps(str(self.spans_path)),  # a YAML-safe quoted string
            )
        )
        binary = tools.ensure(tools.otelcol())
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [str(binary), f"--config={self.config_path}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(
                    f"otelcol exited {self._process.returncode} at start:\n{self.log()}"
                )
            if self._accepts(self.http_port) and self._accepts(self.grpc_port):
                return
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"otelcol did not listen within {timeout}s:\n{self.log()}")

    def _accepts(self, port: int) -> bool:
        try:
            with socket.create_connection((self.host, port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the collector (SIGTERM flushes the file exporter; SIGKILL after timeout)."""
        terminate(self._process, timeout)
        self._process = None

    def log(self) -> str:
        return read_log(self.log_path)

    def spans(self) -> list[Span]:
        """Every span written so far, oldest batch first."""
        if not self.spans_path.exists():
            return []
        spans: list[Span] = []
        for line in self.spans_path.read_text().splitlines():
            # The exporter writes whole lines; a line being written as we read is skipped
            # and read again on the next call.
            if not line.strip():
                continue
            try:
                spans.extend(parse_spans(line))
            except json.JSONDecodeError:
                continue
        return spans

    def wait_for(
        self, match: Callable[[Span], bool], timeout: float = 10.0, what: str = "a span"
    ) -> Span:
        """The first span that matches, polling until timeout; fails listing what arrived."""
        deadline = time.monotonic() + timeout
        while True:
            for span in self.spans():
                if match(span):
                    return span
            if time.monotonic() >= deadline:
                names = sorted({f"{s.service}: {s.name}" for s in self.spans()})
                raise AssertionError(
                    f"no {what} within {timeout}s; spans received: {names}\n"
                    f"collector log:\n{self.log()[-3000:]}"
                )
            time.sleep(0.1)


@pytest.fixture(scope="session")
def otel_collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collector]:
    """One collector per session (per xdist worker). Register it where it is used with
    `from tests.support.otelcol import otel_collector  # noqa: F401` or in a conftest.

    Tests share it: give each app its own service name or trace ids to look for, rather than
    clearing the file, so tests in one session do not read each other's spans as theirs.
    """
    collector = Collector(tmp_path_factory.mktemp("otelcol"))
    collector.start()
    try:
        yield collector
    finally:
        collector.stop()
