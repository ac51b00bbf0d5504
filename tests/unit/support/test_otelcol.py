"""tests.support.otelcol and tools.otelcol: the collector builds from this repository with every
collector module at one release, receives OTLP over HTTP and gRPC ports of its own, and writes
what it received where spans() reads it back, ids as hex."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from tests.support import tools
from tests.support.otelcol import KIND_SERVER, Collector, parse_spans

pytestmark = pytest.mark.unit

TRACE_ID = "5b8efff798038103d269b633813fc60c"
SPAN_ID = "eee19b7ec3c1b174"


def export_request(name: str) -> dict[str, object]:
    """An OTLP JSON ExportTraceServiceRequest with one server span."""
    span = {
        "traceId": TRACE_ID,
        "spanId": SPAN_ID,
        "name": name,
        "kind": KIND_SERVER,
        "startTimeUnixNano": "1000",
        "endTimeUnixNano": "2000",
        "attributes": [
            {"key": "http.route", "value": {"stringValue": "/x/{id}"}},
            {"key": "http.response.status_code", "value": {"intValue": "200"}},
        ],
    }
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": "unit"}}]}
    scope = {"scope": {"name": "tracks.test"}, "spans": [span]}
    return {"resourceSpans": [{"resource": resource, "scopeSpans": [scope]}]}


def test_collector_modules_are_all_at_one_release() -> None:
    mod = (tools.otelcol().source / "go.mod").read_text()
    core = set(re.findall(r"go\.opentelemetry\.io/collector/\S+ (v\S+)", mod))
    contrib = set(re.findall(r"opentelemetry-collector-contrib/\S+ (v\S+)", mod))
    # A release tags its stable core modules v1.N.0 beside the v0.M.0 of everything else.
    assert contrib == {"v0.161.0"}, contrib
    assert core <= {"v0.161.0", "v1.67.0"}, core
    assert (tools.otelcol().source / "go.sum").exists()


def test_parse_spans_reads_hex_ids_and_typed_attributes() -> None:
    (span,) = parse_spans(json.dumps(export_request("GET /x/{id}")))
    assert (span.trace_id, span.span_id, span.parent_span_id) == (TRACE_ID, SPAN_ID, "")
    assert span.name == "GET /x/{id}" and span.kind == KIND_SERVER
    assert span.attributes == {"http.route": "/x/{id}", "http.response.status_code": 200}
    assert span.service == "unit" and span.scope == "tracks.test"
    assert (span.start_ns, span.end_ns) == (1000, 2000)


def test_env_points_an_app_at_the_http_receiver(tmp_path: Path) -> None:
    collector = Collector(tmp_path)
    env = collector.env()
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == f"http://127.0.0.1:{collector.http_port}"
    assert env["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
    assert env["OTEL_TRACES_EXPORTER"] == "otlp"
    assert env["OTEL_TRACES_SAMPLER"] == "always_on"


def test_a_span_posted_over_otlp_http_is_read_back(tmp_path: Path) -> None:
    collector = Collector(tmp_path)
    collector.start()
    try:
        assert collector.spans() == []
        body = json.dumps(export_request("GET /unit/{id}")).encode()
        req = urllib.request.Request(
            collector.http_endpoint + "/v1/traces",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 200
        span = collector.wait_for(lambda s: s.name == "GET /unit/{id}", what="the posted span")
        assert span.trace_id == TRACE_ID
        with pytest.raises(AssertionError, match="GET /unit/"):
            collector.wait_for(lambda s: s.name == "never", timeout=0.3)
    finally:
        collector.stop()
    assert not collector.running
