"""The jobs: queue depth, jobs in flight and dead letters of the queue the app runs with, read
by :mod:`tracks.workbench.jobs` (SQS through its API; the memory queue and Pub/Sub's jobs in
flight from the app's Prometheus endpoint), and the settled jobs by outcome from the same
endpoint. ``d`` lists the dead letters themselves through the app's ``cmd/worker dlq list``
(SQS and Pub/Sub); the memory queue's are on the app's /admin/jobs page only, which needs an
admin's login."""

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
from tracks.tui.common import TracksScreen, error_text
from tracks.tui.logs import LogFollower
from tracks.workbench.jobs import DeadLetter, QueueCounts, dead_letters, queue_counts
from tracks.workbench.logs import dev_log_path
from tracks.workbench.metrics import Scrape, metrics_url, scrape

#: The rows of the table: label, and the QueueCounts field.
ROWS = (
    ("queue depth (waiting)", "depth"),
    ("in flight", "in_flight"),
    ("dead letters", "dead"),
)
NOT_HERE = (
    "The dead letters themselves: `d` lists them through the app's ./cmd/worker dlq list (SQS, "
    "Pub/Sub); the app's /admin/jobs page shows and redrives them, with an admin's login (the "
    "memory queue's are only there)."
)
#: The dead letters `d` lists at most.
DEAD_LIMIT = 50
DEAD_TITLE = "Dead letters (d: list them through ./cmd/worker dlq list)"
ERROR_WIDTH = 80


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
    """Screen 5: the jobs queue; ``d`` lists its dead letters."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        Binding("d", "dead_letters", "Dead letters"),
    ]
    DEFAULT_CSS = """
    #dead-table { border: round $primary; height: 1fr; }
    #dead-note { padding: 0 1; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="jobs-source")
        yield DataTable(id="jobs-table", cursor_type="row", show_cursor=False)
        yield Static("", id="jobs-note")
        yield DataTable(id="dead-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="dead-note")
        yield Footer()

    def on_mount(self) -> None:
        self.follower = LogFollower(dev_log_path(self.project))
        table = self.query_one("#jobs-table", DataTable)
        table.add_columns("Jobs", "Now", "From")
        table.border_title = "Queue"
        dead = self.query_one("#dead-table", DataTable)
        dead.add_columns("Job", "Type", "Attempts", "Failed at", "Error")
        dead.border_title = DEAD_TITLE
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

    def action_dead_letters(self) -> None:
        dead = self.query_one("#dead-table", DataTable)
        dead.border_title = "Dead letters: building and running ./cmd/worker dlq list..."
        self.load_dead_letters()

    @work(thread=True, exclusive=True, group="jobs-dead")
    def load_dead_letters(self) -> None:
        try:
            letters: list[DeadLetter] | TracksError = dead_letters(self.project, DEAD_LIMIT)
        except TracksError as err:
            letters = err
        self.app.call_from_thread(self.show_dead_letters, letters)

    def show_dead_letters(self, letters: list[DeadLetter] | TracksError) -> None:
        dead = self.query_one("#dead-table", DataTable)
        dead.clear()
        note = self.query_one("#dead-note", Static)
        if isinstance(letters, TracksError):
            dead.border_title = "Dead letters: could not be read (d: again)"
            note.update(error_text(letters))
            return
        note.update("")
        for letter in letters:
            error = letter.error if len(letter.error) <= ERROR_WIDTH else letter.error[:79] + "…"
            dead.add_row(
                letter.id or "(not a job)",
                letter.type or "-",
                str(letter.attempts),
                letter.failed_at or "-",
                error,
            )
        more = " or more" if len(letters) >= DEAD_LIMIT else ""
        dead.border_title = f"Dead letters: {len(letters)}{more} (d: again)"
