"""tracks/workbench/metrics.py on real scrapes of a generated app's /metrics (data/scrape1.txt
and scrape2.txt: a go-libsql app in development, before and after 83 more requests; the
families of requests, jobs, build and Go runtime kept), checked against prometheus_client's own
parser, and the quantile estimate against numbers worked out by hand."""

from __future__ import annotations

import http.server
import math
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from model.errors import TracksError
from tests.unit.workbench.conftest import DATA, make_app
from tracks.workbench.logs import read_log
from tracks.workbench.metrics import (
    DURATION,
    Scrape,
    histogram_quantile,
    log_request_stats,
    metrics_url,
    parse_exposition,
    request_stats,
    routes,
    scrape,
)

pytestmark = pytest.mark.unit

BEFORE = (DATA / "scrape1.txt").read_text()
AFTER = (DATA / "scrape2.txt").read_text()


@pytest.mark.parametrize("text", [BEFORE, AFTER])
def test_parses_as_prometheus_does(text: str) -> None:
    ours = parse_exposition(text)
    theirs = [
        (s.name, dict(s.labels), s.value)
        for family in text_string_to_metric_families(text)
        for s in family.samples
    ]
    assert [(s.name, dict(s.labels), s.value) for s in ours.samples] == theirs
    assert ours.types[DURATION] == "histogram"
    assert ours.types["jobs_queue_depth"] == "gauge"


def test_labels_with_escapes_and_special_values() -> None:
    text = (
        '# TYPE odd gauge\nodd{path="/a\\"b\\\\c\\nd",le="+Inf"} +Inf\nodd{x=""} NaN 1700000000\n'
        "plain -3.5e-2\n"
    )
    ours = parse_exposition(text)
    assert ours.samples[0].labels == {"path": '/a"b\\c\nd', "le": "+Inf"}
    assert math.isinf(ours.samples[0].value)
    assert math.isnan(ours.samples[1].value)
    assert ours.samples[2].value == -0.035
    assert ours.total("plain") == -0.035
    assert ours.total("missing") is None


@pytest.mark.parametrize("line", ["not a metric line at all!", 'x{a="1" 2', "x{a=1} 2", "x abc"])
def test_malformed_lines_are_errors(line: str) -> None:
    with pytest.raises(TracksError) as err:
        parse_exposition(line)
    assert err.value.exit_code == 1


def test_histogram_quantile_interpolates_inside_the_bucket() -> None:
    buckets = [(0.1, 50.0), (0.5, 90.0), (1.0, 100.0), (math.inf, 100.0)]
    assert histogram_quantile(0.5, buckets) == pytest.approx(0.1)
    assert histogram_quantile(0.25, buckets) == pytest.approx(0.05)
    assert histogram_quantile(0.95, buckets) == pytest.approx(0.75)
    assert histogram_quantile(0.99, buckets) == pytest.approx(0.95)
    # A rank in the +Inf bucket: the largest finite bound, as Prometheus answers.
    assert histogram_quantile(0.99, [(0.1, 10.0), (math.inf, 20.0)]) == pytest.approx(0.1)
    assert histogram_quantile(0.5, [(0.1, 0.0), (math.inf, 0.0)]) is None
    assert histogram_quantile(0.5, [(0.1, 5.0)]) is None  # no +Inf bucket: not a histogram


def test_request_stats_between_two_scrapes() -> None:
    before, after = parse_exposition(BEFORE, at=100.0), parse_exposition(AFTER, at=110.0)
    window = request_stats(after, before)
    counts = lambda s: sum(x.value for x in s.get(f"{DURATION}_count"))  # noqa: E731
    assert window.requests == counts(after) - counts(before) == 83
    assert window.interval == 10.0
    assert window.rate == pytest.approx(8.3)
    # Every request took under 5 ms, the first bucket: the estimates fall inside it.
    assert 0 < window.p50 < window.p95 < window.p99 <= 0.005
    assert window.p50 == pytest.approx(0.0025)

    about = request_stats(after, before, route="/about")
    assert about.requests == 40
    assert about.rate == pytest.approx(4.0)
    assert request_stats(after, before, route="/nowhere").requests == 0
    assert request_stats(after, before, route="/nowhere").p50 is None


