"""What the screens share: the app they belong to, error text and the confirmation dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label

from model.errors import TracksError
from tracks.project import Project

if TYPE_CHECKING:
    from tracks.tui.app import TracksApp


def error_text(err: TracksError) -> Text:
    """A TracksError as the CLI prints it: ``error: ...`` and ``hint: ...``."""
    text = Text(f"error: {err.message}", style="bold")
    if err.hint:
        text.append(f"\nhint: {err.hint}", style="not bold")
    return text


def seconds_text(value: float | None) -> str:
    """A duration in seconds as milliseconds, ``-`` when unknown."""
    return "-" if value is None else f"{value * 1000:.1f} ms"


class TracksScreen(Screen[None]):
    """A screen of the UI, with typed access to the app and its project."""

    @property
    def tracks(self) -> TracksApp:
        return cast("TracksApp", self.app)

    @property
    def project(self) -> Project:
        """The app the UI is on (every screen but New app needs one)."""
        project = self.tracks.project
        if project is None:
            raise RuntimeError(f"{type(self).__name__} needs an app")
        return project


class ConfirmDialog(ModalScreen[bool]):
    """Ask before a step that changes something; dismissed with True for yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question")
            with Horizontal(id="dialog-buttons"):
                yield Button("Yes (y)", variant="warning", id="yes")
                yield Button("No (n)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
