"""The jobs screen: the queue's numbers (SQS from its API, the memory queue and Pub/Sub from the
metrics), the settled jobs from the metrics, or why there are none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from model.errors import TracksError
from tracks.project import Project
from tracks.tui import jobs
from tracks.tui.app import TracksApp
from tracks.workbench import jobs as readers
from tracks.workbench.metrics import parse_exposition

from .conftest import SIZE, check_snapshot, make_app, pilot_test, settle

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


def sources(table: DataTable) -> dict[str, str]:
    """Each row's label and where its number came from (the From column)."""
    return {str(r[0]): str(r[2]) for r in (table.get_row_at(i) for i in range(table.row_count))}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No SHOP_* or AWS_* variables from the session; SQS clients made afresh."""
    import os

    for key in list(os.environ):
        if key.startswith(("SHOP_", "AWS_")):
            monkeypatch.delenv(key)
    monkeypatch.setattr(readers, "_CLIENTS", {})
    return monkeypatch


@pytest.fixture
def sqs(clean_env: pytest.MonkeyPatch) -> Iterator[Any]:
    """SQS in this process (moto's mock), with the variables the app's AWS SDK reads."""
    from moto import mock_aws

    for key, value in {
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }.items():
        clean_env.setenv(key, value)
    with mock_aws():
        import boto3

        yield boto3.client("sqs", region_name="us-east-1")


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


@pilot_test
async def test_jobs_of_an_sqs_app_from_the_sqs_api(
    tmp_path: Path, sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_app(tmp_path / "shop", queue_provider="sqs")
    queue = sqs.create_queue(QueueName="shop-jobs")["QueueUrl"]
    dlq = sqs.create_queue(QueueName="shop-jobs-dlq")["QueueUrl"]
    for n in range(5):
        sqs.send_message(QueueUrl=queue, MessageBody=f'{{"id": "{n}"}}')
    sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=2, VisibilityTimeout=600)
    sqs.send_message(QueueUrl=dlq, MessageBody="{}")
    monkeypatch.setattr(jobs, "metrics_url", lambda *a: "http://127.0.0.1:9090/metrics")
    monkeypatch.setattr(jobs, "scrape", lambda url: parse_exposition(METRICS))
    app = TracksApp(project, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#jobs-table", DataTable)
        # SQS's numbers, not the metrics' (3, 2, 1); the settled jobs from the metrics
        assert rows(table) == {
            "queue depth (waiting)": "3",
            "in flight": "2",
            "dead letters": "1",
            "processed: dead": "1",
            "processed: ok": "42",
        }
        assert sources(table) == {
            "queue depth (waiting)": "SQS API",
            "in flight": "SQS API",
            "dead letters": "SQS API",
            "processed: dead": "metrics",
            "processed: ok": "metrics",
        }
        source = str(app.screen.query_one("#jobs-source", Static).content)
        assert "queue provider: sqs" in source
        assert "queues: jobs shop-jobs, dead shop-jobs-dlq" in source

        sqs.send_message(QueueUrl=dlq, MessageBody="{}")
        await pilot.press("r")
        await settle(pilot)
        assert rows(table)["dead letters"] == "2"


@pilot_test
async def test_jobs_of_an_sqs_app_without_its_queues(
    tmp_path: Path, sqs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_app(tmp_path / "shop", queue_provider="sqs")
    monkeypatch.setattr(jobs, "metrics_url", lambda *a: "http://127.0.0.1:9090/metrics")
    monkeypatch.setattr(jobs, "scrape", lambda url: parse_exposition(METRICS))
    app = TracksApp(project, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#jobs-table", DataTable)
        assert rows(table)["queue depth (waiting)"] == "3"  # the metrics' number
        assert sources(table)["queue depth (waiting)"] == "metrics"
        note = str(app.screen.query_one("#jobs-note", Static).content)
        assert "SQS could not be read: no SQS queue shop-jobs" in note
        assert "SHOP_JOBS_AUTO_CREATE" in note


@pilot_test
async def test_jobs_of_a_pubsub_app(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_app(tmp_path / "shop", queue_provider="pubsub")
    monkeypatch.setattr(jobs, "metrics_url", lambda *a: "http://127.0.0.1:9090/metrics")
    monkeypatch.setattr(jobs, "scrape", lambda url: parse_exposition(METRICS))
    app = TracksApp(project, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#jobs-table", DataTable)
        got = rows(table)
        assert (got["queue depth (waiting)"], got["in flight"], got["dead letters"]) == (
            "unknown",
            "2",
            "unknown",
        )
        assert sources(table)["in flight"] == "metrics"
        note = str(app.screen.query_one("#jobs-note", Static).content)
        assert "Pub/Sub has no API that counts" in note
        source = str(app.screen.query_one("#jobs-source", Static).content)
        assert "subscription jobs-worker" in source


@pilot_test
async def test_d_lists_the_dead_letters(
    fake_app: Project, monkeypatch: pytest.MonkeyPatch, no_metrics: None
) -> None:
    asked: list[int] = []

    def letters(project: Project, limit: int) -> list[readers.DeadLetter]:
        asked.append(limit)
        return [
            readers.DeadLetter("j-1", "send_digest", 5, "2026-01-02T10:00:01Z", "timeout " * 20),
            readers.DeadLetter(None, None, 1, None, "not a job envelope"),
        ]

    monkeypatch.setattr(jobs, "dead_letters", letters)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#dead-table", DataTable)
        assert table.row_count == 0 and asked == []  # read on demand only: it builds a program
        await pilot.press("d")
        await settle(pilot)
        assert asked == [jobs.DEAD_LIMIT]
        got = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert got == [
            ["j-1", "send_digest", "5", "2026-01-02T10:00:01Z", ("timeout " * 10)[:79] + "…"],
            ["(not a job)", "-", "1", "-", "not a job envelope"],
        ]
        assert str(table.border_title) == "Dead letters: 2 (d: again)"


@pilot_test
async def test_dead_letters_that_cannot_be_read_say_why(
    fake_app: Project, monkeypatch: pytest.MonkeyPatch, no_metrics: None
) -> None:
    def fails(project: Project, limit: int) -> list[readers.DeadLetter]:
        raise TracksError(
            "the memory queue's dead letters live in the server process",
            hint="the app's /admin/jobs page lists them (log in as an admin)",
        )

    monkeypatch.setattr(jobs, "dead_letters", fails)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        note = str(app.screen.query_one("#dead-note", Static).content)
        assert note == (
            "error: the memory queue's dead letters live in the server process\n"
            "hint: the app's /admin/jobs page lists them (log in as an admin)"
        )
        table = app.screen.query_one("#dead-table", DataTable)
        assert str(table.border_title) == "Dead letters: could not be read (d: again)"
