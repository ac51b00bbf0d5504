"""The database screen with a known schema and migration status (snapshot), and what it shows
when the database cannot be read. `migrate up` itself: tests/e2e/test_tui_rendered_app.py."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from model.errors import TracksError
from tracks.project import Project
from tracks.tui import database
from tracks.tui.app import TracksApp
from tracks.tui.common import ConfirmDialog
from tracks.workbench.migrations import Migration, MigrationStatus
from tracks.workbench.schema import Column, Index, Schema, Table

from .conftest import SIZE, check_snapshot, pilot_test, settle

pytestmark = pytest.mark.unit

POSTS = Table(
    name="posts",
    columns=(
        Column("id", "INTEGER", nullable=False, primary_key=True, default=None),
        Column("title", "TEXT", nullable=False, primary_key=False, default=None),
        Column("rank", "INTEGER", nullable=True, primary_key=False, default="0"),
    ),
    indexes=(Index("posts_title_key", ("title",), unique=True, primary=False),),
    rows=12,
    schema=None,
)
USERS = Table(
    name="users",
    columns=(Column("id", "INTEGER", nullable=False, primary_key=True, default=None),),
    indexes=(),
    rows=2,
    schema=None,
)
STATUS = MigrationStatus(
    (
        Migration(1, "create_users", "00001_create_users.sql", "applied", "2026-01-02 10:00:00"),
        Migration(2, "create_posts", "00002_create_posts.sql", "pending", None),
    )
)


@pilot_test
async def test_database(fake_app: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = Schema("go-libsql", str(fake_app.root / "data" / "shop.db"), (POSTS, USERS))
    monkeypatch.setattr(database, "describe_schema", lambda project: schema)
    monkeypatch.setattr(database, "migration_status", lambda project: STATUS)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        location = str(screen.query_one("#db-location", Static).content)
        assert location == "go-libsql: data/shop.db, 2 tables"
        tables = screen.query_one("#tables", DataTable)
        assert [tables.get_row_at(i) for i in range(2)] == [["posts", "12"], ["users", "2"]]
        columns = screen.query_one("#columns", DataTable)
        assert columns.get_row_at(2) == ["rank", "INTEGER", "yes", "", "0"]
        assert screen.query_one("#indexes", DataTable).get_row_at(0)[2] == "yes"
        migrations = screen.query_one("#migrations-table", DataTable)
        assert "1 applied, 1 pending" in str(migrations.border_title)
        await check_snapshot(pilot, "database")

        tables.focus()
        await pilot.press("down")
        assert columns.border_title == "Columns of users" and columns.row_count == 1

        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Apply 1 pending migration to" in app.screen.question
        await check_snapshot(pilot, "database-confirm")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


@pilot_test
async def test_a_database_that_cannot_be_read(
    fake_app: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(project: Project) -> None:
        raise TracksError("no database file data/shop.db yet", hint="run `tracks db migrate`")

    monkeypatch.setattr(database, "describe_schema", missing)
    monkeypatch.setattr(database, "migration_status", lambda project: STATUS)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        location = str(app.screen.query_one("#db-location", Static).content)
        assert location == "error: no database file data/shop.db yet\nhint: run `tracks db migrate`"
        assert app.screen.query_one("#tables", DataTable).row_count == 0
