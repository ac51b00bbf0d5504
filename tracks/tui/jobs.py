"""The jobs: queue depth, jobs in flight and dead letters of the queue the app runs with, read
by :mod:`tracks.workbench.jobs` (SQS through its API; the memory queue and Pub/Sub's jobs in
flight from the app's Prometheus endpoint), and the settled jobs by outcome from the same
endpoint. The dead letters themselves are listed by the app (its /admin/jobs page, which needs
an admin's login, and ``cmd/worker dlq list``), not here."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from model.errors import TracksError
from tracks.project import Project
from tracks.tui.common import TracksScreen
from tracks.tui.logs import LogFollower
from tracks.workbench.jobs import QueueCounts, queue_counts
from tracks.workbench.logs import dev_log_path
from tracks.workbench.metrics import Scrape, metrics_url, scrape

#: The rows of the table: label, and the QueueCounts field.
ROWS = (
    ("queue depth (waiting)", "depth"),
    ("in flight", "in_flight"),
    ("dead letters", "dead"),
)
NOT_HERE = (
    "The dead letters themselves (their payloads, errors, redrive) are on the app's "
    "/admin/jobs page (log in as an admin) and, for SQS and Pub/Sub, "
    "`go run ./cmd/worker dlq list`."
)


def read_metrics(project: Project, url: str | None) -> tuple[Scrape | None, str | None]:
    """A scrape of the app's metrics at ``url``, or None and why there is none."""
    if url is None:
        return None, (
            f"the app's metrics are off ({project.env_prefix}_OBSERVABILITY_METRICS_ADDR=off)"
        )
    try:
        return scrape(url), None
    except TracksError:
        return None, f"the app does not answer at {url}: is it running (`tracks dev`)?"


def source_line(counts: QueueCounts, url: str | None) -> str:
    queues = ", ".join(f"{key} {name}" for key, name in counts.queues.items())
    parts = [f"queue provider: {counts.provider}"]
    if queues:
        parts.append(f"queues: {queues}")
    parts.append(f"metrics: {url or 'off'}")
    return "; ".join(parts)


class JobsScreen(TracksScreen):
    """Screen 5: the jobs queue."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="jobs-source")
        yield DataTable(id="jobs-table", cursor_type="row", show_cursor=False)
        yield Static("", id="jobs-note")
        yield Footer()

    def on_mount(self) -> None:
        self.follower = LogFollower(dev_log_path(self.project))
        table = self.query_one("#jobs-table", DataTable)
        table.add_columns("Jobs", "Now", "From")
        table.border_title = "Queue"
        self.action_reload()
        if self.tracks.refresh_seconds > 0:
            self.set_interval(self.tracks.refresh_seconds, self.load)

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="jobs")
    def load(self) -> None:
        with contextlib.suppress(TracksError):
            self.follower.poll()
        url = metrics_url(self.project, self.follower.lines)
        taken, why = read_metrics(self.project, url)
        counts = queue_counts(self.project, taken, why)
        self.app.call_from_thread(self.show, counts, url)

    def show(self, counts: QueueCounts, url: str | None) -> None:
        self.query_one("#jobs-source", Static).update(Text(source_line(counts, url)))
        table = self.query_one("#jobs-table", DataTable)
        table.clear()
        for label, key in ROWS:
            value = getattr(counts, key)
            shown = "unknown" if value is None else str(value)
            table.add_row(label, shown, counts.source.get(key, "-"))
        for outcome, count in sorted(counts.outcomes.items()):
            table.add_row(f"processed: {outcome}", str(count), "metrics")
        note = Text()
        if counts.note:
            note.append(counts.note + "\n\n", style="bold")
        note.append(NOT_HERE)
        self.query_one("#jobs-note", Static).update(note)
