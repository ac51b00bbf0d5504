"""e2e tier over HTTP: a job enqueued through /admin/jobs by an admin runs once, a failing one
lands in the dead letters once, and the page refuses bad input and users without jobs:manage.

The apps are the session's two provider apps (tests/support/provider_apps.py), which have
`tracks generate job send_digest`, its handler edited the way a user fills one in: it appends
the payload's id to the file the payload names (so the test counts runs), and a payload with
`"fail": true` fails permanently after that. The `jobs_app` fixture runs every test per queue
provider: `memory` (the AWS app, JOBS_PROVIDER=memory), `sqs` (the AWS app against moto) and
`pubsub` (the alt app against pstest); TRACKS_E2E_JOB_QUEUES (comma separated) picks fewer.
Each is a `JobsApp` whose `queue_env` points a test's server at a queue of its own (see
JOBS_APPS).
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, server
from tests.support.authflow import Client, log_in
from tests.support.mailpit import Mailpit
from tests.support.paths import DEFAULT_DRIVER
from tests.support.provider_apps import plain_env
from tests.support.pubsub import pstest  # noqa: F401  (the fixture pubsub_app asks for)

pytestmark = pytest.mark.e2e

#: RBAC_RELOAD_INTERVAL of the server, in seconds: a role granted by bin/admin holds after it.
RELOAD = 1
#: How long a queued job may take to run (the SQS and Pub/Sub long polls included).
RUN_WITHIN = 20.0
#: How long the test keeps watching after a job ran, to see that it does not run again.
SETTLE = 3.0


@dataclass
class JobsApp:
    """A built app with the send_digest job (bin/server and bin/admin), and what gives each
    test's server the environment its queue needs beside the database and mail settings: a
    queue of the test's own where the provider has queues (none for the memory queue)."""

    app: Path
    queue_env: Callable[[], dict[str, str]] = dict


def memory_app(request: pytest.FixtureRequest) -> JobsApp:
    """The memory queue, which every app has beside its cloud queue: the AWS app with
    JOBS_PROVIDER=memory (a render of its own would build the same broker)."""
    return JobsApp(request.getfixturevalue("aws_app"))


def sqs_app(request: pytest.FixtureRequest) -> JobsApp:
    """An SQS app against the session's moto. Each test's server gets a queue pair of its own,
    made beforehand (in production the app only checks that its queues exist): a stopped
    server's unfinished long poll may still take the next message of its queue, hiding it for
    the visibility timeout."""
    moto = request.getfixturevalue("moto")
    app = request.getfixturevalue("aws_app")

    def queue_env() -> dict[str, str]:
        sqs = moto.client("sqs")
        name = f"shop-jobs-e2e-{uuid.uuid4().hex[:8]}"
        dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]
        policy = json.dumps({"deadLetterTargetArn": arn["QueueArn"], "maxReceiveCount": "10"})
        queue = sqs.create_queue(QueueName=name, Attributes={"RedrivePolicy": policy})
        return {
            **moto.env(),
            f"{PREFIX}_JOBS_PROVIDER": "sqs",
            f"{PREFIX}_JOBS_SQS_QUEUE_URL": queue["QueueUrl"],
            f"{PREFIX}_JOBS_SQS_DLQ_URL": dlq,
        }

    return JobsApp(app, queue_env)


def pubsub_app(request: pytest.FixtureRequest) -> JobsApp:
    """A Pub/Sub app against the session's pstest, on topics and a subscription of each test's
    own. pstest starts without them and has no API to make them from here, so the app makes
    them (jobs.auto_create), which only a non-production environment allows."""
    ps = request.getfixturevalue("pstest")
    app = request.getfixturevalue("alt_app")

    def queue_env() -> dict[str, str]:
        tag = uuid.uuid4().hex[:8]
        return {
            **ps.env(PREFIX),
            f"{PREFIX}_JOBS_PUBSUB_TOPIC": f"jobs-{tag}",
            f"{PREFIX}_JOBS_PUBSUB_SUBSCRIPTION": f"jobs-worker-{tag}",
            f"{PREFIX}_JOBS_PUBSUB_DLQ_TOPIC": f"jobs-dead-{tag}",
            f"{PREFIX}_ENVIRONMENT": "development",
        }

    return JobsApp(app, queue_env)


