"""e2e tier: the TUI's dashboard against a running app. The Requests panel shows the numbers
the app's own Prometheus endpoint gives: the request count, a rate once two scrapes are apart,
and the latency quantiles (issue 13: "a dashboard test against a running app reads real
numbers"). The workbench's arithmetic is checked in tests/e2e/test_workbench.py; this is the
screen on top of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.e2e.test_web import PREFIX, production_env
from tests.support import server
from tests.support.paths import DRIVERS
from tests.unit.tui.conftest import SIZE, pilot_test, settle
from tracks.project import find_project
from tracks.tui.app import TracksApp

pytestmark = pytest.mark.e2e

COUNT = re.compile(r"requests (\d+)\s+rate (\S+)")
QUANTILES = re.compile(r"p50 (.+?) {3}p95 (.+?) {3}p99 (.+)$", re.M)


def panel(app: TracksApp) -> str:
    return str(app.screen.query_one("#requests", Static).content)


def numbers(text: str) -> tuple[int, str, tuple[str, str, str]]:
    count, quantiles = COUNT.search(text), QUANTILES.search(text)
    assert count and quantiles, f"the Requests panel shows no numbers:\n{text}"
    return int(count.group(1)), count.group(2), quantiles.groups()


@pilot_test
async def test_the_dashboard_shows_the_running_apps_requests(
    built_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app_root = built_app(DRIVERS[0])
    project = find_project(app_root)
    assert project is not None
    metrics = f"127.0.0.1:{server.free_port()}"
    env = production_env(
        database_env(DRIVERS[0]),
        MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
        OBSERVABILITY_METRICS_ADDR=metrics,
    )
    # The dashboard finds the endpoint as the app does: from the environment.
    for key in (f"{PREFIX}_ENVIRONMENT", f"{PREFIX}_OBSERVABILITY_METRICS_ADDR"):
        monkeypatch.setenv(key, env[key])
    running = server.start(app_root / "bin/server", app_root, PREFIX, env, tmp_path / "server.log")
    try:
        running.wait_until("/readyz", 200)
        for path in ("/", "/", "/", "/about", "/about", "/nope"):
            running.request("GET", path)

        tui = TracksApp(project, refresh_seconds=0)
        async with tui.run_test(size=SIZE) as pilot:
            await settle(pilot)
            first = panel(tui)
            assert f"from http://{metrics}/metrics" in first, first
            served, rate, quantiles = numbers(first)
            # The probes' /readyz is left out of the duration metric; the six requests are in.
            assert served == 6, first
            assert rate == "-", "one scrape has no interval to make a rate of"
            assert all(re.fullmatch(r"\d+\.\d ms", q) for q in quantiles), first

            for _ in range(10):
                running.request("GET", "/about")
            await pilot.press("r")
            await settle(pilot)
            second = panel(tui)
            served, rate, quantiles = numbers(second)
            assert served == 10, f"the second sample counts the requests since the first:\n{second}"
            assert rate.endswith("/s") and float(rate.removesuffix("/s")) > 0, second
            assert all(re.fullmatch(r"\d+\.\d ms", q) for q in quantiles), second
    finally:
        assert running.terminate() == 0, running.log()
