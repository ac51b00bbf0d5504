"""e2e tier: traces and metrics of the real binary, per driver (spec 40, OBS-1..5).

Spans go to a real OpenTelemetry Collector (tests/support/otelcol.py: OTLP in, a JSON file out)
through the standard OTEL_* variables; the tests find an app's spans by the trace id its own
`request` log line names, so apps sharing the session's collector never read each other's.
Metrics are scraped from the private address the app logs (`metrics listening`, field `addr`)
and parsed with prometheus_client's text parser, as Prometheus would read them.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import server
from tests.support.authflow import Client
from tests.support.metrics import label_values, log_lines, metrics_url, scrape
from tests.support.otelcol import KIND_CLIENT, KIND_SERVER, Collector, Span
from tests.support.provider_apps import plain_env
from tests.support.sendgrid_fake import ReceivedRequest, SendGridFake

pytestmark = pytest.mark.e2e

HEX_TRACE_ID = re.compile(r"^[0-9a-f]{32}$")
#: Metric names the app's private registry exposes (spec 40 OBS-4; `shop` is the project).
DURATION = "http_server_request_duration_seconds"
BUILD_INFO = "shop_build_info"
#: A parameterised route every app has, and a path it matches: no OAuth provider is configured,
#: so the handler answers 404, but the router matched the pattern.
PATTERN = "/auth/oauth/{provider}"
PATTERN_PATH = "/auth/oauth/nosuch"

Start = Callable[..., server.RunningServer]


@pytest.fixture
def start_app(
    built_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
    tmp_path: Path,
) -> Iterator[Start]:
    """Start the driver's app in production mode with extra environment; each app is
    terminated (SIGTERM) at the end of the test unless the test did so, and must exit 0."""
    app = built_app(driver)
    started: list[server.RunningServer] = []

    def start(env: dict[str, str]) -> server.RunningServer:
        full = production_env(database_env(driver), MIDDLEWARE_RATE_LIMIT_REQUESTS="0")
        full.update(env)
        log = tmp_path / f"server-{len(started)}.log"
        running = server.start(app / "bin/server", app, PREFIX, full, log)
        started.append(running)
        running.wait_until("/readyz", 200)
        return running

    yield start
    for running in started:
        if running.exit_code is None:
            assert running.terminate() == 0, running.log()


def request_line(running: server.RunningServer, request_id: str) -> dict[str, Any]:
    """The access log line (message `request`) of the request with that X-Request-ID."""
    for entry in log_lines(running):
        if entry.get("message") == "request" and entry.get("request_id") == request_id:
            return entry
    raise AssertionError(f"no `request` line with request_id {request_id}:\n{running.log()}")


def traced_request(running: server.RunningServer, path: str) -> tuple[server.Response, str]:
    """GET path; the response and the trace id its `request` log line names."""
    resp = running.request("GET", path)
    request_id = resp.headers.get("X-Request-ID")
    assert request_id, f"{path}: no X-Request-ID header"
    # The access line is written when the handler returns, just before the response is done.
    deadline = time.monotonic() + 5
    while True:
        try:
            line = request_line(running, request_id)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    trace_id = str(line.get("trace_id", ""))
    assert HEX_TRACE_ID.match(trace_id), f"{path}: trace_id {trace_id!r} in {line}"
    assert trace_id != "0" * 32, line
    return resp, trace_id


def server_span(collector: Collector, trace_id: str, timeout: float = 10.0) -> Span:
    return collector.wait_for(
        lambda s: s.trace_id == trace_id and s.kind == KIND_SERVER,
        timeout=timeout,
        what=f"server span of trace {trace_id}",
    )


def test_request_span_is_exported_before_exit_with_the_log_lines_ids(
    start_app: Start,
    otel_collector: Collector,
) -> None:
    """OBS-1, OBS-5: the span of a request reaches the collector on SIGTERM, the batch
    processor's timer being a minute away (so shutdown flushed it), with the trace id and span
    id of the request's log line; that line's request_id is the X-Request-ID header."""
    running = start_app({**otel_collector.env(), "OTEL_BSP_SCHEDULE_DELAY": "60000"})
    resp, trace_id = traced_request(running, "/about")
    assert resp.status == 200
    line = request_line(running, resp.headers["X-Request-ID"])
    assert re.match(r"^[0-9a-f]{16}$", str(line.get("span_id", ""))), line
    time.sleep(0.5)
    early = [s.name for s in otel_collector.spans() if s.trace_id == trace_id]
    assert early == [], f"exported before SIGTERM despite the one-minute batch delay: {early}"
    assert running.terminate() == 0, running.log()
    span = server_span(otel_collector, trace_id, timeout=5)
    assert span.span_id == line["span_id"], (span, line)
    assert span.name == "GET /about"
    assert span.attributes.get("http.route") == "/about"
    assert span.attributes.get("http.response.status_code") == 200
    assert span.service, span.resource


def test_span_is_named_after_the_route_pattern_and_404s_have_no_route(
    start_app: Start,
    otel_collector: Collector,
) -> None:
    """OBS-2: `GET /pattern` for a parameterised route; an unmatched path names no route."""
    running = start_app(otel_collector.env())
    matched, matched_trace = traced_request(running, PATTERN_PATH)
    unmatched_path = f"/no-such-page-{secrets.token_hex(4)}"
    missing, missing_trace = traced_request(running, unmatched_path)
    assert matched.status == 404 and missing.status == 404
    assert running.terminate() == 0, running.log()
    span = server_span(otel_collector, matched_trace)
    assert span.name == f"GET {PATTERN}"
    assert span.attributes.get("http.route") == PATTERN
    stray = server_span(otel_collector, missing_trace)
    assert "http.route" not in stray.attributes, stray.attributes
    assert unmatched_path not in stray.name, stray.name


def test_db_span_is_named_after_the_sqlc_query_without_arguments(
    start_app: Start,
    otel_collector: Collector,
) -> None:
    """OBS-3: /api/health runs sqlc's HealthCheck inside the request's trace; a login form's
    queries carry the address as an argument, which no span may record."""
    running = start_app(otel_collector.env())
    health, trace_id = traced_request(running, "/api/health")
    assert health.status == 200
    secret = f"obs3-{secrets.token_hex(6)}@example.com"
    login = Client(running).post("/login", {"email": secret})
    login_request_id = login.headers.get("X-Request-ID") or ""
    assert running.terminate() == 0, running.log()
    request_span = server_span(otel_collector, trace_id)
    db = otel_collector.wait_for(
        lambda s: s.trace_id == trace_id and s.name == "HealthCheck", what="a HealthCheck span"
    )
    assert db.parent_span_id, "the HealthCheck span has no parent"
    assert db.attributes.get("db.query.summary") == "HealthCheck", db.attributes
    assert request_span.name == "GET /api/health"
    login_trace = str(request_line(running, login_request_id).get("trace_id", ""))
    login_spans = [s for s in otel_collector.spans() if s.trace_id == login_trace]
    assert len(login_spans) > 1, f"the login made no database spans: {login_spans}"
    for s in login_spans:
        assert secret not in json.dumps(s.attributes), (s.name, s.attributes)


def test_tracing_exports_nothing_unless_an_exporter_is_named(
    start_app: Start,
    otel_collector: Collector,
) -> None:
    """OBS-1: with OTEL_TRACES_EXPORTER unset, spans are made (the log line has a trace id) but
    none is sent, although the endpoint names the collector (autoexport's own default would
    send them there)."""
    env = otel_collector.env()
    del env["OTEL_TRACES_EXPORTER"]
    running = start_app(env)
    _, trace_id = traced_request(running, "/about")
    assert running.terminate() == 0, running.log()
    time.sleep(1)  # the flush interval of the collector's file exporter is 100 ms
    sent = [s.name for s in otel_collector.spans() if s.trace_id == trace_id]
    assert sent == [], f"spans exported without OTEL_TRACES_EXPORTER: {sent}"


def test_metrics_on_the_private_address_only_with_bounded_route_labels(start_app: Start) -> None:
    """OBS-4: after GET /about the private scrape has its duration count by route, Go runtime
    metrics and build info; 20 random 404 paths add no route label value; the public /metrics
    is 404."""
    running = start_app({f"{PREFIX}_OBSERVABILITY_METRICS_ADDR": "127.0.0.1:0"})
    url = metrics_url(running)
    assert running.request("GET", "/about").status == 200
    public = running.request("GET", "/metrics")
    assert public.status == 404, public.status
    before, _ = scrape(url)
    about = [
        value
        for labels, value in before.get(f"{DURATION}_count", [])
        if labels.get("http_route") == "/about"
    ]
    assert about and sum(about) >= 1, sorted(before)
    assert before.get("go_goroutines"), sorted(before)
    ((info_labels, info_value),) = before[BUILD_INFO]
    assert info_value == 1
    assert {"version", "revision", "goversion"} <= set(info_labels), info_labels
    assert info_labels["goversion"].startswith("go"), info_labels
    for _ in range(20):
        path = f"/{secrets.token_hex(8)}/{secrets.token_hex(4)}"
        assert running.request("GET", path).status == 404, path
    after, _ = scrape(url)
    routes = label_values(before, f"{DURATION}_count", "http_route")
    assert label_values(after, f"{DURATION}_count", "http_route") == routes, routes
    counted = sum(v for _, v in after[f"{DURATION}_count"]) - sum(
        v for _, v in before[f"{DURATION}_count"]
    )
    assert counted >= 20, f"the 404s were not counted (without a route label): {counted}"


def test_sendgrid_sees_the_traceparent_of_the_login_request(
    alt_app: Path,
    otel_collector: Collector,
    tmp_path: Path,
) -> None:
    """OBS-3 outbound: the login code's email goes to the SendGrid fake with a `traceparent`
    header in the login request's trace, naming a client span the collector received."""
    fake = SendGridFake()
    fake.start()
    env = production_env({f"{PREFIX}_DATABASE_URL": f"file:{tmp_path / 'shop.db'}"})
    env.update(plain_env(PREFIX, tmp_path))
    env.update(fake.env(PREFIX))
    env.update(otel_collector.env())
    running = server.start(alt_app / "bin/server", alt_app, PREFIX, env, tmp_path / "server.log")
    try:
        running.wait_until("/readyz", 200)
        to = f"traced-{secrets.token_hex(4)}@example.com"
        login = Client(running).post("/login", {"email": to})
        assert login.status in (200, 303), (login.status, running.log())
        fake.wait_for(to)
        login_trace = str(request_line(running, login.headers["X-Request-ID"])["trace_id"])
    finally:
        assert running.terminate() == 0, running.log()
        fake.stop()
    sends = [r for r in fake.requests if isinstance(r, ReceivedRequest)]
    assert sends, "the fake saw no request"
    headers = {k.lower(): v for k, v in sends[-1].headers.items()}
    parent = headers.get("traceparent", "")
    found = re.fullmatch(r"00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]", parent)
    assert found, f"traceparent {parent!r} in {sorted(headers)}"
    assert found.group(1) == login_trace
    client = otel_collector.wait_for(
        lambda s: s.span_id == found.group(2), what="the client span of the SendGrid call"
    )
    assert client.kind == KIND_CLIENT and client.trace_id == login_trace