#: The apps the tests can run against, by queue provider: each takes one of the session's
#: provider apps (tests/support/provider_apps.py) and says what environment its queue needs.
#: All three run by default (CI starts moto and pstest); TRACKS_E2E_JOB_QUEUES (comma
#: separated) picks fewer, e.g. `memory` where neither server can run.
JOBS_APPS: dict[str, Callable[[pytest.FixtureRequest], JobsApp]] = {
    "memory": memory_app,
    "sqs": sqs_app,
    "pubsub": pubsub_app,
}
QUEUES = [
    q.strip() for q in os.environ.get("TRACKS_E2E_JOB_QUEUES", ",".join(JOBS_APPS)).split(",") if q
]


@pytest.fixture(scope="session", params=QUEUES)
def jobs_app(request: pytest.FixtureRequest) -> JobsApp:
    return JOBS_APPS[request.param](request)


@dataclass
class Queue:
    """The app's server on a fresh database, an admin logged in, and where jobs leave marks."""

    jobs: JobsApp
    server: server.RunningServer
    admin: Client
    env: dict[str, str]
    marker: Path

    def enqueue(self, payload: dict[str, object], client: Client | None = None) -> str:
        """POST the enqueue form as the admin; return the new job's id from the redirect."""
        resp = (client or self.admin).post(
            "/admin/jobs", {"type": "send_digest", "payload": json.dumps(payload)}
        )
        assert resp.status == 303, (resp.status, resp.body[:800])
        found = re.fullmatch(r"/admin/jobs\?enqueued=([\w-]+)", resp.headers["Location"])
        assert found, resp.headers
        return found.group(1)

    def runs(self) -> list[str]:
        """The ids the handler has written, one line per run."""
        return self.marker.read_text().split() if self.marker.exists() else []

    def page(self) -> str:
        resp = self.admin.get("/admin/jobs")
        assert resp.status == 200, (resp.status, resp.body[:800])
        return resp.body.decode()


@pytest.fixture
def queue(
    jobs_app: JobsApp,
    database_env: Callable[[str], dict[str, str]],
    mailpit: Mailpit,
    tmp_path: Path,
) -> Iterator[Queue]:
    env = {
        **production_env(
            database_env(DEFAULT_DRIVER),
            MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
            AUTH_RATE_LIMIT_REQUESTS="0",
            RBAC_RELOAD_INTERVAL=f"{RELOAD}s",
        ),
        **mailpit.env(PREFIX),
        **plain_env(PREFIX, tmp_path),
        **jobs_app.queue_env(),
    }
    running = authflow.start_app(jobs_app.app, PREFIX, env, tmp_path / "server.log")
    admin = Client(running)
    log_in(admin, mailpit, "ada@example.com")
    authflow.admin(
        jobs_app.app, env, "roles", "grant", "--email", "ada@example.com", "--role", "admin"
    )
    authflow.poll(
        lambda: admin.get("/admin/jobs").status == 200, RELOAD + 5, "the admin role taking effect"
    )
    yield Queue(jobs_app, running, admin, env, tmp_path / "marker.txt")
    assert running.terminate() == 0, running.log()


def wait_runs(q: Queue, want: list[str]) -> None:
    """Wait until the handler has run for want, then a little longer: it must not run again."""
    authflow.poll(lambda: len(q.runs()) >= len(want), RUN_WITHIN, f"runs {want}")
    time.sleep(SETTLE)
    assert q.runs() == want, f"the handler ran {q.runs()}, want {want}\n{q.server.log()}"


