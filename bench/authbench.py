"""The auth part of bench.py (issue 10): a logged-in session for `GET /account`, a pprof profile
of that load, the login-code cycle as a Go benchmark, and the binary size against a release.

Nothing here is committed into a rendered app's template: the pprof hook and the Go benchmark
are files bench.py writes into its own rendered copies (in the --work folder); the benchmark
file is deleted again after its run.
"""

from __future__ import annotations

import re
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from plumbum import local

from tests.support import server
from tests.support.authflow import Client, log_in
from tests.support.mailpit import Mailpit
from tests.support.paths import REPO
from tests.support.releases import releases, render_release
from tests.support.render import answers, render

HERE = Path(__file__).resolve().parent
EMAIL = "bench@example.com"
# A file with a build tag, so only bin/server-pprof serves /debug/pprof (on its own port).
PPROF_HOOK = """//go:build benchpprof

// Written by tracks' bench/bench.py: net/http/pprof on BENCH_PPROF_ADDR, only in the binary
// built with -tags benchpprof (bin/server-pprof), never in the measured bin/server. The block
// profile samples waits of about 100µs and more (waits for a database connection show there).
package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
)

func init() {
	if addr := os.Getenv("BENCH_PPROF_ADDR"); addr != "" {
		runtime.SetBlockProfileRate(100_000)
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
"""
GO_BENCH = HERE / "verify_bench_test.go.tmpl"
GO_BENCH_NAME = "internal/domain/accounts/zz_bench_verify_test.go"
GO_BENCH_PACKAGE = "./internal/domain/accounts/"


def logged_in_cookie(running: server.RunningServer, sink: Mailpit) -> str:
    """Log in by email code (read from Mailpit) and return the Cookie header of that session,
    checked: /account answers 200 with it and redirects without it."""
    client = Client(running)
    log_in(client, sink, EMAIL)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    with_cookie = running.request("GET", "/account", {"Cookie": cookie})
    anonymous = running.request("GET", "/account")
    if with_cookie.status != 200 or EMAIL not in with_cookie.body.decode(errors="replace"):
        raise SystemExit(f"/account with the session cookie: {with_cookie.status}")
    if anonymous.status == 200:
        raise SystemExit("/account answers 200 without a session: not measuring a login")
    return cookie


def warm_rss_kib(running: server.RunningServer, cookie: str, requests: int = 20) -> int:
    """VmRSS after `requests` logged-in /account requests and a second of idle."""
    for _ in range(requests):
        running.request("GET", "/account", {"Cookie": cookie})
    time.sleep(1)
    status = Path(f"/proc/{running.process.pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def build_pprof_binary(app: Path) -> Path:
    """bin/server-pprof: the app plus the tagged pprof hook."""
    (app / "cmd/server/zz_bench_pprof.go").write_text(PPROF_HOOK)
    with local.cwd(app):
        local["go"][
            "build", "-trimpath", "-tags", "benchpprof", "-o", "bin/server-pprof", "./cmd/server"
        ]()
    return app / "bin/server-pprof"


def profile(
    binary: Path,
    app: Path,
    prefix: str,
    env: dict[str, str],
    log: Path,
    load: Callable[[str], object],
    seconds: int,
    out: Path,
    port: int,
) -> str:
    """CPU- and block-profile binary for `seconds` while load(base_url) runs; returns
    `go tool pprof -top` of both (the profiles are left at out and out + ".block").

    The session is in the database, so the cookie of the measured run still logs in. port is
    the app's (env's base URL names it); pprof listens on another free one.
    """
    pprof_port = server.free_port()
    env = {**env, "BENCH_PPROF_ADDR": f"127.0.0.1:{pprof_port}"}
    running = server.start(binary, app, prefix, env, log, port=port)
    base = f"http://127.0.0.1:{pprof_port}/debug/pprof"
    try:
        running.wait_until("/readyz", 200, timeout=60)
        block = out.with_name(out.name + ".block")
        with ThreadPoolExecutor(3) as pool:
            done = pool.submit(load, running.base_url)
            time.sleep(1)
            fetches = [
                pool.submit(fetch, f"{base}/profile?seconds={seconds}", out, seconds),
                pool.submit(fetch, f"{base}/block?seconds={seconds}", block, seconds),
            ]
            for f in [*fetches, done]:
                f.result()
    finally:
        running.terminate()
    pprof = local["go"]["tool", "pprof", "-top"]
    flat = pprof["-nodecount=15", str(binary), str(out)]()
    cum = pprof["-cum", "-nodecount=30", str(binary), str(out)]()
    waits = pprof["-nodecount=12", str(binary), str(block)]()
    return f"{flat}\nCPU, cumulative:\n{cum}\nblock profile (waits):\n{waits}"


def fetch(url: str, out: Path, seconds: int) -> None:
    with urllib.request.urlopen(url, timeout=seconds + 60) as resp:
        out.write_bytes(resp.read())


@dataclass
class GoBench:
    name: str
    ns_per_op: float

    @property
    def per_second(self) -> float:
        return 1e9 / self.ns_per_op


def go_login_bench(app: Path, benchtime: str) -> list[GoBench]:
    """Run the login-code benchmarks (verify_bench_test.go.tmpl) in the app's accounts service."""
    module = re.search(r"^module (\S+)", (app / "go.mod").read_text(), re.MULTILINE).group(1)
    target = app / GO_BENCH_NAME
    target.write_text(GO_BENCH.read_text().replace("MODULE_PATH", module))
    try:
        with local.cwd(app):
            out = local["go"][
                "test", "-run", "^$", "-bench", ".", "-benchtime", benchtime, GO_BENCH_PACKAGE
            ]()
    finally:
        target.unlink()
    return [
        GoBench(name, float(ns))
        for name, ns in re.findall(r"^Benchmark(\w+)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op", out, re.M)
    ]


def release_binary_sizes(
    work: Path, driver: str, version: str, prefix: str, template: Path = REPO
) -> tuple[int, int]:
    """Bytes of bin/server (-trimpath) of a default app at release `version` and now.

    Both are plain renders (no generated resource), so the difference is the template's. The
    release is rendered from its commit in releases.yml with that release's own `tracks`, as
    tests/support/releases.py does.
    """
    (release,) = [r for r in releases() if r.version == version]
    name = f"size_{driver.replace('-', '')}"
    old = work / f"{name}_{version.replace('.', '_')}"
    new = work / f"{name}_now"
    if not (old / "bin/server").exists():
        with tempfile.TemporaryDirectory(prefix="tracks-release-") as scratch:
            render_release(old, template, release.commit, Path(scratch), driver, name=name)
    if not (new / "bin/server").exists():
        render(new, answers(driver, name=name, env_prefix=prefix), src=template)
    sizes = []
    for app in (old, new):
        with local.cwd(app):
            local["go"]["build", "-trimpath", "-o", "bin/server", "./cmd/server"]()
        sizes.append((app / "bin/server").stat().st_size)
    return sizes[0], sizes[1]
