"""Benchmark the generated app against a bare net/http server, both measured in this run.

    python3 bench/bench.py [--duration 10] [--connections 50] [--drivers go-libsql,sqlite3]

Renders an app per driver with a generated `post` resource, builds it and the baseline, loads
them with wrk on loopback and prints requests/s and p99 latency per route as ratios to the
baseline (measured before and after the app, and averaged), plus cold start to the first
/readyz 200, idle RSS and binary size. A benchmark, not a test: it asserts nothing.
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
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import authbench  # bench/authbench.py, beside this script
from plumbum import local

from tests.support import server
from tests.support.appenv import production_required
from tests.support.mailpit import Mailpit
from tests.support.paths import REPO
from tests.support.render import answers, render
from tests.support.resources import generate

HERE = Path(__file__).resolve().parent
PREFIX = "BENCH"
# A browser's Accept-Encoding; without it the app sends everything uncompressed.
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
# The benchmarked resource: plain text columns, no unique index, so every POST succeeds.
RESOURCE_FIELDS = ("title:string", "body:text", "published:bool")
SEED_ROWS = 20


@dataclass
class Load:
    rps: float
    p99_ms: float
    bad: int  # responses that were not 2xx/3xx, plus socket errors
    cpu_s: float = 0.0  # CPU seconds the server used during the load, where measured


def wrk(
    url: str,
    duration: int,
    connections: int,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
) -> Load:
    cmd = local["wrk"]["-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in (headers or {}).items():
        cmd = cmd["-H", f"{name}: {value}"]
    if script is not None:
        cmd = cmd["-s", str(script)]
    out = cmd[url]()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return Load(rps, float(value) * scale, bad)


def build_bare(work: Path) -> Path:
    """Build bench/bare, the hello-world net/http baseline, into work."""
    with local.cwd(HERE / "bare"):
        local["go"]["build", "-o", str(work / "bare"), "."]()
    return work / "bare"


def bare_run(binary: Path, duration: int, connections: int) -> Load:
    """Load the bare server's GET / with wrk (started on a free port, stopped afterwards)."""
    port = server.free_port()
    with local.env(BARE_ADDR=f"127.0.0.1:{port}"):
        bare = local[str(binary)].popen()
    try:
        time.sleep(0.5)
        return wrk_cpu(bare.pid, f"http://127.0.0.1:{port}/", duration, connections)
    finally:
        bare.terminate()
        bare.wait()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_cpu(pid: int, url: str, duration: int, connections: int) -> Load:
    """wrk on url, with the CPU time the server process pid used meanwhile: on a busy machine
    CPU per request varies less than requests per second."""
    before = cpu_seconds(pid)
    load = wrk(url, duration, connections)
    load.cpu_s = cpu_seconds(pid) - before
    return load


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def build_app(work: Path, driver: str, template: Path) -> Path:
    """Render the app for driver, generate the benchmarked resource and build the server."""
    name = f"bench_{driver.replace('-', '')}"
    app = work / name
    if not (app / "bin/server").exists():  # else a --work folder's app, built by an earlier run
        render(app, answers(driver, name=name, env_prefix=PREFIX), src=template)
        generate(app, "resource", "post", *RESOURCE_FIELDS, template=template)
    with local.cwd(app):
        local["go"]["build", "-trimpath", "-o", "bin/server", "./cmd/server"]()
    return app


def app_env(work: Path, driver: str, base_url: str, sink: Mailpit) -> dict[str, str]:
    """Production settings with the request log on (info, JSON to a file) and no rate limit;
    login emails go to the Mailpit sink."""
    return {
        **production_required(PREFIX, SERVER_BASE_URL=base_url),
        **sink.env(PREFIX),
        f"{PREFIX}_ENVIRONMENT": "production",
        f"{PREFIX}_SECRET_KEY": "bench-secret-0123456789abcdef-0123456789abcdef",
        f"{PREFIX}_DATABASE_URL": f"file:{work / f'{driver}.db'}",
        f"{PREFIX}_DATABASE_MIGRATE_ON_START": "true",
        f"{PREFIX}_MIDDLEWARE_RATE_LIMIT_REQUESTS": "0",
        f"{PREFIX}_MIDDLEWARE_THROTTLE_LIMIT": "10000",
        f"{PREFIX}_LOG_LEVEL": "info",
    }


