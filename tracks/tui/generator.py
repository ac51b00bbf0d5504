"""The generator: pick a recipe, give it a name and (for a resource) edit its fields in a
table, checked as you type with the CLI's own checks; preview the files with the CLI's dry
run; generate, with the CLI's messages streamed as they come.

Both the preview and the run are ``tracks generate`` itself in a child process (Copier's tasks,
sqlc, templ and ``go build`` write to the process's file descriptors, which are the terminal
here), so the files and messages are exactly the command line's."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    ProgressBar,
    RichLog,
    Select,
    Static,
)

from model import fields
from model.errors import TracksError
from tracks import recipes
from tracks.commands.generate import AUTH_RECIPES, check_auth, check_name, utc_stamp
from tracks.project import Project
from tracks.recipes.base import check_not_generated
from tracks.recipes.resource import existing_resources
from tracks.tui.common import TracksScreen, error_text
from tracks.workbench.process import run_lines
from tracks.workbench.recipes import field_modifiers, list_recipes


@dataclass(frozen=True)
class FieldRow:
    """One field of the table: its name, type (``enum`` with ``values``) and modifiers."""

    name: str
    type: str
    modifiers: tuple[str, ...] = ()
    values: str = ""

    @property
    def token(self) -> str:
        """The field as the command line spells it: ``name:type[:modifier...]``."""
        kind = f"enum({self.values})" if self.type == "enum" else self.type
        return ":".join([self.name, kind, *self.modifiers])


def check_field(project: Project, row: FieldRow) -> None:
    """The field language's checks of one field (TracksError, exit code 2)."""
    fields.parse_fields(
        [row.token], project.database, existing_resources=existing_resources(project.root)
    )


