"""Benchmark the cost of tracing and of the metrics scrape (issue 12), against a bare net/http
server measured in the same run.

    python3 bench/otelbench.py [--duration 10] [--connections 50] [--driver go-libsql]
                               [--work DIR] [--no-profile]

Renders the bench app (bench.py's: the default app with a `post` resource), builds it and
bench/bare, starts a real OpenTelemetry Collector (tests/support/otelcol.py) and loads GET / with
wrk: the bare server, the app with metrics and tracing off, with metrics on (the production
default) and tracing off (spans made for log correlation, none exported), and with tracing on
(OTEL_TRACES_SAMPLER=always_on, OTLP over HTTP to the collector); then the bare server again.
Ratios are to the mean of the two bare runs. The collector runs on the same cores, as a local
agent would.

Then the scrape: the app's routes (routes.All() of the rendered source, 50 or more method and
pattern pairs) are each requested once, so the duration histogram has a series per route, and
`GET /metrics` on the private address is timed sequentially.

With the profile (default), a pprof build of the app is loaded with GET / and tracing on, and
its CPU profile printed (`go tool pprof -top`), flat and cumulative.

A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import authbench  # bench/authbench.py, beside this script

import bench  # bench/bench.py: the app, its environment, wrk and the bare baseline
from tests.support import server
from tests.support.mailpit import Mailpit
from tests.support.metrics import metrics_url, parse
from tests.support.otelcol import Collector
from tests.support.paths import REPO

PREFIX = bench.PREFIX
METRICS_ON = {f"{PREFIX}_OBSERVABILITY_METRICS_ADDR": "127.0.0.1:0"}
METRICS_OFF = {f"{PREFIX}_OBSERVABILITY_METRICS_ADDR": "off"}
DURATION = "http_server_request_duration_seconds"
SUFFIXES = ("_bucket", "_count", "_sum")
SCRAPES = 200


@dataclass
class Scrape:
    routes: int  # distinct http_route label values in the duration histogram
    series: int  # samples of the duration histogram (buckets, counts, sums)
    size_kib: float
    p50_ms: float
    p99_ms: float
    largest: list[tuple[str, float]]  # the metric families with the most KiB in the scrape


def route_list(app: Path) -> list[tuple[str, str]]:
    """The app's "METHOD path" pairs from routes.All() in its source, constants resolved."""
    folder = app / "internal/http/routes"
    consts: dict[str, str] = {}
    for source in folder.glob("*.go"):
        consts.update(
            re.findall(r'^\s*(?:const\s+)?(\w+)\s*=\s*"(/[^"]*)"', source.read_text(), re.M)
        )
    listing = (folder / "routes.go").read_text()
    pairs = re.findall(r'"(GET|POST|PUT|PATCH|DELETE) " \+ (\w+)', listing)
    return [(method, consts[name]) for method, name in pairs if name in consts]


def concrete(pattern: str) -> str:
    """A path the pattern matches: each {param} becomes 1, a trailing * becomes x."""
    return re.sub(r"\{[^}]+\}", "1", pattern).replace("*", "x")


def scrape_timing(running: server.RunningServer, app: Path) -> Scrape:
    """Request every route once, then time SCRAPES sequential scrapes of /metrics."""
    url = metrics_url(running)
    for method, pattern in route_list(app):
        headers = bench.browser_post(running.base_url) if method != "GET" else {}
        running.request(method, concrete(pattern), headers, b"" if method != "GET" else None)
    times = []
    body = b""
    for _ in range(SCRAPES):
        started = time.perf_counter()
        resp = server.get(url, timeout=10)
        times.append((time.perf_counter() - started) * 1000)
        body = resp.body
    samples = parse(body.decode())
    routes = {
        labels["http_route"]
        for labels, _ in samples.get(f"{DURATION}_count", [])
        if "http_route" in labels
    }
    series = sum(len(samples.get(f"{DURATION}{suffix}", [])) for suffix in SUFFIXES)
    times.sort()
    kib: dict[str, float] = {}
    for line in body.decode().splitlines():
        if line and not line.startswith("#"):
            family = re.sub(r"_(bucket|count|sum)$", "", re.split(r"[{ ]", line, maxsplit=1)[0])
            kib[family] = kib.get(family, 0) + (len(line) + 1) / 1024
    return Scrape(
        routes=len(routes),
        series=series,
        size_kib=len(body) / 1024,
        p50_ms=statistics.median(times),
        p99_ms=times[int(len(times) * 0.99) - 1],
        largest=sorted(kib.items(), key=lambda item: -item[1])[:4],
    )


#: The app's configurations GET / is measured in, in the order of the first round.
CONFIGS = ("metrics off, tracing off", "metrics on, tracing off", "metrics on, tracing on")


def mean_load(loads: list[bench.Load]) -> bench.Load:
    return bench.Load(
        statistics.mean(load.rps for load in loads),
        statistics.mean(load.p99_ms for load in loads),
        sum(load.bad for load in loads),
        statistics.mean(load.cpu_s for load in loads),
    )