def browser_post(base_url: str) -> dict[str, str]:
    """The headers a browser sends with a same-origin form post (CSRF checks them)."""
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "Sec-Fetch-Site": "same-origin",
        "Origin": base_url,
    }


def post_form(n: int) -> bytes:
    return urlencode(
        {"title": f"Post {n}", "body": "A body of text\nover two lines.", "published": "true"}
    ).encode()


def post_script(work: Path, base_url: str) -> Path:
    """A wrk script that submits the new-post form as a browser would; wrk does not follow
    the 303, so this measures the create and its redirect."""
    headers = "".join(
        f'wrk.headers["{name}"] = "{value}"\n' for name, value in browser_post(base_url).items()
    )
    body = post_form(0).decode().replace("\\", "\\\\").replace('"', '\\"')
    script = work / "post.lua"
    script.write_text(f'wrk.method = "POST"\nwrk.body = "{body}"\n{headers}')
    return script


def seed(running: server.RunningServer) -> None:
    for n in range(1, SEED_ROWS + 1):
        resp = running.request("POST", "/posts", browser_post(running.base_url), post_form(n))
        if resp.status != 303:
            raise SystemExit(f"seeding /posts: {resp.status}\n{resp.body[:500]!r}")
    page = running.request("GET", f"/posts?per_page={SEED_ROWS}")
    rows = page.body.decode().count('id="post-')
    if page.status != 200 or rows < SEED_ROWS:
        raise SystemExit(f"/posts shows {rows} rows (status {page.status}), want {SEED_ROWS}")


@dataclass
class AppRun:
    """What one app's run measured besides its wrk rows."""

    cold_start_s: float
    idle_rss_mib: float  # a second after the first /readyz 200
    warm_rss_mib: float  # after a login and 20 logged-in /account requests, a second idle
    profile_top: str  # `go tool pprof -top` of the /account load