def test_request_stats_of_one_scrape_and_after_a_restart() -> None:
    since_start = request_stats(parse_exposition(AFTER))
    assert since_start.requests == 89
    assert since_start.rate is None and since_start.interval is None
    # The app restarted between the scrapes, so the counts went down: the later scrape alone.
    old, new = parse_exposition(AFTER, at=5.0), parse_exposition(BEFORE, at=9.0)
    restarted = request_stats(new, old)
    assert restarted.requests == 6
    assert restarted.rate == pytest.approx(1.5)


def test_routes() -> None:
    assert routes(parse_exposition(AFTER)) == ["/", "/about", "/contact", "/counter", "/login"]
    assert routes(Scrape(())) == []


def test_metrics_url_from_the_log_and_the_settings(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    project = make_app(tmp_path / "shop")
    logged = read_log(DATA / "dev.log").lines
    assert metrics_url(project, logged) == "http://127.0.0.1:19481/metrics"

    assert metrics_url(project) == "http://127.0.0.1:9090/metrics"  # production: ":9090"
    (tmp_path / "shop" / ".env").write_text("SHOP_ENVIRONMENT=test\n")
    assert metrics_url(project) is None  # off in tests
    (tmp_path / "shop" / ".env").write_text(
        "SHOP_ENVIRONMENT=development\nSHOP_OBSERVABILITY_METRICS_ADDR=[::1]:9191\n"
    )
    assert metrics_url(project) == "http://[::1]:9191/metrics"
    clean_env.setenv("SHOP_OBSERVABILITY_METRICS_ADDR", "off")
    assert metrics_url(project) is None
    clean_env.setenv("SHOP_OBSERVABILITY_METRICS_ADDR", "127.0.0.1:0")
    assert metrics_url(project) is None  # chosen at start: only the log can say
    clean_env.setenv("SHOP_OBSERVABILITY_METRICS_ADDR", "0.0.0.0:9300")
    assert metrics_url(project) == "http://127.0.0.1:9300/metrics"


@pytest.fixture
def exposition_server() -> Iterator[str]:
    """An HTTP server answering /metrics with the saved scrape, and 500 elsewhere."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = self.path == "/metrics"
            body = AFTER.encode() if ok else b"no"
            self.send_response(200 if ok else 500)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_scrape(exposition_server: str) -> None:
    taken = scrape(f"{exposition_server}/metrics")
    assert taken.total(f"{DURATION}_count") == 89
    assert taken.at > 0
    with pytest.raises(TracksError) as err:
        scrape(f"{exposition_server}/other")
    assert err.value.exit_code == 1
    assert "answered 500" in err.value.message


def test_scrape_of_nothing_listening() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TracksError) as err:
        scrape(f"http://127.0.0.1:{port}/metrics", timeout=2)
    assert err.value.exit_code == 1
    assert "cannot scrape" in err.value.message
    assert err.value.hint and "OBSERVABILITY_METRICS_ADDR" in err.value.hint


def test_request_stats_from_the_log_when_metrics_are_off() -> None:
    lines = read_log(DATA / "dev.log").lines
    # The request lines but the debug one (an asset: the app logs probes and assets at debug).
    durations = sorted(
        line.duration_ms / 1000
        for line in lines
        if line.is_request and line.level != "debug" and line.duration_ms is not None
    )
    assert len(durations) == 10
    stats = log_request_stats(lines)
    assert stats.requests == 10
    assert stats.p50 == durations[4]  # nearest rank: the 5th of 10
    assert stats.p95 == stats.p99 == durations[-1] == pytest.approx(1.092113)
    # From the first request line (22:29:10.023) to the last (23:58:10.205).
    assert stats.interval == pytest.approx(89 * 60 + 0.182)
    assert stats.rate == pytest.approx(10 / stats.interval)

    recent = log_request_stats(lines, seconds=120)  # the last two minutes: /login and /posts/7
    assert recent.requests == 2
    assert recent.rate == pytest.approx(2 / 120)
    assert recent.p50 == pytest.approx(0.003912)  # nearest rank: the 1st of 2
    assert recent.p99 == pytest.approx(1.092113)

    empty = log_request_stats([])
    assert (empty.requests, empty.rate, empty.p50, empty.interval) == (0, None, None, None)
