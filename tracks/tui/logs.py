"""The logs: the dev server's JSON lines (``<root>/tmp/dev.log``, which ``tracks dev`` writes)
followed as they come, the request lines filtered by level, path, status and request id;
selecting one shows every line of its request."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, RichLog, Select, Static

from model.errors import TracksError
from tracks.tui.common import TracksScreen, error_text
from tracks.workbench.logs import (
    LogLine,
    dev_log_path,
    filter_requests,
    read_log,
    request_lines,
)

#: How many lines the UI keeps in memory, and how many request lines the table shows.
KEEP_LINES = 20_000
SHOW_REQUESTS = 500
LEVELS = ("debug", "info", "warn", "error")


class LogFollower:
    """A log file read on from where the previous read stopped; the last :data:`KEEP_LINES`
    lines are kept. A missing file is no error (nothing yet); a file that shrank is read again
    from its start."""

    def __init__(self, path: Path, keep: int = KEEP_LINES) -> None:
        self.path = path
        self.lines: deque[LogLine] = deque(maxlen=keep)
        self.offset = 0
        self.next_number = 1
        self.skipped = 0

    def rel(self, root: Path) -> str:
        try:
            return self.path.relative_to(root).as_posix()
        except ValueError:
            return str(self.path)

    def poll(self) -> list[LogLine]:
        """The lines written since the previous call; TracksError (1) when unreadable."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return []
        except OSError:
            size = 0
        if size < self.offset:
            self.lines.clear()
            self.offset, self.next_number, self.skipped = 0, 1, 0
        read = read_log(self.path, self.offset, self.next_number)
        self.offset = read.offset
        self.skipped += read.skipped
        if read.lines:
            self.next_number = read.lines[-1].number + 1
        self.lines.extend(read.lines)
        return list(read.lines)


def line_text(line: LogLine) -> Text:
    """One log line in full: time, level, message, then its other fields."""
    text = Text(f"{line.number:>6} ", style="dim")
    text.append(f"{line.time or '-'} ")
    text.append(f"{(line.level or '-').upper():<5} ", style="bold")
    text.append(line.message)
    skip = {"time", "level", "message"}
    extra = {k: v for k, v in line.fields.items() if k not in skip}
    if extra:
        text.append(" " + json.dumps(extra, separators=(",", "="), default=str), style="dim")
    return text


class LogsScreen(TracksScreen):
    """Screen 3: the request log, filtered, and the lines of one request."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        Binding("escape", "focus_table", "Requests", show=False),
        Binding("slash", "focus_filter", "Filter"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="log-filters"):
            yield Select(
                [(f"level {level}+", level) for level in LEVELS],
                prompt="any level",
                id="filter-level",
            )
            yield Input(placeholder="path contains", id="filter-path")
            yield Input(placeholder="status: 404 or 5xx", id="filter-status")
            yield Input(placeholder="request id", id="filter-request")
        yield Static("", id="log-status")
        yield DataTable(id="requests-table", cursor_type="row", zebra_stripes=True)
        yield RichLog(id="request-lines", wrap=True, markup=False, highlight=False)
        yield Footer()

    def on_mount(self) -> None:
        self.follower = LogFollower(dev_log_path(self.project))
        table = self.query_one("#requests-table", DataTable)
        table.add_columns("Time", "Level", "Method", "Path", "Status", "ms", "Request id")
        table.border_title = "Requests"
        self.query_one("#request-lines", RichLog).border_title = "Lines of the request"
        self.action_reload()
        if self.tracks.refresh_seconds > 0:
            self.set_interval(self.tracks.refresh_seconds / 2, self.follow)

    def action_reload(self) -> None:
        self.follow()

    def action_focus_table(self) -> None:
        self.query_one("#requests-table", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter-path", Input).focus()

    @work(thread=True, exclusive=True, group="logs-follow")
    def follow(self) -> None:
        try:
            new = self.follower.poll()
        except TracksError as err:
            self.app.call_from_thread(self.show_error, err)
            return
        if new or not hasattr(self, "shown"):
            self.app.call_from_thread(self.show_requests)

    def show_error(self, err: TracksError) -> None:
        self.query_one("#log-status", Static).update(error_text(err))

    @on(Select.Changed, "#filter-level")
    @on(Input.Changed, "#log-filters Input")
    def filters_changed(self) -> None:
        self.show_requests()

    def filters(self) -> dict[str, str | None]:
        level = self.query_one("#filter-level", Select).value
        return {
            "level": level if isinstance(level, str) else None,
            "path_contains": self.query_one("#filter-path", Input).value.strip() or None,
            "status": self.query_one("#filter-status", Input).value.strip() or None,
            "request_id": self.query_one("#filter-request", Input).value.strip() or None,
        }

    def show_requests(self) -> None:
        self.shown = True
        status = self.query_one("#log-status", Static)
        rel = self.follower.rel(self.project.root)
        if not self.follower.path.is_file():
            status.update(
                Text(
                    f"no log at {rel} yet: start the app with `tracks dev` (in a terminal, at "
                    f"{self.project.root}); it writes the app's JSON lines there as they come"
                )
            )
            return
        try:
            found = filter_requests(self.follower.lines, limit=SHOW_REQUESTS, **self.filters())
        except TracksError as err:
            status.update(error_text(err))
            return
        requests = sum(1 for line in self.follower.lines if line.is_request)
        note = f"; not JSON: {self.follower.skipped}" if self.follower.skipped else ""
        status.update(
            f"{rel}: {len(self.follower.lines)} lines, {requests} requests, "
            f"{len(found)} shown{note}"
        )
        table = self.query_one("#requests-table", DataTable)
        at_end = table.cursor_row >= table.row_count - 1
        table.clear()
        for line in found:
            table.add_row(
                line.time or "-",
                line.level or "-",
                line.method or "-",
                line.path or "-",
                str(line.status) if line.status is not None else "-",
                f"{line.duration_ms:.1f}" if line.duration_ms is not None else "-",
                line.request_id or "-",
                key=str(line.number),
            )
        if at_end and table.row_count:
            table.move_cursor(row=table.row_count - 1)

    @on(DataTable.RowSelected, "#requests-table")
    def request_selected(self, event: DataTable.RowSelected) -> None:
        number = int(str(event.row_key.value))
        chosen = next((line for line in self.follower.lines if line.number == number), None)
        log = self.query_one("#request-lines", RichLog)
        log.clear()
        if chosen is None:
            return
        if chosen.request_id is None:
            log.write(line_text(chosen))
            return
        log.border_title = f"Lines of request {chosen.request_id}"
        for line in request_lines(self.follower.lines, chosen.request_id):
            log.write(line_text(line))
