"""`tracks tui` start-up: time to the first paint of the dashboard, headless (Textual's
`run_test` at 120x40), a fresh app each run.

    python3 bench/tuibench.py [--app DIR] [--runs 10]

Two times per run: `ready` is the dashboard mounted and painted (its panels say what they are
loading); `filled` is the project panel showing the app's answers (the first worker done). The
migration status (a `go build` of ./cmd/migrate) and the request numbers are left out: they
arrive later, in their own workers. Without --app an app (go-libsql) is rendered into a
temporary folder first (about 20 s, not measured). Prints each run and the medians, in
milliseconds. Not a test: no thresholds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import_start = time.perf_counter()
from textual.widgets import Static  # noqa: E402

from tests.support.render import answers, render  # noqa: E402
from tracks.project import Project, find_project  # noqa: E402
from tracks.tui import dashboard  # noqa: E402
from tracks.tui.app import TracksApp  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - import_start


async def one_run(project: Project) -> tuple[float, float]:
    """Seconds to the first paint of the dashboard, and to its project panel filled."""
    start = time.perf_counter()
    app = TracksApp(project, refresh_seconds=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        ready = time.perf_counter() - start
        panel = app.screen.query_one("#project", Static)
        while project.name not in str(panel.content):
            await asyncio.sleep(0.005)
        filled = time.perf_counter() - start
    return ready, filled


def measure(project: Project, runs: int) -> tuple[list[float], list[float]]:
    readies, filleds = [], []
    for number in range(1, runs + 1):
        ready, filled = asyncio.run(one_run(project))
        readies.append(ready)
        filleds.append(filled)
        print(f"run {number:>2}: ready {ready * 1000:6.0f} ms, filled {filled * 1000:6.0f} ms")
    return readies, filleds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", type=Path, help="an app folder (default: render one)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    # No go build in the measured runs: the migration panel's worker is not what is measured.
    dashboard.migration_status = _not_measured  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="tuibench-") as tmp:
        root = args.app or render(Path(tmp) / "shop", answers("go-libsql"))
        project = find_project(root)
        if project is None:
            print(f"no Tracks app at {root}", file=sys.stderr)
            return 2
        print(f"imports (textual, the screens): {IMPORT_SECONDS * 1000:.0f} ms")
        readies, filleds = measure(project, args.runs)
    print(
        f"median of {args.runs}: ready {statistics.median(readies) * 1000:.0f} ms, "
        f"filled {statistics.median(filleds) * 1000:.0f} ms"
    )
    return 0


def _not_measured(project: Project) -> object:
    from model.errors import TracksError

    raise TracksError("not measured", exit_code=1)


if __name__ == "__main__":
    sys.exit(main())
