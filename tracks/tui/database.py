"""The database: the app's tables with their columns, indexes and row counts, its migrations
(applied and pending), and ``migrate up`` after a confirmation."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, RichLog, Static

from model.errors import TracksError
from tracks.tui.common import ConfirmDialog, TracksScreen, error_text
from tracks.workbench.migrations import MigrationStatus, migrate_up, migration_status
from tracks.workbench.schema import Schema, describe_schema


class DatabaseScreen(TracksScreen):
    """Screen 4: schema, row counts and migrations; ``u`` applies the pending ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload"),
        Binding("u", "migrate_up", "Migrate up"),
    ]

    schema: Schema | None = None
    status: MigrationStatus | None = None
    busy = False
    where = "the app's database"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("reading the database...", id="db-location")
        with Horizontal(id="db-top"):
            yield DataTable(id="tables", cursor_type="row", zebra_stripes=True)
            with Vertical(id="db-detail"):
                yield DataTable(id="columns", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="indexes", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="db-bottom"):
            yield DataTable(id="migrations-table", cursor_type="row", zebra_stripes=True)
            yield RichLog(id="migrate-output", wrap=True, markup=False, highlight=False)
        yield Footer()

    def on_mount(self) -> None:
        heads = {
            "tables": ("Table", "Rows"),
            "columns": ("Column", "Type", "Null", "PK", "Default"),
            "indexes": ("Index", "Columns", "Unique"),
            "migrations-table": ("Version", "Name", "State", "Applied at"),
        }
        titles = {
            "tables": "Tables",
            "columns": "Columns",
            "indexes": "Indexes",
            "migrations-table": "Migrations (building ./cmd/migrate...)",
        }
        for name, columns in heads.items():
            table = self.query_one(f"#{name}", DataTable)
            table.add_columns(*columns)
            table.border_title = titles[name]
        self.query_one("#migrate-output", RichLog).border_title = "migrate up"
        self.action_reload()

    def action_reload(self) -> None:
        self.load_schema()
        self.load_migrations()

    @work(thread=True, exclusive=True, group="db-schema")
    def load_schema(self) -> None:
        try:
            schema: Schema | TracksError = describe_schema(self.project)
        except TracksError as err:
            schema = err
        self.app.call_from_thread(self.show_schema, schema)

    def show_schema(self, schema: Schema | TracksError) -> None:
        location = self.query_one("#db-location", Static)
        tables = self.query_one("#tables", DataTable)
        tables.clear()
        if isinstance(schema, TracksError):
            self.schema = None
            location.update(error_text(schema))
            self.show_table(None)
            return
        self.schema = schema
        where = schema.location.replace(str(self.project.root) + "/", "")
        self.where = f"{schema.driver}: {where}"
        location.update(Text(f"{self.where}, {len(schema.tables)} tables"))
        for table in schema.tables:
            tables.add_row(table.name, str(table.rows), key=table.name)
        self.show_table(schema.tables[0].name if schema.tables else None)

    @on(DataTable.RowHighlighted, "#tables")
    def table_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self.show_table(str(event.row_key.value))

    def show_table(self, name: str | None) -> None:
        columns = self.query_one("#columns", DataTable)
        indexes = self.query_one("#indexes", DataTable)
        columns.clear()
        indexes.clear()
        table = self.schema.table(name) if self.schema and name else None
        columns.border_title = f"Columns of {name}" if table else "Columns"
        indexes.border_title = f"Indexes of {name}" if table else "Indexes"
        if table is None:
            return
        for column in table.columns:
            columns.add_row(
                column.name,
                column.type,
                "yes" if column.nullable else "no",
                "yes" if column.primary_key else "",
                column.default or "",
            )
        for index in table.indexes:
            indexes.add_row(
                index.name,
                ", ".join(index.columns),
                "primary" if index.primary else "yes" if index.unique else "no",
            )

    @work(thread=True, exclusive=True, group="db-migrations")
    def load_migrations(self) -> None:
        try:
            status: MigrationStatus | TracksError = migration_status(self.project)
        except TracksError as err:
            status = err
        self.app.call_from_thread(self.show_migrations, status)

    def show_migrations(self, status: MigrationStatus | TracksError) -> None:
        table = self.query_one("#migrations-table", DataTable)
        table.clear()
        if isinstance(status, TracksError):
            self.status = None
            table.border_title = "Migrations: unknown"
            self.query_one("#migrate-output", RichLog).write(error_text(status))
            return
        self.status = status
        table.border_title = (
            f"Migrations: {len(status.applied)} applied, {len(status.pending)} pending"
            + (" (u applies them)" if status.pending else "")
        )
        for migration in status.migrations:
            table.add_row(
                str(migration.version),
                migration.name,
                migration.state,
                migration.applied_at or "",
                key=str(migration.version),
            )

    def action_migrate_up(self) -> None:
        if self.busy:
            self.notify("migrate up is already running")
            return
        pending = len(self.status.pending) if self.status else None
        if pending == 0:
            self.notify("no pending migrations")
            return
        what = f"{pending} pending migration{'s' if pending != 1 else ''}" if pending else "the"
        question = f"Apply {what} to the app's database?\n{self.where}"
        self.app.push_screen(ConfirmDialog(question), self.confirmed)

    def confirmed(self, yes: bool | None) -> None:
        if yes:
            self.busy = True
            self.query_one("#migrate-output", RichLog).clear()
            self.run_migrate_up()

    @work(thread=True, exclusive=True, group="db-migrate-up")
    def run_migrate_up(self) -> None:
        log = self.query_one("#migrate-output", RichLog)

        def on_line(line: str) -> None:
            self.app.call_from_thread(log.write, line)

        try:
            result = migrate_up(self.project, on_line=on_line)
            done = Text(
                "migrate up: done" if result.ok else f"migrate up exited with status {result.code}",
                style="bold",
            )
        except TracksError as err:
            done = error_text(err)
        self.app.call_from_thread(self.migrated, done)

    def migrated(self, done: Text) -> None:
        self.busy = False
        self.query_one("#migrate-output", RichLog).write(done)
        self.action_reload()