def dead_rows(page: str, job_id: str) -> int:
    return page.count(f'id="dead-{job_id}"')


def test_a_job_enqueued_by_an_admin_runs_once(queue: Queue) -> None:
    page = queue.page()
    assert '<option value="send_digest"' in page, page
    job_id = queue.enqueue({"id": "digest-1", "marker": str(queue.marker)})
    wait_runs(queue, ["digest-1"])
    assert dead_rows(queue.page(), job_id) == 0
    # The enqueue is in the audit trail, by the admin, naming the job.
    events = authflow.admin_json(
        queue.jobs.app, queue.env, "audit", "list", "--action", "jobs.enqueue", "--limit", "100"
    )
    assert [(e["target_type"], e["target_id"]) for e in events] == [("job", job_id)], events


def test_a_failing_job_lands_in_the_dead_letters_once(queue: Queue) -> None:
    job_id = queue.enqueue({"id": "doomed-1", "marker": str(queue.marker), "fail": True})
    wait_runs(queue, ["doomed-1"])  # permanent: no retry

    def listed() -> bool:
        return dead_rows(queue.page(), job_id) > 0

    authflow.poll(listed, RUN_WITHIN, "the dead letter on /admin/jobs")
    time.sleep(SETTLE)
    page = queue.page()
    assert dead_rows(page, job_id) == 1, page
    assert "told to fail" in page
    assert queue.runs() == ["doomed-1"]

    # A provider that can redrive offers it: the job runs again and is dead again, once.
    redrive = f"/admin/jobs/dead/{job_id}/redrive"
    if f'action="{redrive}"' not in page:
        return
    resp = queue.admin.post(redrive)
    assert resp.status == 303, (resp.status, resp.body[:800])
    assert resp.headers["Location"] == f"/admin/jobs?redriven={job_id}"
    wait_runs(queue, ["doomed-1", "doomed-1"])
    authflow.poll(listed, RUN_WITHIN, "the redriven job's dead letter")
    assert dead_rows(queue.page(), job_id) == 1
    events = authflow.admin_json(
        queue.jobs.app, queue.env, "audit", "list", "--action", "jobs.redrive", "--limit", "100"
    )
    assert [e["target_id"] for e in events] == [job_id], events
    # An id that is no dead letter is 404.
    assert queue.admin.post(f"/admin/jobs/dead/{job_id}-x/redrive").status == 404


@pytest.mark.parametrize(
    ("form", "field_id", "message"),
    [
        ({"type": "send_digest", "payload": '{"id": "x"'}, "job-payload-error", "valid JSON"),
        ({"type": "send_digest", "payload": '{"id": 7}'}, "job-payload-error", "does not fit"),
        ({"type": "launch_rockets", "payload": "{}"}, "job-type-error", "registered job type"),
    ],
)
def test_bad_enqueue_input_is_422_with_the_fields_error(
    queue: Queue, form: dict[str, str], field_id: str, message: str
) -> None:
    resp = queue.admin.post("/admin/jobs", form)
    assert resp.status == 422, (resp.status, resp.body[:800])
    body = resp.body.decode()
    error = re.search(rf'id="{field_id}"[^>]*>([^<]*)<', body)
    assert error and message in error.group(1), body
    time.sleep(SETTLE)
    assert queue.runs() == []


def test_a_user_without_jobs_permissions_is_refused(queue: Queue, mailpit: Mailpit) -> None:
    bob = Client(queue.server)
    log_in(bob, mailpit, "bob@example.com")
    assert bob.get("/admin/jobs").status == 403
    resp = bob.post("/admin/jobs", {"type": "send_digest", "payload": "{}"})
    assert resp.status == 403
    anonymous = Client(queue.server)
    resp = anonymous.get("/admin/jobs")
    assert resp.status == 303 and resp.headers["Location"].startswith("/login"), resp.headers
    time.sleep(SETTLE)
    assert queue.runs() == []
