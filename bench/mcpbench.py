"""`tracks mcp` start-up: `initialize` plus `tools/list` over stdio, a fresh server each run.

    python3 bench/mcpbench.py [--app DIR] [--runs 10] [--breakdown]

Without --app an app (go-libsql) is rendered into a temporary folder first (about 20 s, not
measured). Prints each run and the median, in milliseconds, and the load average before and
after. Each run also repeats the exchange by hand over the server's pipes, for the server's CPU
time (user + system), which a busy machine inflates less than the wall time.

--breakdown also times the stages of a start in fresh interpreters (medians of --runs): the
interpreter alone, importing the CLI (`tracks.cli`, which `tracks mcp` runs through), the MCP
SDK, the server's own modules, building the server, listing its tools. Not a test: no
thresholds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import anyio
from mcp_types.version import LATEST_HANDSHAKE_VERSION

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.render import answers, render
from tests.unit.mcp.client import server_env, stdio_client

#: One start's stages, each timed after the one before (so each is what it adds).
STAGES = """
import json, time
t = [time.perf_counter()]
import tracks.cli
t.append(time.perf_counter())
import mcp.server.mcpserver
t.append(time.perf_counter())
import tracks.mcp.server
t.append(time.perf_counter())
from pathlib import Path
server = tracks.mcp.server.build_server(Path.cwd())
t.append(time.perf_counter())
import anyio
from mcp_types.version import LATEST_HANDSHAKE_VERSION
anyio.run(server.list_tools)
t.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(t, t[1:])]))
"""
STAGE_NAMES = (
    "import tracks.cli (the CLI: copier, ...)",
    "import the MCP SDK (mcp.server.mcpserver)",
    "import tracks.mcp.server (its own modules)",
    "build_server (register tools, resources, prompts)",
    "list_tools",
)


async def one_run(app: Path) -> tuple[float, int]:
    """Seconds from starting the server to the tool list, and how many tools it listed."""
    start = time.perf_counter()
    async with stdio_client(app) as client:
        tools = await client.list_tools()
        elapsed = time.perf_counter() - start
    return elapsed, len(tools.tools)


def message(**fields: object) -> bytes:
    return json.dumps({"jsonrpc": "2.0", **fields}).encode() + b"\n"


def scripted_run(app: Path) -> tuple[float, float]:
    """The same exchange written by hand over the server's pipes, which gives the server's own
    CPU time (user + system, from wait4; the SDK client does not say): seconds to the tool
    list, and CPU seconds from start to exit (the exit, after stdin closes, is a few ms)."""
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "tracks", "mcp"],
        cwd=app,
        env=server_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdin is not None and server.stdout is not None
    hello = {
        "protocolVersion": LATEST_HANDSHAKE_VERSION,  # what the SDK client sends
        "capabilities": {},
        "clientInfo": {"name": "mcpbench", "version": "1"},
    }
    server.stdin.write(message(id=1, method="initialize", params=hello))
    server.stdin.flush()
    assert b'"id":1' in server.stdout.readline().replace(b" ", b"")
    server.stdin.write(message(method="notifications/initialized"))
    server.stdin.write(message(id=2, method="tools/list", params={}))
    server.stdin.flush()
    assert b'"tools"' in server.stdout.readline()
    elapsed = time.perf_counter() - start
    server.stdin.close()
    _, status, usage = os.wait4(server.pid, 0)
    server.returncode = os.waitstatus_to_exitcode(status)
    server.stdout.close()
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(app: Path, runs: int) -> tuple[list[float], list[float]]:
    """Per run: the SDK client's time to the tool list, then a scripted run's server CPU."""
    times, cpu = [], []
    for number in range(1, runs + 1):
        elapsed, count = anyio.run(one_run, app)
        times.append(elapsed)
        _, used = scripted_run(app)
        cpu.append(used)
        line = f"run {number:>2}: {elapsed * 1000:7.0f} ms ({count} tools)"
        print(f"{line}, server CPU {used * 1000:5.0f} ms")
    return times, cpu


def breakdown(app: Path, runs: int) -> None:
    """The median of each stage over ``runs`` fresh interpreters, and the interpreter alone."""
    env = server_env()
    bare, stages = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], cwd=app, env=env, check=True)
        bare.append(time.perf_counter() - start)
        out = subprocess.run(
            [sys.executable, "-c", STAGES], cwd=app, env=env, check=True, capture_output=True
        )
        stages.append(json.loads(out.stdout.decode().splitlines()[-1]))
    print(f"{'python -c pass (interpreter start-up)':<52} {statistics.median(bare) * 1000:7.0f} ms")
    for index, name in enumerate(STAGE_NAMES):
        median = statistics.median(run[index] for run in stages)
        print(f"{name:<52} {median * 1000:7.0f} ms")


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, help="an app to serve (default: render one)")
    parser.add_argument("--runs", type=int, default=10, help="how many runs (default 10)")
    parser.add_argument("--breakdown", action="store_true", help="also time the stages of a start")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mcpbench-") as tmp:
        app = (args.app or render(Path(tmp) / "shop", answers("go-libsql"))).resolve()
        print(f"load average before: {load()}")
        times, cpu = measure(app, max(1, args.runs))
        print(
            f"initialize + tools/list over stdio: median {statistics.median(times) * 1000:.0f} ms"
            f" (server CPU, start to exit: median {statistics.median(cpu) * 1000:.0f} ms)"
        )
        if args.breakdown:
            breakdown(app, max(1, args.runs))
        print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
