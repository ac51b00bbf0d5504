"""The generator and the database screens on a rendered app (one render for the module):
a resource generated through the form is the same files as `tracks generate resource ...`, and
`migrate up` from the database screen applies the app's migrations."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, RichLog, Select

from tests.support.render import answers, render
from tests.unit.tui.conftest import SIZE, pilot_test, settle
from tracks.project import Project, find_project
from tracks.tui.app import TracksApp
from tracks.tui.common import ConfirmDialog

pytestmark = pytest.mark.e2e

NAME = "note"
FIELDS = ["title:string:max=120", "rank:int:optional", "state:enum(draft|done)"]
STAMP = re.compile(r"\d{14}(?=_create_notes)")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("tui") / "shop", answers("go-libsql"))


def copy(rendered: Path, dst: Path) -> Project:
    shutil.copytree(rendered, dst, symlinks=True)
    project = find_project(dst)
    assert project is not None
    return project


def tree(root: Path) -> dict[str, bytes]:
    """The app's files (git's own and the dev database left out), the new migration's
    timestamp made 0, and the template commit a recipe run records made X: the app is rendered
    from this checkout's working tree, so both runs use its HEAD, which may move in between."""
    files: dict[str, bytes] = {}
    stamps = {m.group(0) for p in root.rglob("*_create_notes.sql") if (m := STAMP.search(p.name))}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".git/", "data/")) or not path.is_file():
            continue
        data = path.read_bytes()
        for stamp in stamps:
            rel = rel.replace(stamp, "0" * 14)
            data = data.replace(stamp.encode(), b"0" * 14)
        if rel.startswith(".tracks/") and rel.endswith(".yml"):
            data = re.sub(rb"(?m)^_commit: .*$", b"_commit: X", data)
        files[rel] = data
    return files


def output(log: RichLog) -> str:
    return "\n".join(strip.text for strip in log.lines)


@pilot_test
async def test_the_form_generates_what_the_cli_generates(rendered: Path, tmp_path: Path) -> None:
    by_cli = copy(rendered, tmp_path / "cli" / "shop")
    by_form = copy(rendered, tmp_path / "form" / "shop")
    app = TracksApp(by_form, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#name", Input).value = NAME
        for token in FIELDS:
            name, kind, *mods = token.split(":")
            values = ""
            if kind.startswith("enum("):
                kind, values = "enum", kind[5:-1]
            screen.query_one("#field-name", Input).value = name
            screen.query_one("#field-type", Select).value = kind
            screen.query_one("#field-values", Input).value = values
            screen.query_one("#field-mods", Input).value = " ".join(mods)
            screen.query_one("#field-mods", Input).focus()  # Enter adds, as a click does
            await pilot.press("enter")
            await pilot.pause()
        assert screen.query_one("#fields-table", DataTable).row_count == len(FIELDS)
        log = screen.query_one("#gen-output", RichLog)

        await pilot.press("ctrl+p")
        await settle(pilot)
        preview = output(log)
        assert "would create: internal/domain/notes/" in preview
        assert "dry run: nothing was written" in preview and "dry run: done" in preview
        assert not (by_form.root / ".tracks" / "resource-note.yml").exists()

        await pilot.press("ctrl+g")
        await settle(pilot)
        done = output(log)
        assert "created:" in done and "tracks generate: done" in done, done
        assert screen.query_one("#fields-table", DataTable).row_count == 0

        assert (by_form.root / ".tracks" / "resource-note.yml").is_file()

    cli = subprocess.run(
        [sys.executable, "-m", "tracks", "generate", "resource", NAME, *FIELDS],
        cwd=by_cli.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    want, got = tree(by_cli.root), tree(by_form.root)
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if want[rel] != got[rel]] == []


@pilot_test
async def test_migrate_up_after_a_confirmation(rendered: Path, tmp_path: Path) -> None:
    project = copy(rendered, tmp_path / "shop")
    app = TracksApp(project, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        migrations = screen.query_one("#migrations-table", DataTable)
        states = [migrations.get_row_at(i)[2] for i in range(migrations.row_count)]
        assert states and set(states) == {"pending"}
        assert "pending (u applies them)" in str(migrations.border_title)

        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert "migrate up: done" in output(screen.query_one("#migrate-output", RichLog))
        states = [migrations.get_row_at(i)[2] for i in range(migrations.row_count)]
        assert set(states) == {"applied"}
        tables = screen.query_one("#tables", DataTable)
        names = {str(tables.get_row_at(i)[0]) for i in range(tables.row_count)}
        assert {"users", "sessions"} <= names
        columns = screen.query_one("#columns", DataTable)
        assert columns.row_count > 0
