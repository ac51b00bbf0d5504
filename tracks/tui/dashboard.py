"""The dashboard: the app at a glance (name, driver, providers, template version and whether
``tracks update`` has something new, migrations, recipe runs) and, while it runs, its request
rate and latency, read every ``refresh_seconds`` from its Prometheus endpoint or, with the
metrics off, from its request log."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.widgets import DataTable, Footer, Header, Static

from model.errors import TracksError
from tracks.project import Project
from tracks.source import is_remote
from tracks.tui.common import TracksScreen, error_text, seconds_text
from tracks.tui.logs import LogFollower
from tracks.workbench.info import ProjectInfo, TemplateStatus, project_info, template_status
from tracks.workbench.logs import dev_log_path
from tracks.workbench.metrics import (
    RequestStats,
    Scrape,
    log_request_stats,
    metrics_url,
    request_stats,
    scrape,
)
from tracks.workbench.migrations import MigrationStatus, migration_status

#: The request log's window when the metrics are off, in seconds.
LOG_WINDOW = 60.0


@dataclass(frozen=True)
class RequestView:
    """What the requests panel shows: where the numbers come from, and the numbers (None when
    there are none: the app is not running, say)."""

    source: str
    stats: RequestStats | None
    note: str | None = None


class RequestSampler:
    """Reads the app's request numbers, one sample per call: the Prometheus endpoint (the
    interval since the previous scrape), else the request log's last minute."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.log = LogFollower(dev_log_path(project))
        self.previous: Scrape | None = None

    def sample(self) -> RequestView:
        with contextlib.suppress(TracksError):
            self.log.poll()
        url = metrics_url(self.project, self.log.lines)
        if url is not None:
            try:
                taken = scrape(url)
            except TracksError:
                self.previous = None
            else:
                stats = request_stats(taken, self.previous)
                self.previous = taken
                return RequestView(url, stats)
        if self.log.lines:
            return RequestView(
                f"{self.log.rel(self.project.root)} (last minute)",
                log_request_stats(self.log.lines, seconds=LOG_WINDOW),
            )
        where = url or "metrics off"
        return RequestView(
            where,
            None,
            "the app is not running, or its metrics and its request log "
            f"({self.log.rel(self.project.root)}) are off",
        )


def request_text(view: RequestView) -> Text:
    text = Text(f"from {view.source}\n", style="dim")
    if view.stats is None:
        text.append(view.note or "no requests")
        return text
    s = view.stats
    rate = "-" if s.rate is None else f"{s.rate:.2f}/s"
    text.append(f"requests {s.requests:.0f}   rate {rate}\n")
    text.append(f"p50 {seconds_text(s.p50)}   p95 {seconds_text(s.p95)}   ")
    text.append(f"p99 {seconds_text(s.p99)}")
    return text


def project_text(info: ProjectInfo) -> Text:
    text = Text()
    text.append(info.name, style="bold")
    text.append(f"  ({info.module_path or 'no module path'})\n")
    text.append(f"driver     {info.database}\n")
    text.append(f"env prefix {info.env_prefix}\n")
    providers = ", ".join(f"{kind} {name}" for kind, name in info.providers.items())
    text.append(f"providers  {providers}\n")
    if info.oauth_providers:
        text.append(f"oauth      {', '.join(info.oauth_providers)}\n")
    if info.deploy_targets:
        text.append(f"deploy     {', '.join(info.deploy_targets)}\n")
    return text


def template_text(info: ProjectInfo) -> Text:
    t = info.template
    text = Text()
    text.append(f"version {t.commit or 'unknown'}\n")
    text.append(f"newest  {t.latest or 'unknown'}\n")
    if t.update_available is True:
        text.append("update available: run `tracks update`", style="bold")
    elif t.update_available is False:
        text.append("up to date")
    else:
        text.append("update: unknown (no release found)")
    return text


def migrations_text(status: MigrationStatus) -> Text:
    text = Text()
    text.append(f"{len(status.applied)} applied, {len(status.pending)} pending\n")
    text.append(f"current version {status.current_version or 'none'}\n")
    for migration in status.pending[:4]:
        text.append(f"pending {migration.file}\n", style="bold")
    if len(status.pending) > 4:
        text.append(f"... and {len(status.pending) - 4} more\n")
    if status.pending:
        text.append("apply them on the Database screen (4)", style="dim")
    return text


class DashboardScreen(TracksScreen):
    """Screen 1: the app at a glance."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "reload", "Reload")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="dashboard"):
            yield Static("reading the app...", id="project", classes="panel")
            yield Static("asking git...", id="template", classes="panel")
            yield Static("building ./cmd/migrate...", id="migrations", classes="panel")
            yield Static("", id="requests", classes="panel")
            yield DataTable(id="recipes", classes="panel", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        titles = {
            "project": "Project",
            "template": "Template",
            "migrations": "Migrations",
            "requests": "Requests",
            "recipes": "Generated recipes",
        }
        for name, title in titles.items():
            self.query_one(f"#{name}").border_title = title
        self.query_one("#recipes", DataTable).add_columns("Recipe", "Name", "Fields", "Version")
        self.sampler = RequestSampler(self.project)
        self.action_reload()
        if self.tracks.refresh_seconds > 0:
            self.set_interval(self.tracks.refresh_seconds, self.load_requests)

    def on_screen_resume(self) -> None:
        """Back on the dashboard (after a generate, a migrate up): read the app again."""
        if getattr(self, "resumed", False):
            self.load_info()
            self.load_migrations()
        self.resumed = True

    def action_reload(self) -> None:
        self.load_info()
        self.load_migrations()
        self.load_requests()

    @work(thread=True, exclusive=True, group="dashboard-info")
    def load_info(self) -> None:
        info = project_info(self.project)
        self.app.call_from_thread(self.show_info, info)
        source = info.template.source
        if source and is_remote(source) and info.template.update_available is None:
            status = template_status(self.project, network=True)
            self.app.call_from_thread(
                self.query_one("#template", Static).update,
                template_text(_with_template(info, status)),
            )

    def show_info(self, info: ProjectInfo) -> None:
        self.query_one("#project", Static).update(project_text(info))
        self.query_one("#template", Static).update(template_text(info))
        table = self.query_one("#recipes", DataTable)
        table.clear()
        for run in info.recipe_runs:
            fields = run.fields or ""
            if run.auth:
                fields = f"{fields} --auth".strip()
            table.add_row(run.recipe, run.name, fields, run.version or "-", key=run.answers_file)
        if not info.recipe_runs:
            table.add_row("-", "nothing generated yet: press 2 for the generator", "", "")

    @work(thread=True, exclusive=True, group="dashboard-migrations")
    def load_migrations(self) -> None:
        panel = self.query_one("#migrations", Static)
        try:
            text = migrations_text(migration_status(self.project))
        except TracksError as err:
            text = error_text(err)
        self.app.call_from_thread(panel.update, text)

    @work(thread=True, exclusive=True, group="dashboard-requests")
    def load_requests(self) -> None:
        view = self.sampler.sample()
        self.app.call_from_thread(self.query_one("#requests", Static).update, request_text(view))


def _with_template(info: ProjectInfo, status: TemplateStatus) -> ProjectInfo:
    return replace(info, template=status)
