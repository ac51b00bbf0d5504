"""The logs screen over a dev log: requests filtered, one request's lines, following the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, RichLog, Static

from tracks.project import Project
from tracks.tui.app import TracksApp
from tracks.tui.logs import LogFollower

from .conftest import SIZE, check_snapshot, pilot_test, request, settle

pytestmark = pytest.mark.unit


def paths(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[3]) for i in range(table.row_count)]


def test_follower_reads_on_and_starts_again_when_the_file_shrinks(tmp_path: Path) -> None:
    log = tmp_path / "dev.log"
    follower = LogFollower(log)
    assert follower.poll() == []  # no file yet
    log.write_text(request(1, "/a", 200, 1.0, "r1") + "\n" + request(2, "/b", 200, 1.0, "r2"))
    assert [line.path for line in follower.poll()] == ["/a"]  # the last line is half-written
    with log.open("a") as handle:
        handle.write("\n")
    assert [line.path for line in follower.poll()] == ["/b"]
    log.write_text(request(3, "/c", 200, 1.0, "r3") + "\n")
    assert [line.path for line in follower.poll()] == ["/c"]
    assert [line.path for line in follower.lines] == ["/c"]


@pilot_test
async def test_logs_filter_select_and_follow(fake_app: Project) -> None:
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#requests-table", DataTable)
        assert paths(table) == ["/", "/posts", "/missing"]
        status = str(screen.query_one("#log-status", Static).content)
        assert "3 requests" in status and "not JSON: 1" in status
        await check_snapshot(pilot, "logs")

        screen.query_one("#filter-status", Input).value = "5xx"
        await pilot.pause()
        assert paths(table) == ["/posts"]
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        lines = "\n".join(strip.text for strip in screen.query_one("#request-lines", RichLog).lines)
        assert "posts: load failed" in lines and "no such table: posts" in lines

        screen.query_one("#filter-status", Input).value = "50x"
        await pilot.pause()
        assert "error:" in str(screen.query_one("#log-status", Static).content)

        screen.query_one("#filter-status", Input).value = ""
        screen.query_one("#filter-path", Input).value = "miss"
        await pilot.pause()
        assert paths(table) == ["/missing"]
        screen.query_one("#filter-path", Input).value = ""
        with (fake_app.root / "tmp" / "dev.log").open("a") as handle:
            handle.write(request(9, "/new", 201, 2.0, "r-new") + "\n")
        await pilot.press("escape", "r")
        await settle(pilot)
        assert paths(table)[-1] == "/new"


@pilot_test
async def test_logs_without_a_log_say_how_to_get_one(fake_app: Project) -> None:
    (fake_app.root / "tmp" / "dev.log").unlink()
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        status = str(app.screen.query_one("#log-status", Static).content)
        assert "no log at tmp/dev.log" in status and "`tracks dev`" in status