def check_form(
    project: Project, recipe: str, name: str, tokens: list[str], auth: bool
) -> str | None:
    """What ``tracks generate`` checks before it renders anything (the name, ``--auth``, a
    second run, the recipe's own checks of its arguments against the app); TracksError when it
    would refuse. Returns the notice it would print (a plural resource name), if any."""
    check_name(recipe, name)
    check_auth(recipe, auth)
    check_not_generated(project.root, recipe, name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        recipes.get(recipe).prepare(project, name, list(tokens), utc_stamp)
    notice = out.getvalue().strip()
    return notice or None


def generate_argv(
    recipe: str, name: str, tokens: list[str], auth: bool, dry_run: bool
) -> list[str]:
    """The child process: ``python -u -m tracks generate ...`` (unbuffered, so its lines come
    as they are written)."""
    argv = [sys.executable, "-u", "-m", "tracks", "generate", recipe, name, *tokens]
    if auth:
        argv.append("--auth")
    if dry_run:
        argv.append("--dry-run")
    return argv


def command_line(argv: list[str]) -> str:
    return "tracks " + " ".join(argv[4:])


class GeneratorScreen(TracksScreen):
    """Screen 2: generate a recipe."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "preview", "Preview", priority=True),
        Binding("ctrl+g", "generate", "Generate", priority=True),
        Binding("ctrl+n", "new_field", "New field"),
        Binding("delete", "delete_field", "Delete field"),
    ]

    busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="gen-top"):
            yield Select(
                [(r.name, r.name) for r in list_recipes()],
                value="resource",
                allow_blank=False,
                id="recipe",
            )
            yield Input(placeholder="NAME, e.g. blog_post", id="name")
            yield Checkbox("--auth", id="auth")
        yield Static("", id="recipe-summary")
        with Vertical(id="fields-box"):
            with Horizontal(id="field-editor"):
                yield Input(placeholder="field name", id="field-name")
                yield Select(
                    [(t, t) for t in fields.FIELD_TYPES],
                    value="string",
                    allow_blank=False,
                    id="field-type",
                )
                yield Input(placeholder="enum values a|b|c", id="field-values")
                yield Input(
                    placeholder="modifiers: " + " ".join(field_modifiers()), id="field-mods"
                )
                yield Button("Add", id="add-field")
            yield Static("", id="field-error")
            yield DataTable(id="fields-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="validation")
        with Horizontal(id="gen-actions"):
            yield Button("Preview (ctrl+p)", id="preview")
            yield Button("Generate (ctrl+g)", variant="primary", id="generate")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="progress")
        yield RichLog(id="gen-output", wrap=True, markup=False, highlight=False)
        yield Footer()

    def on_mount(self) -> None:
        self.rows: list[FieldRow] = []
        self.valid = False
        table = self.query_one("#fields-table", DataTable)
        table.add_columns("Name", "Type", "Modifiers", "As typed")
        self.query_one("#fields-box").border_title = "Fields"
        self.query_one("#gen-output", RichLog).border_title = "tracks generate"
        self.query_one("#progress").display = False
        self.query_one("#field-values").display = False
        self.recipe_changed()
        self.query_one("#name", Input).focus()

    # The form ------------------------------------------------------------------------------

    @property
    def recipe(self) -> str:
        return str(self.query_one("#recipe", Select).value)

    @property
    def takes_fields(self) -> bool:
        return recipes.get(self.recipe).takes_fields

    @on(Select.Changed, "#recipe")
    def recipe_changed(self) -> None:
        spec = recipes.get(self.recipe)
        self.query_one("#recipe-summary", Static).update(Text(f"{spec.name}: {spec.summary}"))
        self.query_one("#fields-box").display = spec.takes_fields
        auth = self.query_one("#auth", Checkbox)
        auth.display = spec.name in AUTH_RECIPES
        if not auth.display:
            auth.value = False
        self.validate()

    @on(Select.Changed, "#field-type")
    def type_changed(self) -> None:
        is_enum = self.query_one("#field-type", Select).value == "enum"
        self.query_one("#field-values").display = is_enum

    @on(Input.Changed, "#name")
    @on(Checkbox.Changed, "#auth")
    def form_changed(self) -> None:
        self.validate()

    def tokens(self) -> list[str]:
        return [row.token for row in self.rows] if self.takes_fields else []

    def validate(self) -> bool:
        """Check the form as ``tracks generate`` would; show the result under it."""
        out = self.query_one("#validation", Static)
        name = self.query_one("#name", Input).value.strip()
        auth = self.query_one("#auth", Checkbox).value
        if not name:
            out.update(Text("enter a NAME (lower snake case, e.g. blog_post)"))
            self.valid = False
            return False
        try:
            notice = check_form(self.project, self.recipe, name, self.tokens(), auth)
        except TracksError as err:
            out.set_class(True, "invalid")
            out.update(error_text(err))
            self.valid = False
            return False
        out.set_class(False, "invalid")
        argv = generate_argv(self.recipe, name, self.tokens(), auth, dry_run=False)
        text = Text("ok: ", style="bold")
        text.append(command_line(argv))
        if notice:
            text.append(f"\n{notice}")
        out.update(text)
        self.valid = True
        return True

    # The fields table ----------------------------------------------------------------------

    def field_from_editor(self) -> FieldRow:
        kind = str(self.query_one("#field-type", Select).value)
        return FieldRow(
            name=self.query_one("#field-name", Input).value.strip(),
            type=kind,
            modifiers=tuple(self.query_one("#field-mods", Input).value.split()),
            values=self.query_one("#field-values", Input).value.strip() if kind == "enum" else "",
        )

    @on(Button.Pressed, "#add-field")
    @on(Input.Submitted, "#field-editor Input")
    def add_field(self) -> None:
        row = self.field_from_editor()
        error = self.query_one("#field-error", Static)
        if not row.name:
            error.update(Text("a field needs a name"))
            self.query_one("#field-name", Input).focus()
            return
        try:
            check_field(self.project, row)
        except TracksError as err:
            error.update(error_text(err))
            return
        error.update("")
        self.rows.append(row)
        self.show_rows()
        for widget in ("#field-name", "#field-mods", "#field-values"):
            self.query_one(widget, Input).value = ""
        self.query_one("#field-name", Input).focus()
        self.validate()

    def show_rows(self) -> None:
        table = self.query_one("#fields-table", DataTable)
        table.clear()
        for index, row in enumerate(self.rows):
            kind = f"enum({row.values})" if row.type == "enum" else row.type
            table.add_row(row.name, kind, " ".join(row.modifiers), row.token, key=str(index))

    def action_new_field(self) -> None:
        self.query_one("#field-name", Input).focus()

    def action_delete_field(self) -> None:
        table = self.query_one("#fields-table", DataTable)
        if not table.has_focus or not self.rows:
            return
        del self.rows[table.cursor_row]
        self.show_rows()
        self.validate()

    @on(DataTable.RowSelected, "#fields-table")
    def edit_field(self, event: DataTable.RowSelected) -> None:
        """Enter on a field takes it out of the table into the editor, to change it."""
        row = self.rows.pop(event.cursor_row)
        self.query_one("#field-name", Input).value = row.name
        self.query_one("#field-type", Select).value = row.type
        self.query_one("#field-values", Input).value = row.values
        self.query_one("#field-mods", Input).value = " ".join(row.modifiers)
        self.show_rows()
        self.validate()
        self.query_one("#field-name", Input).focus()

    # Preview and run -----------------------------------------------------------------------

    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        self.start(dry_run=True)

    @on(Button.Pressed, "#generate")
    def action_generate(self) -> None:
        self.start(dry_run=False)

    def start(self, dry_run: bool) -> None:
        if self.busy:
            self.notify("tracks generate is still running")
            return
        if not self.validate():
            self.notify("fix the form first", severity="warning")
            return
        name = self.query_one("#name", Input).value.strip()
        auth = self.query_one("#auth", Checkbox).value
        argv = generate_argv(self.recipe, name, self.tokens(), auth, dry_run)
        self.busy = True
        self.query_one("#progress").display = True
        log = self.query_one("#gen-output", RichLog)
        log.clear()
        log.border_title = command_line(argv)
        log.write(Text("$ " + command_line(argv), style="bold"))
        self.run_generate(argv, dry_run)

    @work(thread=True, exclusive=True, group="generate")
    def run_generate(self, argv: list[str], dry_run: bool) -> None:
        log = self.query_one("#gen-output", RichLog)

        def on_line(line: str) -> None:
            self.app.call_from_thread(log.write, Text(line))

        try:
            code: int = run_lines(argv, cwd=self.project.root, on_line=on_line).code
        except TracksError as err:
            self.app.call_from_thread(log.write, error_text(err))
            code = err.exit_code
        self.app.call_from_thread(self.finished, code, dry_run)

    def finished(self, code: int, dry_run: bool) -> None:
        self.busy = False
        self.query_one("#progress").display = False
        log = self.query_one("#gen-output", RichLog)
        what = "dry run" if dry_run else "tracks generate"
        if code == 0:
            log.write(Text(f"{what}: done", style="bold"))
            if not dry_run:
                self.notify("generated")
                self.rows.clear()
                self.show_rows()
                self.query_one("#name", Input).value = ""
        else:
            log.write(Text(f"{what} exited with status {code}", style="bold"))
            self.notify(f"{what} failed (exit code {code})", severity="error")
