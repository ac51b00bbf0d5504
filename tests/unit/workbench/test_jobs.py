"""The queue readers: SQS through its API (moto in process), the memory queue and Pub/Sub
from the app's metrics, and the provider the app runs with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tracks.project import Project
from tracks.workbench import jobs
from tracks.workbench.metrics import parse_exposition

pytestmark = pytest.mark.unit

AWS = {
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
}
METRICS = parse_exposition(
    """# TYPE jobs_queue_depth gauge
jobs_queue_depth 4
# TYPE jobs_queue_dead_letters gauge
jobs_queue_dead_letters 2
# TYPE jobs_in_flight gauge
jobs_in_flight{job_type="send_email"} 1
jobs_in_flight{job_type="resize"} 2
# TYPE jobs_processed_total counter
jobs_processed_total{job_type="send_email",outcome="ok"} 7
jobs_processed_total{job_type="resize",outcome="ok"} 3
jobs_processed_total{job_type="resize",outcome="dead"} 1
"""
)


@pytest.fixture
def sqs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """SQS in this process (moto's mock), and a boto3 client of it; no cached clients."""
    from moto import mock_aws

    monkeypatch.setattr(jobs, "_CLIENTS", {})
    for key, value in AWS.items():
        monkeypatch.setenv(key, value)
    for key in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SQS", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    with mock_aws():
        import boto3

        yield boto3.client("sqs", region_name="us-east-1")


def fill(sqs: Any, queue: str, dlq: str) -> None:
    """Three jobs waiting and one delayed, one of them received (in flight), two dead."""
    queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    dlq_url = sqs.create_queue(QueueName=dlq)["QueueUrl"]
    for n in range(3):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f'{{"id": "{n}"}}')
    sqs.send_message(QueueUrl=queue_url, MessageBody='{"id": "later"}', DelaySeconds=600)
    got = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, VisibilityTimeout=600)
    assert len(got["Messages"]) == 1
    for n in range(2):
        sqs.send_message(QueueUrl=dlq_url, MessageBody=f'{{"dead": {n}}}')


def test_sqs_counts_the_queues_the_app_creates(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch, sqs: Any
) -> None:
    project = app_factory(queue_provider="sqs")
    fill(sqs, "shop-jobs", "shop-jobs-dlq")
    counts = jobs.queue_counts(project, METRICS)
    assert (counts.provider, counts.depth, counts.in_flight, counts.dead) == ("sqs", 3, 1, 2)
    assert counts.source == {"depth": "SQS API", "in_flight": "SQS API", "dead": "SQS API"}
    assert counts.queues == {"jobs": "shop-jobs", "dead": "shop-jobs-dlq"}
    assert counts.outcomes == {"ok": 10, "dead": 1}  # from the metrics
    assert counts.note is None


def test_sqs_counts_the_queues_the_settings_name(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch, sqs: Any
) -> None:
    project = app_factory(queue_provider="sqs")
    fill(sqs, "orders", "orders-dead")
    fill(sqs, "shop-jobs", "shop-jobs-dlq")  # the defaults hold other numbers
    queue = sqs.get_queue_url(QueueName="orders")["QueueUrl"]
    dlq = sqs.get_queue_url(QueueName="orders-dead")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="{}")
    (project.root / ".env").write_text(
        f"SHOP_ENVIRONMENT=development\nSHOP_JOBS_SQS_QUEUE_URL={queue}\n"
    )
    clean_env.setenv("SHOP_JOBS_SQS_DLQ_URL", dlq)
    counts = jobs.sqs_counts(project)
    assert (counts.depth, counts.in_flight, counts.dead) == (4, 1, 2)
    assert counts.queues == {"jobs": "orders", "dead": "orders-dead"}


def test_sqs_without_its_queue_falls_back_to_the_metrics(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch, sqs: Any
) -> None:
    project = app_factory(queue_provider="sqs")
    with pytest.raises(jobs.TracksError) as caught:
        jobs.sqs_counts(project)
    assert caught.value.message.startswith("no SQS queue shop-jobs")
    assert "SHOP_JOBS_AUTO_CREATE" in (caught.value.hint or "")

    counts = jobs.queue_counts(project, METRICS)
    assert (counts.depth, counts.in_flight, counts.dead) == (4, 3, 2)
    assert counts.source == {"depth": "metrics", "in_flight": "metrics", "dead": "metrics"}
    assert counts.note and counts.note.startswith("SQS could not be read: no SQS queue shop-jobs")


def test_sqs_without_a_region_says_so(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch
) -> None:
    project = app_factory(queue_provider="sqs")
    for key in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        clean_env.delenv(key, raising=False)
    counts = jobs.queue_counts(project, None, "the app does not answer")
    assert (counts.depth, counts.in_flight, counts.dead) == (None, None, None)
    assert counts.note == (
        "SQS could not be read: no AWS region to read SQS in (set AWS_REGION, as for the app "
        "(a local moto takes any, e.g. us-east-1)); the app does not answer"
    )