def cpu_us(load: bench.Load, duration: int) -> float:
    """The server's CPU microseconds per request served."""
    return load.cpu_s / (load.rps * duration) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--rounds", type=int, default=2, help="runs of each configuration, order alternating"
    )
    parser.add_argument("--driver", default="go-libsql")
    parser.add_argument("--template", type=Path, default=REPO, help="checkout to render")
    parser.add_argument("--work", type=Path, help="folder for the app; one built there is reused")
    parser.add_argument("--no-profile", action="store_true", help="skip the pprof run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="tracks-otelbench-"))
    work.mkdir(parents=True, exist_ok=True)
    for db in work.glob("*.db*"):
        db.unlink()
    app = bench.build_app(work, args.driver, args.template)
    bare = bench.build_bare(work)
    sink = Mailpit(work / "mailpit")
    collector = Collector(work / "otelcol")
    sink.start()
    collector.start()
    load_before = os.getloadavg()[0]

    def app_env(port: int, config: str) -> dict[str, str]:
        env = bench.app_env(work, args.driver, f"http://127.0.0.1:{port}", sink)
        env.update(METRICS_ON if "metrics on" in config else METRICS_OFF)
        if "tracing on" in config:
            env.update(collector.env())
        return env

    def app_load(config: str) -> bench.Load:
        port = server.free_port()
        log = work / f"otel-{re.sub(r'[^a-z]+', '-', config)}.log"
        running = server.start(app / "bin/server", app, PREFIX, app_env(port, config), log, port)
        try:
            running.wait_until("/readyz", 200, timeout=60)
            return bench.wrk_cpu(
                running.process.pid, running.url("/"), args.duration, args.connections
            )
        finally:
            running.terminate()

    loads: dict[str, list[bench.Load]] = {config: [] for config in CONFIGS}
    exported = 0
    try:
        bare_first = bench.bare_run(bare, args.duration, args.connections)
        for round_ in range(args.rounds):
            for config in CONFIGS if round_ % 2 == 0 else reversed(CONFIGS):
                spans_before = len(collector.spans()) if "tracing on" in config else 0
                loads[config].append(app_load(config))
                if "tracing on" in config:
                    time.sleep(1)  # the collector's file exporter flushes every 100 ms
                    exported += len(collector.spans()) - spans_before
        bare_last = bench.bare_run(bare, args.duration, args.connections)
        load_after = os.getloadavg()[0]

        port = server.free_port()
        config = "metrics on, tracing off"
        running = server.start(
            app / "bin/server", app, PREFIX, app_env(port, config), work / "scrape.log", port
        )
        try:
            running.wait_until("/readyz", 200, timeout=60)
            scrape = scrape_timing(running, app)
        finally:
            running.terminate()

        top = ""
        if not args.no_profile:
            binary = authbench.build_pprof_binary(app)
            port = server.free_port()
            top = authbench.profile(
                binary,
                app,
                PREFIX,
                app_env(port, "metrics on, tracing on"),
                work / "otel-pprof.log",
                lambda base: bench.wrk(f"{base}/", args.duration, args.connections),
                max(args.duration - 2, 2),
                work / "get-home-traced.pprof",
                port=port,
            )
    finally:
        collector.stop()
        sink.stop()

    baseline = mean_load([bare_first, bare_last])
    rows = [
        ("bare net/http GET / (first)", bare_first),
        ("bare net/http GET / (last)", bare_last),
        *[(f"app, {config} (mean)", mean_load(runs)) for config, runs in loads.items()],
    ]
    base_cpu = cpu_us(baseline, args.duration)
    print(
        f"\n{'GET /':44} {'req/s':>10} {'ratio':>7} {'p99 ms':>8} {'ratio':>7} {'bad':>6}"
        f" {'CPU µs/req':>11} {'x bare':>7}"
    )
    for label, load in rows:
        print(
            f"{label:44} {load.rps:10.0f} {load.rps / baseline.rps:7.2f} "
            f"{load.p99_ms:8.2f} {load.p99_ms / baseline.p99_ms:7.2f} {load.bad:6d} "
            f"{cpu_us(load, args.duration):11.1f} {cpu_us(load, args.duration) / base_cpu:7.2f}"
        )
    print("\nreq/s (CPU µs/req) of each run, in the order run (rounds alternate the order):")
    for config, runs in loads.items():
        print(
            f"  {config:30} "
            + "  ".join(f"{load.rps:8.0f} ({cpu_us(load, args.duration):5.1f})" for load in runs)
        )
    traced = mean_load(loads["metrics on, tracing on"])
    untraced = mean_load(loads["metrics on, tracing off"])
    on, off = traced.rps, untraced.rps
    traced_requests = sum(load.rps for load in loads["metrics on, tracing on"]) * args.duration
    print(
        f"\nratios are to the mean of the two bare runs: {baseline.rps:.0f} req/s, "
        f"p99 {baseline.p99_ms:.2f} ms, {base_cpu:.1f} CPU µs per request. Tracing on / tracing "
        f"off (metrics on): {on / off:.2f} in req/s, "
        f"{cpu_us(traced, args.duration) / cpu_us(untraced, args.duration):.2f} in CPU per "
        "request. "
        f"Spans the collector received during the traced runs: {exported} "
        f"(~{traced_requests:.0f} requests)"
    )
    print(
        f"({args.driver}, {args.connections} connections, {args.duration}s per run, "
        f"{args.rounds} rounds, wrk -t2, loopback, collector on the same machine; load average "
        f"{load_before:.2f} before, {load_after:.2f} after)"
    )
    print(
        f"\nmetrics scrape after requesting {len(route_list(app))} routes once: "
        f"{scrape.routes} http_route values, {scrape.series} duration samples, "
        f"{scrape.size_kib:.1f} KiB; GET /metrics p50 {scrape.p50_ms:.2f} ms, "
        f"p99 {scrape.p99_ms:.2f} ms over {SCRAPES} sequential scrapes; largest: "
        + ", ".join(f"{name} {size:.0f} KiB" for name, size in scrape.largest)
    )
    if top:
        print(f"\npprof of GET / with tracing on (always_on, OTLP to the collector):\n{top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
