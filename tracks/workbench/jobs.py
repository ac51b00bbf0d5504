"""The app's job queue: how many jobs wait, run and are dead, read per queue provider.

- **memory**: the queue lives inside the server process, so only the server can count it. Its
  Prometheus endpoint has the counts (``jobs_queue_depth``, ``jobs_in_flight``,
  ``jobs_queue_dead_letters``: the same ``Stats`` of the broker that the ``/admin/jobs`` page
  shows); that page itself needs an admin's login, which the workbench does not have.
- **sqs**: the SQS API, as the app's broker reads it (``internal/jobs/sqs``, ``Stats``): waiting
  is the jobs queue's visible plus delayed messages, in flight its received (not visible) ones,
  dead the dead letter queue's messages. The queues are the app's settings
  (``<P>_JOBS_SQS_QUEUE_URL``, ``<P>_JOBS_SQS_DLQ_URL``), or the ones the app creates outside
  production when those are empty (``<prefix>-jobs`` and ``<prefix>-jobs-dlq``). It works
  whether the app runs or not, and counts every worker's jobs (also a separate ``cmd/worker``).
  Region, credentials and endpoint are the AWS SDK's variables (``AWS_REGION``,
  ``AWS_ENDPOINT_URL_SQS`` / ``AWS_ENDPOINT_URL``, ...) from the environment, as the app reads
  them. It needs boto3 (installed with the test extras, not a dependency of ``tracks``); without
  it the numbers come from the metrics.
- **pubsub**: Pub/Sub has no API that counts a subscription's backlog (Cloud Monitoring's
  ``subscription/num_undelivered_messages`` does, and no client of it is a dependency here;
  the app's own broker cannot count it either), so only the jobs in flight are known, from the
  app's metrics.

One function per provider, each returning :class:`QueueCounts`; :func:`queue_counts` picks the
one of the provider the app runs with (``<P>_JOBS_PROVIDER``, else its answer). Nothing here
prints; the readers of a running app take a scrape of its metrics (:mod:`.metrics`).

The dead letters themselves (:func:`dead_letters`) are read by the app's own program, as its
operators read them: ``cmd/worker dlq list`` (SQS and Pub/Sub; the memory queue's are inside the
server, on its ``/admin/jobs`` page only).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from model.errors import TracksError
from tracks.commands.provider_checks import Settings, project_settings
from tracks.project import Project
from tracks.workbench.metrics import Scrape

PROVIDERS = ("memory", "sqs", "pubsub")
#: The gauges of the app's jobs runtime on its Prometheus endpoint.
DEPTH_GAUGE = "jobs_queue_depth"
IN_FLIGHT_GAUGE = "jobs_in_flight"
DEAD_GAUGE = "jobs_queue_dead_letters"
PROCESSED_COUNTER = "jobs_processed_total"
#: The SQS attributes the app's broker reads (sqs.Broker.counts).
SQS_ATTRIBUTES = (
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
)
SQS_TIMEOUT = 5.0
_CLIENTS: dict[tuple[str | None, ...], Any] = {}
_CLIENTS_LOCK = threading.Lock()
#: The app's worker program, whose `dlq list` prints the dead letters (SQS and Pub/Sub apps).
WORKER_PACKAGE = "./cmd/worker"
DLQ_TIMEOUT = 60.0
PUBSUB_NO_BACKLOG = (
    "Pub/Sub has no API that counts a subscription's waiting or dead messages (Cloud "
    "Monitoring's subscription/num_undelivered_messages does; not read here)"
)


@dataclass(frozen=True)
class QueueCounts:
    """The queue's numbers now; None where they are unknown (``note`` says why).

    ``source`` names where each number came from (``"SQS API"``, ``"metrics"``); ``queues``
    the queues or subscription read (names, never account numbers); ``outcomes`` the jobs
    the app's workers settled since they started, by outcome (``ok``, ``retry``, ``dead``,
    ``released``), from the metrics.
    """

    provider: str
    depth: int | None = None
    in_flight: int | None = None
    dead: int | None = None
    source: Mapping[str, str] = field(default_factory=dict)
    queues: Mapping[str, str] = field(default_factory=dict)
    outcomes: Mapping[str, int] = field(default_factory=dict)
    note: str | None = None


def queue_provider(project: Project, environ: Mapping[str, str] | None = None) -> str:
    """The queue the app runs with: ``<P>_JOBS_PROVIDER`` (an app keeps the memory queue beside
    its cloud one), else the ``queue_provider`` it was generated with."""
    answer = str(project.answers.get("queue_provider") or "memory")
    return project_settings(project, environ).get("jobs.provider", answer)


def _gauge(taken: Scrape, name: str) -> int | None:
    value = taken.total(name)
    return None if value is None else round(value)


def _outcomes(taken: Scrape | None) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for sample in taken.get(PROCESSED_COUNTER) if taken is not None else ():
        outcome = sample.labels.get("outcome") or sample.labels.get("job_outcome") or "all"
        outcomes[outcome] = outcomes.get(outcome, 0) + round(sample.value)
    return outcomes


def _from_metrics(
    provider: str, taken: Scrape | None, names: Mapping[str, str], why: str | None
) -> QueueCounts:
    """The numbers ``names`` maps (field -> gauge) from a scrape; without one, ``why`` not."""
    if taken is None:
        return QueueCounts(provider, note=why or "no scrape of the app's metrics")
    values = {key: _gauge(taken, gauge) for key, gauge in names.items()}
    source = {key: "metrics" for key, value in values.items() if value is not None}
    note = None
    if not source:
        note = "the app's metrics have no job numbers: is its jobs runtime on?"
    return QueueCounts(provider, **values, source=source, outcomes=_outcomes(taken), note=note)


def memory_counts(project: Project, taken: Scrape | None, why: str | None = None) -> QueueCounts:
    """The memory queue's numbers from a scrape of the app's metrics (None: not running, or
    metrics off, ``why`` says which). Never raises."""
    names = {"depth": DEPTH_GAUGE, "in_flight": IN_FLIGHT_GAUGE, "dead": DEAD_GAUGE}
    return _from_metrics("memory", taken, names, why)


def pubsub_counts(
    project: Project,
    taken: Scrape | None,
    why: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> QueueCounts:
    """The Pub/Sub queue's jobs in flight from a scrape of the app's metrics (``why`` there is
    none); waiting and dead stay unknown (:data:`PUBSUB_NO_BACKLOG`). Never raises."""
    counts = _from_metrics("pubsub", taken, {"in_flight": IN_FLIGHT_GAUGE}, why)
    settings = project_settings(project, environ)
    queues = {
        "subscription": settings.get("jobs.pubsub.subscription", "jobs-worker"),
        "dead letter topic": settings.get("jobs.pubsub.dlq_topic", "jobs-dead"),
    }
    note = PUBSUB_NO_BACKLOG + (f"; {counts.note}" if counts.note else "")
    return QueueCounts(
        "pubsub",
        in_flight=counts.in_flight,
        source=counts.source,
        queues=queues,
        outcomes=counts.outcomes,
        note=note,
    )


def _queue_name(url: str) -> str:
    """A queue URL's last segment (the app logs queues by name: no account number)."""
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def sqs_queue_urls(project: Project, client: Any, settings: Settings) -> dict[str, str]:
    """The app's jobs queue and dead letter queue, ``{"jobs": url, "dead": url}``: its settings,
    else the queues the app creates when they are empty, looked up by name as the broker does
    (``<prefix>-jobs``, the dead letter queue the jobs queue's name plus ``-dlq``)."""
    queue_url = settings.get("jobs.sqs.queue_url")
    dlq_url = settings.get("jobs.sqs.dlq_url")
    name = _queue_name(queue_url) or project.env_prefix.lower() + "-jobs"
    urls = {}
    for key, url, queue in (("jobs", queue_url, name), ("dead", dlq_url, name + "-dlq")):
        setting = settings.var("jobs.sqs.queue_url" if key == "jobs" else "jobs.sqs.dlq_url")
        urls[key] = url or _sqs_call(
            lambda q=queue: client.get_queue_url(QueueName=q)["QueueUrl"],
            f"cannot look up the SQS queue {queue}",
            missing=f"no SQS queue {queue} (the app's default when {setting} is empty)",
            hint="the app creates it on its first start outside production "
            f"({settings.var('jobs.auto_create')}); or set {setting}",
        )
    return urls