def measure_app(
    work: Path, driver: str, app: Path, sink: Mailpit, args: argparse.Namespace, first: bool
) -> tuple[AppRun, list[tuple[str, Load]]]:
    """Start the app, load its routes (the app-wide ones only when first), then profile its
    logged-in /account load in a second start of the pprof build."""
    started = time.monotonic()
    log = work / f"{driver}.log"
    port = server.free_port()
    env = app_env(work, driver, f"http://127.0.0.1:{port}", sink)
    running = server.start(app / "bin/server", app, PREFIX, env, log, port=port)
    rows: list[tuple[str, Load]] = []
    try:
        running.wait_until("/readyz", 200, timeout=60)
        cold_start = time.monotonic() - started
        time.sleep(1)
        idle_rss = rss_kib(running.process.pid) / 1024
        routes: list[tuple[str, str, dict[str, str], Path | None]] = []
        if first:  # the app-wide routes do not depend on the driver
            home = server.get(running.url("/")).body.decode()
            asset = re.search(r"/assets/css/app-[0-9a-f]{64}\.css", home).group(0)
            gzip = {"Accept-Encoding": BROWSER_ENCODINGS}
            routes += [
                ("GET / (home, full stack)", "/", {}, None),
                ("GET / (browser encodings)", "/", gzip, None),
                ("GET /healthz", "/healthz", {}, None),
                ("GET hashed CSS asset", asset, {}, None),
                ("GET hashed CSS (encodings)", asset, gzip, None),
            ]
        seed(running)
        cookie = authbench.logged_in_cookie(running, sink)
        warm_rss = authbench.warm_rss_kib(running, cookie) / 1024
        routes += [
            (f"GET /posts 20 rows {driver}", f"/posts?per_page={SEED_ROWS}", {}, None),
            (f"POST /posts (PRG) {driver}", "/posts", {}, post_script(work, running.base_url)),
            (f"GET /account (login) {driver}", "/account", {"Cookie": cookie}, None),
        ]
        for label, path, headers, script in routes:
            load = wrk(running.url(path), args.duration, args.connections, headers, script)
            rows.append((label, load))
    finally:
        running.terminate()
    # pprof runs in a separate binary, so the measured one carries no profiling code.
    binary = authbench.build_pprof_binary(app)
    pprof_port = server.free_port()
    top = authbench.profile(
        binary,
        app,
        PREFIX,
        app_env(work, driver, f"http://127.0.0.1:{pprof_port}", sink),
        work / f"{driver}-pprof.log",
        lambda base: wrk(f"{base}/account", args.duration, args.connections, {"Cookie": cookie}),
        max(args.duration - 2, 2),
        work / f"{driver}-account.pprof",
        port=pprof_port,
    )
    return AppRun(cold_start, idle_rss, warm_rss, top), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per route")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--drivers", default="go-libsql,sqlite3", help="comma-separated")
    parser.add_argument(
        "--template", type=Path, default=REPO, help="checkout to render (default: this one)"
    )
    parser.add_argument(
        "--work", type=Path, help="folder for the apps; apps an earlier run left there are reused"
    )
    parser.add_argument(
        "--go-benchtime", default="2s", help="-benchtime of the login-code Go benchmarks"
    )
    parser.add_argument(
        "--release", default="0.7.0", help="release (releases.yml) to compare binary size with"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    drivers = [d.strip() for d in args.drivers.split(",") if d.strip()]

    work = args.work or Path(tempfile.mkdtemp(prefix="tracks-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    for db in work.glob("*.db*"):  # every run seeds a fresh database
        db.unlink()
    apps = {driver: build_app(work, driver, args.template) for driver in drivers}
    bare = build_bare(work)
    sink = Mailpit(work / "mailpit")
    sink.start()
    load_before = os.getloadavg()[0]
    try:
        bare_first = bare_run(bare, args.duration, args.connections)
        rows: list[tuple[str, Load]] = []
        runs: dict[str, AppRun] = {}
        for index, (driver, app) in enumerate(apps.items()):
            runs[driver], app_rows = measure_app(work, driver, app, sink, args, index == 0)
            rows += app_rows
        bare_last = bare_run(bare, args.duration, args.connections)
    finally:
        sink.stop()
    load_after = os.getloadavg()[0]
    # After the HTTP loads, so they do not compete with them for the CPU.
    go_benches = {d: authbench.go_login_bench(app, args.go_benchtime) for d, app in apps.items()}
    sizes = {
        d: authbench.release_binary_sizes(work, d, args.release, PREFIX, args.template)
        for d in drivers
    }

    baseline = Load(
        statistics.mean([bare_first.rps, bare_last.rps]),
        statistics.mean([bare_first.p99_ms, bare_last.p99_ms]),
        bare_first.bad + bare_last.bad,
    )
    rows = [
        ("bare net/http GET / (first)", bare_first),
        ("bare net/http GET / (last)", bare_last),
        *rows,
    ]
    print(f"\n{'route':32} {'req/s':>10} {'ratio':>7} {'p99 ms':>8} {'ratio':>7} {'bad':>6}")
    for label, load in rows:
        print(
            f"{label:32} {load.rps:10.0f} {load.rps / baseline.rps:7.2f} "
            f"{load.p99_ms:8.2f} {load.p99_ms / baseline.p99_ms:7.2f} {load.bad:6d}"
        )
    print(f"\nratios are to the mean of the two bare runs: {baseline.rps:.0f} req/s, ", end="")
    print(f"p99 {baseline.p99_ms:.2f} ms")
    mib = 1024 * 1024
    for driver, run in runs.items():
        size = (apps[driver] / "bin/server").stat().st_size / mib
        print(
            f"{driver}: cold start to first /readyz 200 {run.cold_start_s * 1000:.0f} ms, "
            f"idle RSS {run.idle_rss_mib:.1f} MiB, after login + 20 /account "
            f"{run.warm_rss_mib:.1f} MiB, binary {size:.1f} MiB (-trimpath)"
        )
    print(
        f"({args.connections} connections, {args.duration}s per route, wrk -t2, loopback; "
        f"load average {load_before:.2f} before, {load_after:.2f} after; "
        f"request log at info to {work}/<driver>.log)"
    )
    print(f"\nbinary size (-trimpath, default app, no resource) {args.release} -> now:")
    for driver, (old, new) in sizes.items():
        print(
            f"  {driver}: {old / mib:.1f} MiB -> {new / mib:.1f} MiB "
            f"({(new - old) / mib:+.1f} MiB, {(new - old) / old * 100:+.0f}%)"
        )
    print(f"\nlogin-code cycle, Go benchmarks (-benchtime {args.go_benchtime}, no SMTP):")
    for driver, results in go_benches.items():
        for b in results:
            print(f"  {driver:10} {b.name:24} {b.ns_per_op / 1e6:8.2f} ms/op {b.per_second:8.0f}/s")
    for driver, run in runs.items():
        print(f"\npprof of GET /account {driver} (CPU, flat):\n{run.profile_top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
