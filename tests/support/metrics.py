"""A running app's JSON log lines and its Prometheus metrics on the private address: where the
app says it listens (`metrics listening`, field `addr`), and a scrape parsed with
prometheus_client's text parser, as Prometheus itself would read it."""

from __future__ import annotations

import json
import time
import urllib.error
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from tests.support import server

#: Samples of a scrape by sample name (`..._bucket`, `..._count`, `go_goroutines`): the labels
#: and value of each.
Samples = dict[str, list[tuple[dict[str, str], float]]]


def log_lines(running: server.RunningServer) -> list[dict[str, Any]]:
    """The app's JSON log lines so far (each stdout line is one JSON object)."""
    lines = []
    for raw in running.log().splitlines():
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict):
            lines.append(entry)
    return lines


def metrics_url(running: server.RunningServer, timeout: float = 10.0) -> str:
    """The URL of /metrics on the private address the app logged at startup."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in log_lines(running):
            if entry.get("message") == "metrics listening":
                host, _, port = str(entry.get("addr", "")).rpartition(":")
                assert port.isdigit() and port != "0", f"unusable addr in {entry}"
                return f"http://{host.strip('[]') or '127.0.0.1'}:{port}/metrics"
        time.sleep(0.1)
    raise AssertionError(f"no `metrics listening` line in the app's log:\n{running.log()}")


def parse(text: str) -> Samples:
    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples


def scrape(url: str, timeout: float = 10.0) -> tuple[Samples, bytes]:
    """One scrape of url: its samples, parsed, and the raw body."""
    try:
        resp = server.get(url, timeout=timeout)
    except urllib.error.URLError as exc:
        raise AssertionError(f"scrape of {url} failed: {exc}") from exc
    assert resp.status == 200, (url, resp.status, resp.body[:300])
    return parse(resp.body.decode()), resp.body


def label_values(samples: Samples, name: str, label: str) -> set[str]:
    """The values label takes across the samples called name."""
    return {labels[label] for labels, _ in samples.get(name, []) if label in labels}