def _sqs_call(call: Any, what: str, missing: str | None = None, hint: str | None = None) -> Any:
    """``call()``, its botocore errors as a TracksError (1): ``what: the error``, or
    ``missing`` and ``hint`` when the queue does not exist."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return call()
    except ClientError as err:
        code = str(err.response.get("Error", {}).get("Code", ""))
        if missing and ("NonExistentQueue" in code or code.endswith("QueueDoesNotExist")):
            raise TracksError(missing, hint=hint, exit_code=1) from err
        raise TracksError(f"{what}: {err}", exit_code=1) from err
    except BotoCoreError as err:
        raise TracksError(f"{what}: {err}", exit_code=1) from err


def sqs_client(environ: Mapping[str, str] | None = None) -> Any:
    """A boto3 SQS client as the app's AWS SDK sets itself up from ``environ`` (default: this
    process's): ``AWS_ENDPOINT_URL_SQS`` or ``AWS_ENDPOINT_URL``, ``AWS_REGION`` (or
    ``AWS_DEFAULT_REGION``), the credentials or ``AWS_PROFILE`` in it, else boto3's own chain
    (shared files, an instance role). One client per such setup, reused.

    Raises TracksError (1) when boto3 is not installed or no region is set.
    """
    env = os.environ if environ is None else environ
    try:
        import boto3  # not a dependency of tracks: only the SQS reader needs it
        from botocore.config import Config
    except ImportError as err:
        raise TracksError(
            "reading SQS needs boto3, which is not installed",
            hint="pip install boto3 (the numbers come from the app's metrics meanwhile)",
            exit_code=1,
        ) from err
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if not region:
        raise TracksError(
            "no AWS region to read SQS in",
            hint="set AWS_REGION, as for the app (a local moto takes any, e.g. us-east-1)",
            exit_code=1,
        )
    endpoint = env.get("AWS_ENDPOINT_URL_SQS") or env.get("AWS_ENDPOINT_URL") or None
    credentials = {
        "aws_access_key_id": env.get("AWS_ACCESS_KEY_ID") or None,
        "aws_secret_access_key": env.get("AWS_SECRET_ACCESS_KEY") or None,
        "aws_session_token": env.get("AWS_SESSION_TOKEN") or None,
        "profile_name": env.get("AWS_PROFILE") or None,
    }
    key = (region, endpoint, *credentials.values())
    with _CLIENTS_LOCK:  # a client loads its service model: made once, reused every refresh
        if key not in _CLIENTS:
            config = Config(
                connect_timeout=SQS_TIMEOUT, read_timeout=SQS_TIMEOUT, retries={"max_attempts": 1}
            )
            session = boto3.session.Session(**credentials)
            _CLIENTS[key] = session.client(
                "sqs", region_name=region, endpoint_url=endpoint, config=config
            )
        return _CLIENTS[key]


def sqs_counts(
    project: Project,
    taken: Scrape | None = None,
    environ: Mapping[str, str] | None = None,
    client: Any = None,
) -> QueueCounts:
    """The SQS queues' numbers from the SQS API, as the app's broker counts them; the settled
    jobs by outcome from ``taken`` (a scrape of the app's metrics) when given.

    Raises TracksError (1) when SQS cannot be read (boto3 missing, no region, a queue that
    does not exist, SQS not answering).
    """
    settings = project_settings(project, environ)
    client = client if client is not None else sqs_client(environ)
    urls = sqs_queue_urls(project, client, settings)
    counts: dict[str, dict[str, int]] = {}
    for key, url in urls.items():
        answer = _sqs_call(
            lambda u=url: client.get_queue_attributes(
                QueueUrl=u, AttributeNames=list(SQS_ATTRIBUTES)
            ),
            f"cannot read the SQS queue {_queue_name(url)}",
        )
        attributes = answer.get("Attributes", {})
        counts[key] = {name: int(attributes.get(name, 0)) for name in SQS_ATTRIBUTES}
    jobs, dead = counts["jobs"], counts["dead"]
    return QueueCounts(
        "sqs",
        depth=jobs["ApproximateNumberOfMessages"] + jobs["ApproximateNumberOfMessagesDelayed"],
        in_flight=jobs["ApproximateNumberOfMessagesNotVisible"],
        dead=dead["ApproximateNumberOfMessages"] + dead["ApproximateNumberOfMessagesNotVisible"],
        source=dict.fromkeys(("depth", "in_flight", "dead"), "SQS API"),
        queues={"jobs": _queue_name(urls["jobs"]), "dead": _queue_name(urls["dead"])},
        outcomes=_outcomes(taken),
    )


def queue_counts(
    project: Project,
    taken: Scrape | None,
    why: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> QueueCounts:
    """The numbers of the queue the app runs with (:func:`queue_provider`): ``taken`` is a
    scrape of the app's metrics, or None and ``why`` there is none. An SQS queue that cannot
    be read falls back to the metrics, with why in ``note``. Never raises."""
    provider = queue_provider(project, environ)
    if provider == "sqs":
        try:
            return sqs_counts(project, taken, environ)
        except TracksError as err:
            metrics = memory_counts(project, taken, why)
            reason = err.message + (f" ({err.hint})" if err.hint else "")
            note = f"SQS could not be read: {reason}" + (
                f"; {metrics.note}" if metrics.note else ""
            )
            return QueueCounts(
                "sqs",
                metrics.depth,
                metrics.in_flight,
                metrics.dead,
                metrics.source,
                outcomes=metrics.outcomes,
                note=note,
            )
    if provider == "pubsub":
        return pubsub_counts(project, taken, why, environ)
    if provider != "memory":
        return QueueCounts(provider, note=f"unknown queue provider {provider!r}")
    return memory_counts(project, taken, why)


@dataclass(frozen=True)
class DeadLetter:
    """A job that will not be retried (``jobs.DeadLetter`` of the app): its id, type and
    payload, the attempts it had, when it failed and why. A letter that held no job has no id."""

    id: str | None
    type: str | None
    attempts: int
    failed_at: str | None
    error: str
    payload: Any = None


def parse_dead_letters(text: str) -> list[DeadLetter]:
    """The JSON lines of ``worker dlq list``; other lines are left out."""
    letters = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        envelope = record.get("envelope") if isinstance(record.get("envelope"), dict) else {}
        letters.append(
            DeadLetter(
                id=envelope.get("id") or None,
                type=envelope.get("type") or None,
                attempts=int(record.get("attempts") or 0),
                failed_at=record.get("failed_at") or None,
                error=str(record.get("error") or ""),
                payload=envelope.get("payload"),
            )
        )
    return letters


def dead_letters(project: Project, limit: int = 20) -> list[DeadLetter]:
    """Up to ``limit`` dead letters, as the app's ``worker dlq list -limit N`` prints them:
    ``./cmd/worker`` built (as ``tracks db`` builds ``./cmd/migrate``) and run at the app root
    in this environment, so with the app's own settings and SDK variables. It reads without
    removing: SQS's letters are received and made visible again, Pub/Sub's pulled and nacked.
    Slow the first time (the build); run it in a worker thread.

    Raises TracksError: the memory queue (1: its dead letters live in the server process), no
    ``./cmd/worker`` (2), Go missing or the build failing (1), the program failing (1, with its
    error lines).
    """
    from hooks import runner
    from tracks.commands import db

    provider = queue_provider(project)
    if provider not in ("sqs", "pubsub"):
        raise TracksError(
            f"the {provider} queue's dead letters live in the server process",
            hint="the app's /admin/jobs page lists them (log in as an admin)",
            exit_code=1,
        )
    missing = f"{WORKER_PACKAGE} comes with the sqs and pubsub queues"
    with db.built_program(project, WORKER_PACKAGE, missing, quiet=True) as binary:
        argv = [binary, "dlq", "list", "-limit", str(limit)]
        result = runner.capture(argv, cwd=project.root, timeout=DLQ_TIMEOUT)
    if not result.ok:
        raise TracksError(
            f"`worker dlq list` exited with status {result.code}: {result.stderr.strip()}",
            hint=f"the app's settings for its {provider} queue (`tracks doctor` checks them)",
            exit_code=1,
        )
    return parse_dead_letters(result.stdout)
