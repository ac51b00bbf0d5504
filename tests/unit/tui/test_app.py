"""The app: registered as `tracks tui`, its screens on 1-6, `?` for the keys, `q` to quit,
NO_COLOR; outside an app, the New app screen alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, HelpPanel

from tracks import cli, tui
from tracks.project import Project
from tracks.tui.app import SCREENS, TracksApp
from tracks.tui.dashboard import DashboardScreen
from tracks.tui.database import DatabaseScreen
from tracks.tui.generator import GeneratorScreen
from tracks.tui.jobs import JobsScreen
from tracks.tui.logs import LogsScreen
from tracks.tui.newapp import NewAppScreen

from .conftest import SIZE, pilot_test, settle

pytestmark = pytest.mark.unit


def test_tui_is_a_command() -> None:
    args = cli.build_parser().parse_args(["tui"])
    assert args.handler is cli._tui


def test_no_arguments_without_a_terminal_print_the_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert not tui.opens_by_default([])
    assert cli.main([]) == 2
    assert "usage: tracks" in capsys.readouterr().err


def test_no_arguments_in_a_terminal_open_the_ui(
    monkeypatch: pytest.MonkeyPatch, fake_app: Project
) -> None:
    monkeypatch.chdir(fake_app.root)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert tui.opens_by_default([])
    assert not tui.opens_by_default(["doctor"])
    monkeypatch.chdir(fake_app.root.parent)
    assert not tui.opens_by_default([])


def test_outside_an_app_it_opens_the_new_app_screen_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`tracks tui` outside an app (it used to exit 2) opens on the New app screen, which
    creates apps in the current folder; `tracks` alone there still prints its usage."""
    opened: list[TracksApp] = []
    monkeypatch.setattr(TracksApp, "run", lambda self: opened.append(self))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["tui"]) == 0
    [app] = opened
    assert app.project is None and app.new_app_folder == tmp_path
    assert not tui.opens_by_default([])


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch, no_metrics: None) -> None:
    """Nothing slow: no ./cmd/migrate build, no database."""
    from tracks.tui import dashboard, database

    def unknown(*args: object, **kwargs: object) -> object:
        from model.errors import TracksError

        raise TracksError("not in this test", exit_code=1)

    monkeypatch.setattr(dashboard, "migration_status", unknown)
    monkeypatch.setattr(database, "migration_status", unknown)
    monkeypatch.setattr(database, "describe_schema", unknown)


@pilot_test
async def test_keys_switch_screens_show_the_keys_and_quit(fake_app: Project, quiet: None) -> None:
    app = TracksApp(fake_app, refresh_seconds=0)
    kinds = {
        "dashboard": DashboardScreen,
        "generator": GeneratorScreen,
        "logs": LogsScreen,
        "database": DatabaseScreen,
        "jobs": JobsScreen,
        "new": NewAppScreen,
    }
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        for name, (number, _, _) in SCREENS.items():
            await pilot.press("escape", number)
            await settle(pilot)
            assert isinstance(app.screen, kinds[name]), name
        await pilot.press("escape", "g")
        await settle(pilot)
        assert isinstance(app.screen, GeneratorScreen)
        await pilot.press("escape", "d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pilot_test
async def test_the_mouse_works(fake_app: Project, quiet: None) -> None:
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.click("#auth")
        await pilot.pause()
        assert app.screen.query_one("#auth", Checkbox).value


@pilot_test
async def test_no_color(fake_app: Project, quiet: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
