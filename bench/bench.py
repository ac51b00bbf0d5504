"""Benchmark the generated app against a bare net/http server, both measured in this run.

    python3 bench/bench.py [--duration 10] [--connections 50]

Renders the default-driver app, builds it and the baseline, loads both with wrk on loopback and
prints requests/s and p99 latency per route as ratios to the baseline, plus cold start to the
first /readyz 200, idle RSS and binary size. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plumbum import local

from tests.support import server
from tests.support.render import answers, render

HERE = Path(__file__).resolve().parent
PREFIX = "BENCH"


@dataclass
class Load:
    rps: float
    p99_ms: float


def wrk(url: str, duration: int, connections: int) -> Load:
    out = local["wrk"]["-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return Load(rps, float(value) * scale)


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per route")
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="tracks-bench-"))
    app = render(work / "benchapp", answers("go-libsql", name="benchapp", env_prefix=PREFIX))
    go = local["go"]
    with local.cwd(app):
        go["build", "-trimpath", "-o", "bin/server", "./cmd/server"]()
    with local.cwd(HERE / "bare"):
        go["build", "-o", str(work / "bare"), "."]()

    env = {
        f"{PREFIX}_ENVIRONMENT": "production",
        f"{PREFIX}_SECRET_KEY": "bench-secret-0123456789abcdef-0123456789abcdef",
        f"{PREFIX}_DATABASE_URL": f"file:{work / 'bench.db'}",
        f"{PREFIX}_DATABASE_MIGRATE_ON_START": "true",
        f"{PREFIX}_MIDDLEWARE_RATE_LIMIT_REQUESTS": "0",
        f"{PREFIX}_MIDDLEWARE_THROTTLE_LIMIT": "10000",
        f"{PREFIX}_LOG_LEVEL": "error",
    }
    started = time.monotonic()
    running = server.start(app / "bin/server", app, PREFIX, env, work / "server.log")
    try:
        running.wait_until("/readyz", 200, timeout=60)
        cold_start = time.monotonic() - started
        time.sleep(1)
        idle_rss = rss_kib(running.process.pid)
        home = server.get(running.url("/")).body.decode()
        asset = re.search(r"/assets/css/app-[0-9a-f]{64}\.css", home).group(0)

        bare_port = server.free_port()
        with local.env(BARE_ADDR=f"127.0.0.1:{bare_port}"):
            bare = local[str(work / "bare")].popen()
        try:
            time.sleep(0.5)
            baseline = wrk(f"http://127.0.0.1:{bare_port}/", args.duration, args.connections)
        finally:
            bare.terminate()
            bare.wait()

        rows = [("bare net/http GET /", baseline)]
        for label, path in (
            ("GET / (home, full stack)", "/"),
            ("GET /healthz", "/healthz"),
            ("GET hashed CSS asset", asset),
        ):
            rows.append((label, wrk(running.url(path), args.duration, args.connections)))
    finally:
        running.terminate()

    print(f"\n{'route':30} {'req/s':>10} {'ratio':>7} {'p99 ms':>8} {'ratio':>7}")
    for label, load in rows:
        print(
            f"{label:30} {load.rps:10.0f} {load.rps / baseline.rps:7.2f} "
            f"{load.p99_ms:8.2f} {load.p99_ms / baseline.p99_ms:7.2f}"
        )
    size = (app / "bin/server").stat().st_size
    print(f"\ncold start to first /readyz 200: {cold_start * 1000:.0f} ms")
    print(f"idle RSS: {idle_rss / 1024:.1f} MiB")
    print(f"binary size: {size / 1024 / 1024:.1f} MiB (bin/server, -trimpath)")
    print(f"({args.connections} connections, {args.duration}s per route, wrk -t2, loopback)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
