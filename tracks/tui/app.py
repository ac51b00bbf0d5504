"""The Textual app of ``tracks tui``: one mode per screen, switched with 1-5 (or their
initials; Escape leaves a text field first), ``?`` for the keys, ``q`` to quit. Textual turns
colours off under NO_COLOR."""

from __future__ import annotations

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

#: The screens, in the order of their keys 1-5.
SCREENS: dict[str, tuple[str, str, type[Screen[None]]]] = {
    "dashboard": ("1", "d", DashboardScreen),
    "generator": ("2", "g", GeneratorScreen),
    "logs": ("3", "l", LogsScreen),
    "database": ("4", "b", DatabaseScreen),
    "jobs": ("5", "j", JobsScreen),
}


class TracksApp(App[None]):
    """The UI over the app ``project``; ``refresh_seconds`` is how often live numbers are read
    (0: only when a screen opens or on ``r``)."""

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

    def __init__(self, project: Project, refresh_seconds: float = 2.0) -> None:
        super().__init__()
        self.project = project
        self.refresh_seconds = refresh_seconds
        self.sub_title = project.name

    def on_mount(self) -> None:
        self.switch_mode("dashboard")

    def action_leave_field(self) -> None:
        """Escape: leave a text field, so the screen keys (1-5, q, ...) work again."""
        self.screen.set_focus(None)

    def action_toggle_keys(self) -> None:
        """``?``: show or hide the panel of the keys of the focused widget and the screen."""
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
