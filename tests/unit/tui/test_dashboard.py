"""The dashboard of a small app: its answers, recipe runs, migrations and request numbers."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from tracks.project import Project
from tracks.tui import dashboard
from tracks.tui.app import TracksApp
from tracks.tui.dashboard import RequestSampler, request_text
from tracks.workbench.metrics import parse_exposition
from tracks.workbench.migrations import Migration, MigrationStatus

from .conftest import SIZE, check_snapshot, pilot_test, settle

pytestmark = pytest.mark.unit

STATUS = MigrationStatus(
    (
        Migration(1, "create_sessions", "00001_create_sessions.sql", "applied", "2026-01-02"),
        Migration(2, "create_posts", "00002_create_posts.sql", "pending", None),
    )
)

EXPOSITION = """# TYPE http_server_request_duration_seconds histogram
http_server_request_duration_seconds_bucket{le="0.005"} {a}
http_server_request_duration_seconds_bucket{le="0.01"} {b}
http_server_request_duration_seconds_bucket{le="+Inf"} {b}
http_server_request_duration_seconds_count {b}
"""


def exposition(a: int, b: int, at: float):
    return parse_exposition(EXPOSITION.replace("{a}", str(a)).replace("{b}", str(b)), at=at)


def test_without_metrics_the_numbers_come_from_the_request_log(
    fake_app: Project, no_metrics: None
) -> None:
    view = RequestSampler(fake_app).sample()
    assert view.source == "tmp/dev.log (last minute)"
    assert view.stats is not None and view.stats.requests == 3
    assert "p95" in request_text(view).plain


def test_with_metrics_the_numbers_are_the_interval_between_scrapes(
    fake_app: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    scrapes = iter([exposition(8, 10, at=100.0), exposition(18, 30, at=102.0)])
    monkeypatch.setattr(dashboard, "metrics_url", lambda *a: "http://127.0.0.1:9090/metrics")
    monkeypatch.setattr(dashboard, "scrape", lambda url: next(scrapes))
    sampler = RequestSampler(fake_app)
    sampler.sample()
    view = sampler.sample()
    assert view.stats is not None
    assert view.stats.requests == 20 and view.stats.rate == 10.0
    assert "rate 10.00/s" in request_text(view).plain


def test_an_app_that_does_not_run_says_so(fake_app: Project, no_metrics: None) -> None:
    (fake_app.root / "tmp" / "dev.log").unlink()
    view = RequestSampler(fake_app).sample()
    assert view.stats is None
    assert "not running" in request_text(view).plain


@pilot_test
async def test_dashboard(
    fake_app: Project, no_metrics: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard, "migration_status", lambda project: STATUS)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        project = str(screen.query_one("#project", Static).content)
        assert "shop" in project and "go-libsql" in project and "queue memory" in project
        template = str(screen.query_one("#template", Static).content)
        assert "v0.1.0" in template and "unknown" in template
        migrations = str(screen.query_one("#migrations", Static).content)
        assert "1 applied, 1 pending" in migrations
        assert "00002_create_posts.sql" in migrations
        recipes = screen.query_one("#recipes", DataTable)
        assert recipes.get_row_at(0)[:3] == ["resource", "post", "title:string body:text"]
        assert "tmp/dev.log" in str(screen.query_one("#requests", Static).content)
        await check_snapshot(pilot, "dashboard")
