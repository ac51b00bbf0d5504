"""The app's Prometheus endpoint: where it is, one scrape parsed, and the request rate and
latency quantiles between two scrapes.

The app serves ``/metrics`` on a private address of its own (``internal/observability``):
``<PREFIX>_OBSERVABILITY_METRICS_ADDR``, by default ``127.0.0.1:9090`` in development, off in
tests and ``:9090`` in production (``internal/config/observability.go``); the app logs the
address it got as ``metrics listening`` (field ``addr``). Request durations are the
OpenTelemetry histogram ``http.server.request.duration``, exposed as
``http_server_request_duration_seconds`` (``_bucket`` with ``le``, ``_sum``, ``_count``),
labelled with ``http_request_method``, ``http_response_status_code`` and, for requests that
matched a route, ``http_route``. Probes and assets are not measured.

The text format is parsed here (it is small); the CLI does not depend on a Prometheus library.
Quantiles are estimated from the buckets as Prometheus' ``histogram_quantile`` does: linear
interpolation inside the bucket that holds the rank.
"""

from __future__ import annotations

import math
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from model.errors import TracksError
from tracks.commands.provider_checks import project_settings
from tracks.project import Project
from tracks.workbench.logs import LogLine

#: The histogram of request durations, in seconds.
DURATION = "http_server_request_duration_seconds"
#: Where the metrics server answers (observability.MetricsPath).
METRICS_PATH = "/metrics"
#: The value of the address setting that turns the metrics server off (config.MetricsOff).
METRICS_OFF = "off"
#: The address setting's default per environment (observabilityDefaults); others: production.
DEFAULT_ADDRS = {"development": "127.0.0.1:9090", "test": METRICS_OFF}
PRODUCTION_ADDR = ":9090"
SCRAPE_TIMEOUT = 2.0
_HINT = (
    "is the app running (`tracks dev`) with its metrics on? "
    "(<PREFIX>_OBSERVABILITY_METRICS_ADDR, off in tests)"
)

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_SAMPLE = re.compile(rf"^(?P<name>{_NAME})(?:\{{(?P<labels>.*)\}})?\s+(?P<rest>\S.*)$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)')
_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n"}


@dataclass(frozen=True)
class Sample:
    """One line of a scrape: a sample name (``..._bucket``, ``go_goroutines``), its labels and
    value."""

    name: str
    labels: Mapping[str, str]
    value: float


@dataclass(frozen=True)
class Scrape:
    """One scrape: its samples, the metric types the ``# TYPE`` lines declared, and when it was
    taken (``time.monotonic()`` seconds, for rates)."""

    samples: tuple[Sample, ...]
    types: Mapping[str, str] = field(default_factory=dict)
    at: float = 0.0

    def get(self, name: str, **labels: str) -> list[Sample]:
        """The samples called ``name`` whose labels include ``labels``."""
        return [
            s
            for s in self.samples
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
        ]

    def total(self, name: str, **labels: str) -> float | None:
        """The sum of the matching samples' values (a counter or gauge across its label
        sets); None when there is none."""
        found = self.get(name, **labels)
        return sum(s.value for s in found) if found else None


@dataclass(frozen=True)
class RequestStats:
    """Requests measured by the duration histogram: over the interval between two scrapes, or
    since the app started when there is one scrape. Times are in seconds."""

    requests: float
    #: Seconds between the scrapes; None for one scrape.
    interval: float | None
    #: Requests per second over the interval; None for one scrape or no interval.
    rate: float | None
    p50: float | None
    p95: float | None
    p99: float | None


def _unescape(value: str) -> str:
    return re.sub(r"\\[\\\"n]", lambda m: _ESCAPES[m.group(0)], value)


def _labels(text: str, line: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _LABEL.match(text, pos)
        if m is None:
            raise TracksError(f"malformed labels in the metrics line: {line[:200]}", exit_code=1)
        labels[m.group(1)] = _unescape(m.group(2))
        pos = m.end()
    return labels


def _value(text: str, line: str) -> float:
    word = text.split()[0]
    try:
        return float(word)  # float() reads +Inf, -Inf and NaN as Prometheus writes them
    except ValueError:
        raise TracksError(
            f"malformed value in the metrics line: {line[:200]}", exit_code=1
        ) from None


def parse_exposition(text: str, at: float = 0.0) -> Scrape:
    """A scrape from the Prometheus text format (version 0.0.4).

    Raises TracksError (exit code 1) on a line that is not a comment or a sample.
    """
    samples: list[Sample] = []
    types: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            words = line.split(None, 3)
            if len(words) >= 4 and words[1] == "TYPE":
                types[words[2]] = words[3].strip()
            continue
        m = _SAMPLE.match(line)
        if m is None:
            raise TracksError(f"malformed metrics line: {line[:200]}", exit_code=1)
        labels = _labels(m["labels"], line) if m["labels"] else {}
        samples.append(Sample(m["name"], labels, _value(m["rest"], line)))
    return Scrape(tuple(samples), types, at)


def scrape(url: str, timeout: float = SCRAPE_TIMEOUT) -> Scrape:
    """Scrape ``url`` once, stamped with ``time.monotonic()``.

    Raises TracksError (exit code 1) when the app does not answer, or answers with an error.
    """
    request = urllib.request.Request(url, headers={"Accept": "text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        raise TracksError(
            f"the metrics endpoint {url} answered {exc.code}", hint=_HINT, exit_code=1
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TracksError(f"cannot scrape {url}: {reason}", hint=_HINT, exit_code=1) from exc
    return parse_exposition(body, at=time.monotonic())


def _url_of(addr: str) -> str | None:
    """``http://host:port/metrics`` for a listen address; None for port 0 or none."""
    host, sep, port = addr.strip().rpartition(":")
    if not sep or not port.isdigit() or int(port) == 0:
        return None
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{METRICS_PATH}"


def metrics_url(project: Project, log: Iterable[LogLine] = ()) -> str | None:
    """The URL of the app's ``/metrics``: from the last ``metrics listening`` line of ``log``
    when given (the address the app really got), else from its settings as the app reads them
    (the environment, and ``.env`` outside production), else its default for the environment.
    None when the metrics are off or the port is chosen at start (``:0``) and no log says it.
    """
    listening = [line for line in log if line.message == "metrics listening"]
    if listening:
        addr = listening[-1].fields.get("addr")
        if isinstance(addr, str):
            return _url_of(addr)
    settings = project_settings(project)
    default = DEFAULT_ADDRS.get(settings.environment, PRODUCTION_ADDR)
    addr = settings.get("observability.metrics_addr", default)
    if addr == METRICS_OFF:
        return None
    return _url_of(addr)


def histogram_quantile(q: float, buckets: Iterable[tuple[float, float]]) -> float | None:
    """The ``q`` quantile (0..1) of a histogram given as cumulative ``(upper bound, count)``
    buckets, ``+Inf`` included, as Prometheus estimates it; None without observations.

    The rank falls in a bucket; the estimate interpolates linearly between that bucket's lower
    and upper bounds (the first bucket's lower bound is 0). A rank in the ``+Inf`` bucket gives
    the largest finite bound.
    """
    ordered = sorted(buckets)
    if not ordered or not math.isinf(ordered[-1][0]):
        return None
    total = ordered[-1][1]
    if total <= 0 or math.isnan(total):
        return None
    rank = q * total
    lower, below = 0.0, 0.0
    for bound, count in ordered:
        if count >= rank:
            if math.isinf(bound):
                return lower if len(ordered) > 1 else None
            inside = count - below
            if inside <= 0:
                return bound
            return lower + (bound - lower) * (rank - below) / inside
        lower, below = bound, count
    return lower


def _buckets(s: Scrape, metric: str, match: Mapping[str, str]) -> dict[float, float]:
    """Cumulative bucket counts of ``metric`` summed over its label sets, by upper bound."""
    summed: dict[float, float] = {}
    for sample in s.get(f"{metric}_bucket", **match):
        try:
            bound = float(sample.labels.get("le", ""))
        except ValueError:
            continue
        summed[bound] = summed.get(bound, 0.0) + sample.value
    return summed


def request_stats(
    after: Scrape,
    before: Scrape | None = None,
    route: str | None = None,
    metric: str = DURATION,
) -> RequestStats:
    """Requests between ``before`` and ``after`` (or since the start with ``after`` alone):
    how many, per second, and the p50, p95 and p99 of their durations. ``route`` keeps one
    route's requests (``http_route`` as the router names it: ``/posts/{postID}``).

    An app that restarted between the scrapes (a count went down) is read from ``after``
    alone, over the interval.
    """
    match = {"http_route": route} if route is not None else {}
    now = _buckets(after, metric, match)
    then = _buckets(before, metric, match) if before is not None else {}
    window = {bound: count - then.get(bound, 0.0) for bound, count in now.items()}
    if any(delta < 0 for delta in window.values()):
        window = now
    requests = window.get(math.inf, 0.0)
    interval = after.at - before.at if before is not None else None
    rate = requests / interval if interval is not None and interval > 0 else None
    pairs = list(window.items())
    return RequestStats(
        requests=requests,
        interval=interval,
        rate=rate,
        p50=histogram_quantile(0.50, pairs),
        p95=histogram_quantile(0.95, pairs),
        p99=histogram_quantile(0.99, pairs),
    )


def _seconds(stamp: str | None) -> float | None:
    try:
        return datetime.fromisoformat(stamp).timestamp() if stamp else None
    except ValueError:
        return None


def _exact_quantile(q: float, ordered: list[float]) -> float | None:
    """The nearest-rank ``q`` quantile of sorted values."""
    if not ordered:
        return None
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def log_request_stats(lines: Iterable[LogLine], seconds: float | None = None) -> RequestStats:
    """:class:`RequestStats` from the request log instead, for an app whose metrics are off:
    the request lines of the last ``seconds`` before the newest one (None: all), their rate
    over that time and the exact p50/p95/p99 of their ``duration_ms`` (in seconds).

    Lines at debug level are left out: the app logs its probes and assets at debug, and the
    duration histogram does not measure them either.
    """
    timed = [
        (at, line.duration_ms / 1000)
        for line in lines
        if line.is_request and line.level != "debug" and line.duration_ms is not None
        if (at := _seconds(line.time)) is not None
    ]
    if seconds is not None and timed:
        newest = max(at for at, _ in timed)
        timed = [(at, d) for at, d in timed if at >= newest - seconds]
    if seconds is not None:
        interval: float | None = seconds
    elif len(timed) > 1:
        interval = max(at for at, _ in timed) - min(at for at, _ in timed)
    else:
        interval = None
    durations = sorted(d for _, d in timed)
    return RequestStats(
        requests=float(len(durations)),
        interval=interval,
        rate=len(durations) / interval if interval else None,
        p50=_exact_quantile(0.50, durations),
        p95=_exact_quantile(0.95, durations),
        p99=_exact_quantile(0.99, durations),
    )


def routes(taken: Scrape, metric: str = DURATION) -> list[str]:
    """The routes the duration histogram of ``taken`` has samples of, sorted."""
    counts = taken.get(f"{metric}_count")
    return sorted({x.labels["http_route"] for x in counts if "http_route" in x.labels})
