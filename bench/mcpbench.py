"""`tracks mcp` start-up: `initialize` plus `tools/list` over stdio, a fresh server each run.

    python3 bench/mcpbench.py [--app DIR] [--runs 10]

Without --app an app (go-libsql) is rendered into a temporary folder first (about 20 s, not
measured). Prints each run and the median, in milliseconds. Not a test: no thresholds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.render import answers, render
from tests.unit.mcp.client import stdio_client


async def one_run(app: Path) -> tuple[float, int]:
    """Seconds from starting the server to the tool list, and how many tools it listed."""
    start = time.perf_counter()
    async with stdio_client(app) as client:
        tools = await client.list_tools()
        elapsed = time.perf_counter() - start
    return elapsed, len(tools.tools)


def measure(app: Path, runs: int) -> list[float]:
    times = []
    for number in range(1, runs + 1):
        elapsed, count = anyio.run(one_run, app)
        times.append(elapsed)
        print(f"run {number:>2}: {elapsed * 1000:7.0f} ms ({count} tools)")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", type=Path, help="an app to serve (default: render one)")
    parser.add_argument("--runs", type=int, default=10, help="how many runs (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mcpbench-") as tmp:
        app = args.app or render(Path(tmp) / "shop", answers("go-libsql"))
        times = measure(app.resolve(), max(1, args.runs))
    print(f"initialize + tools/list over stdio: median {statistics.median(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
