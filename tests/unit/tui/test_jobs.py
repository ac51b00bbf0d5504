"""The jobs screen: the queue's gauges from the metrics, or why there are none."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from model.errors import TracksError
from tracks.project import Project
from tracks.tui import jobs
from tracks.tui.app import TracksApp
from tracks.workbench.metrics import parse_exposition

from .conftest import SIZE, check_snapshot, pilot_test, settle

pytestmark = pytest.mark.unit

METRICS = """# TYPE jobs_queue_depth gauge
jobs_queue_depth 3
# TYPE jobs_queue_dead_letters gauge
jobs_queue_dead_letters 1
# TYPE jobs_in_flight gauge
jobs_in_flight{job_type="send_email"} 2
jobs_in_flight{job_type="resize"} 0
# TYPE jobs_processed_total counter
jobs_processed_total{job_type="send_email",outcome="ok"} 40
jobs_processed_total{job_type="resize",outcome="ok"} 2
jobs_processed_total{job_type="resize",outcome="dead"} 1
"""


def rows(table: DataTable) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in (table.get_row_at(i) for i in range(table.row_count))}


@pilot_test
async def test_jobs_from_the_metrics(fake_app: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "metrics_url", lambda *a: "http://127.0.0.1:9090/metrics")
    monkeypatch.setattr(jobs, "scrape", lambda url: parse_exposition(METRICS))
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        got = rows(app.screen.query_one("#jobs-table", DataTable))
        assert got == {
            "queue depth (waiting)": "3",
            "in flight": "2",
            "dead letters": "1",
            "processed: dead": "1",
            "processed: ok": "42",
        }
        assert "queue provider: memory" in str(app.screen.query_one("#jobs-source", Static).content)
        await check_snapshot(pilot, "jobs")


@pilot_test
async def test_jobs_of_an_app_that_does_not_run(
    fake_app: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(url: str) -> None:
        raise TracksError("no answer", exit_code=1)

    monkeypatch.setattr(jobs, "metrics_url", lambda *a: "http://127.0.0.1:9090/metrics")
    monkeypatch.setattr(jobs, "scrape", down)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert set(rows(app.screen.query_one("#jobs-table", DataTable)).values()) == {"unknown"}
        note = str(app.screen.query_one("#jobs-note", Static).content)
        assert "does not answer" in note and "/admin/jobs" in note
