"""The jobs screen of an SQS app against a real moto server: the app (the session's AWS app,
tests/support/provider_apps.py) runs in development, creates its queues itself, and its
worker settles jobs enqueued into them; the screen shows SQS's counts of those queues, read
through the SQS API, the settled jobs from the app's metrics, and (`d`) the dead letter the
worker made, through the app's own `cmd/worker dlq list`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from tests.e2e.test_web import PREFIX
from tests.support import authflow, server
from tests.support.moto import Moto
from tests.support.paths import DEFAULT_DRIVER
from tests.support.provider_apps import JOB
from tests.unit.tui.conftest import SIZE, pilot_test, settle
from tracks.project import find_project
from tracks.tui.app import TracksApp
from tracks.workbench import jobs as readers

pytestmark = pytest.mark.e2e

#: How long the app's worker may take to settle what the test enqueued (SQS long polls).
SETTLE_WITHIN = 60.0


@pytest.fixture
def own_moto(tmp_path: Path) -> Iterator[Moto]:
    """A moto of this test's own: the app makes its queues under their default names
    (shop-jobs, shop-jobs-dlq), which another test's app on a shared server would share."""
    moto = Moto(tmp_path / "moto")
    moto.start()
    try:
        yield moto
    finally:
        moto.stop()


@pytest.fixture
def sqs_app(
    aws_app: Path,
    own_moto: Moto,
    database_env: Callable[[str], dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[Path, Any]]:
    """The AWS app's server in development on moto (it creates its queues: jobs.auto_create),
    its metrics on a port of their own; this process's environment is what the app's is, as
    a developer's shell running `tracks dev` and `tracks tui` would be. Yields the app and a
    boto3 SQS client."""
    metrics_port = server.free_port()
    env = {
        **database_env(DEFAULT_DRIVER),
        **own_moto.env(),
        f"{PREFIX}_ENVIRONMENT": "development",
        f"{PREFIX}_STORAGE_PROVIDER": "local",
        f"{PREFIX}_STORAGE_LOCAL_DIR": str(tmp_path / "uploads"),
        f"{PREFIX}_JOBS_PROVIDER": "sqs",
        f"{PREFIX}_OBSERVABILITY_METRICS_ADDR": f"127.0.0.1:{metrics_port}",
        # a failed attempt hides its job for the backoff (5 to 10 minutes here): in flight
        f"{PREFIX}_JOBS_BACKOFF_BASE": "10m",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(readers, "_CLIENTS", {})
    running = authflow.start_app(aws_app, PREFIX, env, tmp_path / "server.log")
    try:
        yield aws_app, own_moto.client("sqs")
    finally:
        assert running.terminate() == 0, running.log()


def envelope(job_id: str, payload: dict[str, Any]) -> str:
    """A job as the app's client enqueues it (internal/jobs.Envelope, version 1)."""
    return json.dumps(
        {
            "v": 1,
            "id": job_id,
            "type": JOB,
            "payload": payload,
            "enqueued_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "max_attempts": 5,
        }
    )


def rows(table: DataTable) -> dict[str, tuple[str, str]]:
    """Each row's label, number and where the number came from."""
    return {
        str(r[0]): (str(r[1]), str(r[2]))
        for r in (table.get_row_at(i) for i in range(table.row_count))
    }


@pilot_test
async def test_the_jobs_screen_counts_the_apps_sqs_queues(
    sqs_app: tuple[Path, Any], tmp_path: Path
) -> None:
    app_root, sqs = sqs_app
    project = find_project(app_root)
    assert project is not None
    # The queues the app made at its start, under the names the workbench looks up.
    queue = sqs.get_queue_url(QueueName="shop-jobs")["QueueUrl"]
    sqs.get_queue_url(QueueName="shop-jobs-dlq")
    marker = tmp_path / "marker.txt"
    tag = uuid.uuid4().hex[:6]
    # Two jobs due in 10 minutes (waiting), one that fails and is retried after the backoff
    # (its handler cannot write into a missing folder: in flight meanwhile), one that fails
    # for good (a dead letter), one that runs.
    for n in range(2):
        body = envelope(f"later-{n}-{tag}", {"id": f"later-{n}", "marker": str(marker)})
        sqs.send_message(QueueUrl=queue, MessageBody=body, DelaySeconds=600)
    missing = tmp_path / "missing" / "marker.txt"
    sqs.send_message(
        QueueUrl=queue,
        MessageBody=envelope(f"retry-{tag}", {"id": "retry", "marker": str(missing)}),
    )
    sqs.send_message(
        QueueUrl=queue,
        MessageBody=envelope(
            f"doomed-{tag}", {"id": "doomed", "marker": str(marker), "fail": True}
        ),
    )
    sqs.send_message(
        QueueUrl=queue, MessageBody=envelope(f"ok-{tag}", {"id": "ok", "marker": str(marker)})
    )

    want = {
        "queue depth (waiting)": ("2", "SQS API"),
        "in flight": ("1", "SQS API"),
        "dead letters": ("1", "SQS API"),
        "processed: dead": ("1", "metrics"),
        "processed: ok": ("1", "metrics"),
        "processed: retry": ("1", "metrics"),
    }
    app = TracksApp(project, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#jobs-table", DataTable)

        async def settled() -> bool:
            await pilot.press("r")
            await settle(pilot)
            return rows(table) == want

        deadline = time.monotonic() + SETTLE_WITHIN
        while not await settled():
            if time.monotonic() > deadline:
                note = str(app.screen.query_one("#jobs-note", Static).content)
                raise AssertionError(f"the screen shows {rows(table)}, want {want}\n{note}")
            await pilot.pause(0.5)
        source = str(app.screen.query_one("#jobs-source", Static).content)
        assert "queue provider: sqs; queues: jobs shop-jobs, dead shop-jobs-dlq" in source
        assert sorted(marker.read_text().split()) == ["doomed", "ok"]

        await pilot.press("d")  # builds ./cmd/worker, runs `worker dlq list`
        await settle(pilot)
        dead = app.screen.query_one("#dead-table", DataTable)
        letters = [[str(cell) for cell in dead.get_row_at(i)] for i in range(dead.row_count)]
        note = str(app.screen.query_one("#dead-note", Static).content)
        assert len(letters) == 1, (letters, note)
        job, kind, attempts, _, error = letters[0]
        assert (job, kind, attempts) == (f"doomed-{tag}", JOB, "1")
        assert "told to fail" in error
        # listing them left them in the queue
        await pilot.press("r")
        await settle(pilot)
        assert rows(table)["dead letters"] == ("1", "SQS API")