def test_sqs_without_boto3_says_so(
    app_factory: Callable[..., Project],
    clean_env: pytest.MonkeyPatch,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_boto3(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "boto3" or name.startswith("botocore"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_boto3)
    with pytest.raises(jobs.TracksError, match="needs boto3") as caught:
        jobs.sqs_client(AWS)
    assert caught.value.hint and "pip install boto3" in caught.value.hint


def test_memory_counts_come_from_the_metrics(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch
) -> None:
    project = app_factory()  # queue_provider absent: memory
    counts = jobs.queue_counts(project, METRICS)
    assert (counts.provider, counts.depth, counts.in_flight, counts.dead) == ("memory", 4, 3, 2)
    assert set(counts.source.values()) == {"metrics"}
    assert counts.outcomes == {"ok": 10, "dead": 1}
    assert counts.note is None

    unknown = jobs.queue_counts(project, None, "the metrics are off")
    assert (unknown.depth, unknown.in_flight, unknown.dead) == (None, None, None)
    assert unknown.note == "the metrics are off"

    empty = jobs.memory_counts(project, parse_exposition("go_goroutines 7\n"))
    assert empty.depth is None and empty.note and "no job numbers" in empty.note


def test_pubsub_knows_the_jobs_in_flight_only(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch
) -> None:
    project = app_factory(queue_provider="pubsub")
    clean_env.setenv("SHOP_JOBS_PUBSUB_SUBSCRIPTION", "orders-worker")
    counts = jobs.queue_counts(project, METRICS)
    assert (counts.provider, counts.depth, counts.in_flight, counts.dead) == (
        "pubsub",
        None,
        3,
        None,
    )
    assert counts.source == {"in_flight": "metrics"}
    assert counts.queues == {"subscription": "orders-worker", "dead letter topic": "jobs-dead"}
    assert counts.note == jobs.PUBSUB_NO_BACKLOG


def test_the_provider_setting_wins_over_the_answer(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch
) -> None:
    project = app_factory(queue_provider="sqs")
    assert jobs.queue_provider(project) == "sqs"
    clean_env.setenv("SHOP_ENVIRONMENT", "development")
    clean_env.setenv("SHOP_JOBS_PROVIDER", "memory")
    assert jobs.queue_provider(project) == "memory"
    assert jobs.queue_counts(project, METRICS).provider == "memory"


#: `dlq list -limit N` as the app's cmd/worker answers it (json.Encoder of jobs.DeadLetter: a
#: job, and a message that was no job), its arguments on stderr, FAKE_EXIT's exit code.
FAKE_WORKER = """\
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	fmt.Fprintln(os.Stderr, "ARGS:", strings.Join(os.Args[1:], " "))
	if code, _ := strconv.Atoi(os.Getenv("FAKE_EXIT")); code != 0 {
		fmt.Fprintln(os.Stderr, "error: load config: SHOP_JOBS_SQS_QUEUE_URL: required")
		os.Exit(code)
	}
	fmt.Println(`{"envelope":{"v":1,"id":"j-1","type":"send_digest","payload":{"id":"x"},` +
		`"enqueued_at":"2026-01-02T10:00:00Z","max_attempts":5},` +
		`"error":"send_digest: told to fail","attempts":1,"failed_at":"2026-01-02T10:00:01Z"}`)
	fmt.Println(`{"envelope":null,"error":"not a job envelope: invalid character","attempts":3,` +
		`"failed_at":"0001-01-01T00:00:00Z"}`)
}
"""


@pytest.fixture
def require_go() -> str:
    import shutil

    go = shutil.which("go")
    assert go is not None, "the unit tests need Go (bash .ci/setup)"
    return go


@pytest.fixture
def worker_app(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch, require_go: str
) -> Project:
    project = app_factory(queue_provider="sqs")
    (project.root / "go.mod").write_text("module example.com/shop\n\ngo 1.25\n")
    (project.root / "cmd/worker").mkdir(parents=True)
    (project.root / "cmd/worker/main.go").write_text(FAKE_WORKER)
    return project


def test_dead_letters_come_from_the_apps_worker(worker_app: Project) -> None:
    letters = jobs.dead_letters(worker_app, limit=7)
    assert letters == [
        jobs.DeadLetter(
            id="j-1",
            type="send_digest",
            attempts=1,
            failed_at="2026-01-02T10:00:01Z",
            error="send_digest: told to fail",
            payload={"id": "x"},
        ),
        jobs.DeadLetter(
            id=None,
            type=None,
            attempts=3,
            failed_at="0001-01-01T00:00:00Z",
            error="not a job envelope: invalid character",
        ),
    ]


def test_a_failing_worker_says_why(worker_app: Project, clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("FAKE_EXIT", "1")
    with pytest.raises(jobs.TracksError) as caught:
        jobs.dead_letters(worker_app, limit=7)
    message = caught.value.message
    assert message.startswith("`worker dlq list` exited with status 1: ARGS: dlq list -limit 7")
    assert "SHOP_JOBS_SQS_QUEUE_URL: required" in message


def test_the_memory_queue_has_no_dead_letter_program(
    app_factory: Callable[..., Project], clean_env: pytest.MonkeyPatch
) -> None:
    with pytest.raises(jobs.TracksError, match="dead letters live in the server") as caught:
        jobs.dead_letters(app_factory())
    assert caught.value.hint and "/admin/jobs" in caught.value.hint

    no_worker = app_factory(queue_provider="pubsub")
    with pytest.raises(jobs.TracksError, match=r"has no \./cmd/worker program") as missing:
        jobs.dead_letters(no_worker)
    assert missing.value.exit_code == 2


def test_parse_dead_letters_skips_other_lines() -> None:
    text = 'notice: hello\n[1, 2]\n{"error": "boom", "attempts": 2}\n'
    assert jobs.parse_dead_letters(text) == [jobs.DeadLetter(None, None, 2, None, "boom")]
