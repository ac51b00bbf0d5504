"""The Textual app of ``tracks tui``: one mode per screen, switched with 1-6 (or their
initials; Escape leaves a text field first), ``?`` for the keys, ``q`` to quit. Textual turns
colours off under NO_COLOR.

Outside an app (no project) only the New app screen is there; once it has created an app,
:meth:`TracksApp.open_project` opens the other screens on it."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import HelpPanel

from tracks.project import Project
from tracks.tui.dashboard import DashboardScreen
from tracks.tui.database import DatabaseScreen
from tracks.tui.generator import GeneratorScreen
from tracks.tui.jobs import JobsScreen
from tracks.tui.logs import LogsScreen
from tracks.tui.newapp import NewAppScreen

#: The screens, in the order of their keys 1-6.
SCREENS: dict[str, tuple[str, str, type[Screen[None]]]] = {
    "dashboard": ("1", "d", DashboardScreen),
    "generator": ("2", "g", GeneratorScreen),
    "logs": ("3", "l", LogsScreen),
    "database": ("4", "b", DatabaseScreen),
    "jobs": ("5", "j", JobsScreen),
    "new": ("6", "n", NewAppScreen),
}
#: The screen that needs no app.
NEW_APP = "new"


class TracksApp(App[None]):
    """The UI over the app ``project`` (None: outside an app, only the New app screen);
    ``refresh_seconds`` is how often live numbers are read (0: only when a screen opens or on
    ``r``); ``folder`` is where the New app screen creates apps by default (the current folder
    outside an app, the folder holding the app inside one)."""

    CSS_PATH = "tracks.tcss"
    TITLE = "Tracks"
    ENABLE_COMMAND_PALETTE = False
    MODES: ClassVar = {name: screen for name, (_, _, screen) in SCREENS.items()}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(number, f"switch_mode('{name}')", name.capitalize())
            for name, (number, _, _) in SCREENS.items()
        ),
        *(
            Binding(letter, f"switch_mode('{name}')", name.capitalize(), show=False)
            for name, (_, letter, _) in SCREENS.items()
        ),
        Binding("escape", "leave_field", "Leave field", show=False),
        Binding("question_mark", "toggle_keys", "Keys"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        project: Project | None,
        refresh_seconds: float = 2.0,
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.project = project
        self.refresh_seconds = refresh_seconds
        if folder is None:
            folder = project.root.parent if project is not None else Path.cwd()
        self.new_app_folder = folder
        self.sub_title = project.name if project is not None else "new app"

    def on_mount(self) -> None:
        self.switch_mode("dashboard" if self.project is not None else NEW_APP)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Outside an app the screens of an app are not there (nor their keys)."""
        if action == "switch_mode" and self.project is None:
            return parameters == (NEW_APP,)
        return True

    def open_project(self, project: Project) -> None:
        """Show the app ``project`` (one just created by the New app screen, when the UI was
        opened outside an app): its dashboard, and the keys of its screens."""
        self.project = project
        self.sub_title = project.name
        self.refresh_bindings()
        self.switch_mode("dashboard")

    def action_leave_field(self) -> None:
        """Escape: leave a text field, so the screen keys (1-6, q, ...) work again."""
        self.screen.set_focus(None)

    def action_toggle_keys(self) -> None:
        """``?``: show or hide the panel of the keys of the focused widget and the screen."""
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
