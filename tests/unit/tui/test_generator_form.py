"""The generator's form on a small app: the CLI's checks as you type, the fields table, the
command it runs. (Running it is tests/unit/tui/test_generator.py, on a rendered app.)"""

from __future__ import annotations

import sys

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from model.errors import TracksError
from tracks.project import Project
from tracks.tui.app import TracksApp
from tracks.tui.generator import FieldRow, check_form, generate_argv

from .conftest import SIZE, check_snapshot, pilot_test, settle

pytestmark = pytest.mark.unit


def test_a_field_is_spelled_as_on_the_command_line() -> None:
    assert FieldRow("title", "string", ("max=120",)).token == "title:string:max=120"
    assert FieldRow("state", "enum", ("optional",), "draft|done").token == (
        "state:enum(draft|done):optional"
    )


def test_the_command_is_the_cli_in_a_child_process() -> None:
    argv = generate_argv("resource", "note", ["body:text"], auth=True, dry_run=True)
    assert argv == [
        sys.executable,
        "-u",
        "-m",
        "tracks",
        "generate",
        "resource",
        "note",
        "body:text",
        "--auth",
        "--dry-run",
    ]


def test_the_form_is_checked_as_the_cli_checks_it(fake_app: Project) -> None:
    assert check_form(fake_app, "resource", "note", ["body:text"], auth=False) is None
    assert "notes" in (check_form(fake_app, "resource", "notes", ["body:text"], False) or "")
    refusals = [
        ("resource", "Note", ["body:text"], False, "must match"),
        ("resource", "note", [], False, "needs at least one field"),
        ("resource", "post", ["body:text"], False, "already exists"),
        ("resource", "note", ["body:nope"], False, "unknown type"),
        ("handler", "about", [], True, "--auth is for resources only"),
    ]
    for recipe, name, tokens, auth, message in refusals:
        with pytest.raises(TracksError, match=message):
            check_form(fake_app, recipe, name, tokens, auth)


@pilot_test
async def test_generator_form(fake_app: Project) -> None:
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        validation = screen.query_one("#validation", Static)
        assert "enter a NAME" in str(validation.content)
        await pilot.click("#name")
        await pilot.press(*"Note")
        assert "error: Recipe name 'Note'" in str(validation.content)
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"note")
        assert "needs at least one field" in str(validation.content)

        await pilot.click("#field-name")
        await pilot.press(*"title", "enter")
        await pilot.pause()
        assert screen.query_one("#fields-table", DataTable).row_count == 1
        screen.query_one("#field-name", Input).value = "rank"
        screen.query_one("#field-type", Select).value = "int"
        screen.query_one("#field-mods", Input).value = "min=9 max=1"
        await pilot.click("#add-field")
        await pilot.pause()
        assert "error:" in str(screen.query_one("#field-error", Static).content)
        assert screen.query_one("#fields-table", DataTable).row_count == 1
        screen.query_one("#field-mods", Input).value = "optional min=1"
        screen.query_one("#field-mods", Input).focus()  # Enter adds, as a click does
        await pilot.press("enter")
        await pilot.pause()
        screen.query_one("#field-name", Input).value = "state"
        screen.query_one("#field-type", Select).value = "enum"
        await pilot.pause()
        assert screen.query_one("#field-values", Input).display
        screen.query_one("#field-values", Input).value = "draft|done"
        await pilot.press("enter")
        await pilot.click("#auth")
        await pilot.pause()
        assert screen.query_one("#auth", Checkbox).value
        error = str(screen.query_one("#field-error", Static).content)
        assert str(validation.content) == (
            "ok: tracks generate resource note title:string rank:int:optional:min=1 "
            "state:enum(draft|done) --auth"
        ), error
        await check_snapshot(pilot, "generator")

        table = screen.query_one("#fields-table", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")  # back into the editor
        assert screen.query_one("#field-name", Input).value == "rank"
        assert table.row_count == 2
        screen.query_one("#field-mods", Input).value = ""
        await pilot.press("enter")
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("delete")
        assert (
            str(validation.content)
            == "ok: tracks generate resource note state:enum(draft|done) rank:int --auth"
        )

        screen.query_one("#recipe", Select).value = "handler"
        await pilot.pause()
        assert not screen.query_one("#fields-box").display
        assert not screen.query_one("#auth", Checkbox).value
        assert str(validation.content) == "ok: tracks generate handler note"
