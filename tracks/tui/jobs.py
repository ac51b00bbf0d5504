"""The jobs: queue depth, jobs in flight and dead letters, from the gauges on the app's
Prometheus endpoint while it runs. The workbench has no reader of the app's admin jobs page
(it needs an admin login), so the dead letters themselves are listed there, not here."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
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
from tracks.workbench.info import project_info
from tracks.workbench.logs import dev_log_path
from tracks.workbench.metrics import Scrape, metrics_url, scrape

#: The gauges and counters of the jobs runtime, as the Prometheus endpoint names them.
GAUGES = {
    "queue depth (waiting)": "jobs_queue_depth",
    "in flight": "jobs_in_flight",
    "dead letters": "jobs_queue_dead_letters",
}
COUNTERS = ("jobs_enqueued_total", "jobs_processed_total")
NOT_AVAILABLE = (
    "Not available here: the dead letters themselves (their payloads, errors, retry) are on "
    "the app's /admin/jobs page (log in as an admin); the workbench reads only the metrics."
)


@dataclass(frozen=True)
class JobsView:
    """What the jobs screen shows: the queue provider, where the numbers come from, the
    numbers by label (None: unknown), the processed jobs by outcome, and why there are none."""

    queue: str
    source: str | None
    numbers: dict[str, float | None]
    outcomes: dict[str, float]
    note: str | None = None


def jobs_view(project: Project, queue: str, taken: Scrape | None, url: str | None) -> JobsView:
    if taken is None:
        note = (
            "the app's metrics are off (<PREFIX>_OBSERVABILITY_METRICS_ADDR=off), so the queue "
            "cannot be read"
            if url is None
            else f"the app does not answer at {url}: is it running (`tracks dev`)?"
        )
        note = note.replace("<PREFIX>", project.env_prefix)
        return JobsView(queue, url, dict.fromkeys(GAUGES), {}, note)
    numbers = {label: taken.total(name) for label, name in GAUGES.items()}
    outcomes: dict[str, float] = {}
    for sample in taken.get("jobs_processed_total"):
        outcome = sample.labels.get("outcome") or sample.labels.get("job_outcome") or "all"
        outcomes[outcome] = outcomes.get(outcome, 0.0) + sample.value
    note = None
    if all(value is None for value in numbers.values()):
        note = "the app reports no job metrics: is its jobs runtime on?"
    return JobsView(queue, url, numbers, outcomes, note)


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
        self.queue: str | None = None
        self.follower = LogFollower(dev_log_path(self.project))
        table = self.query_one("#jobs-table", DataTable)
        table.add_columns("Jobs", "Now")
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
        if self.queue is None:
            self.queue = project_info(self.project).providers.get("queue", "memory")
        url = metrics_url(self.project, self.follower.lines)
        taken = None
        if url is not None:
            try:
                taken = scrape(url)
            except TracksError:
                taken = None
        self.app.call_from_thread(self.show, jobs_view(self.project, self.queue, taken, url))

    def show(self, view: JobsView) -> None:
        source = f"queue provider: {view.queue}; numbers from {view.source or 'nowhere'}"
        self.query_one("#jobs-source", Static).update(Text(source))
        table = self.query_one("#jobs-table", DataTable)
        table.clear()
        for label, value in view.numbers.items():
            table.add_row(label, "unknown" if value is None else f"{value:.0f}")
        for outcome, count in sorted(view.outcomes.items()):
            table.add_row(f"processed: {outcome}", f"{count:.0f}")
        note = Text()
        if view.note:
            note.append(view.note + "\n\n", style="bold")
        note.append(NOT_AVAILABLE)
        self.query_one("#jobs-note", Static).update(note)
