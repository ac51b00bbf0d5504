"""The New app screen: the questions of ``tracks new``, checked as you type with the checks the
command line applies (the template's validators in ``model.validation``, ``tracks new``'s
destination check), the command line it stands for, and ``tracks new`` itself run in a child
process at the chosen folder, its output streamed with a progress bar (as the generator runs
``tracks generate``).

The questions are copier.yml's app questions (:data:`QUESTIONS`, kept equal to copier.yml by a
test: the published CLI has no copier.yml to read). The command line passes only the answers
that differ from their defaults, with ``--defaults`` for the rest, as one would type it.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    ProgressBar,
    RichLog,
    Select,
    Static,
)

from model import naming, validation
from model.errors import TracksError
from tracks.commands.new import check_destination
from tracks.project import find_project
from tracks.tui.common import TracksScreen, error_text
from tracks.workbench.process import run_lines


@dataclass(frozen=True)
class Question:
    """An app question of copier.yml: its name, the form's label, Copier's help, its choices
    (label, value) and default (None: computed from the name, see :func:`defaults`)."""

    key: str
    label: str
    help: str
    choices: tuple[tuple[str, str], ...] = ()
    default: str | bool | tuple[str, ...] | None = None
    multiselect: bool = False


def _plain(*values: str) -> tuple[tuple[str, str], ...]:
    return tuple((value, value) for value in values)


#: copier.yml's app questions, in its order.
QUESTIONS: tuple[Question, ...] = (
    Question(
        "project_name", "Name", "Project name (lowercase letters, digits, - or _; e.g. my-shop)"
    ),
    Question("module_path", "Module path", "Go module path"),
    Question(
        "database",
        "Database",
        "Database driver",
        (
            ("go-libsql (embedded libSQL file, default)", "go-libsql"),
            ("sqlite3 (mattn/go-sqlite3)", "sqlite3"),
            ("postgres (pgx v5)", "postgres"),
        ),
        "go-libsql",
    ),
    Question("env_prefix", "Env prefix", "Prefix of the app's environment variables"),
    Question(
        "git_init", "Git", "Initialise a git repository and make the first commit?", default=True
    ),
    Question(
        "email_provider",
        "Email",
        "Email provider",
        _plain("mailpit", "smtp", "ses", "sendgrid"),
        "mailpit",
    ),
    Question("sms_provider", "SMS", "SMS provider", _plain("log", "sns", "twilio"), "log"),
    Question(
        "storage_provider",
        "Storage",
        "File storage provider",
        _plain("local", "s3", "r2"),
        "local",
    ),
    Question(
        "queue_provider",
        "Job queue",
        "Background job queue provider",
        _plain("memory", "sqs", "pubsub"),
        "memory",
    ),
    Question(
        "oauth_providers",
        "OAuth",
        "OAuth sign-in providers (space to toggle; each needs a client id and secret at run time)",
        (
            ("GitHub (OAuth2 + REST API)", "github"),
            ("Google (OpenID Connect)", "google"),
            ("Any OpenID Connect issuer (by issuer URL)", "oidc"),
        ),
        ("github", "google"),
        multiselect=True,
    ),
    Question(
        "deploy_targets",
        "Deploy",
        "Deployment targets (space to toggle; the Dockerfile and compose file come always)",
        (
            ("Kubernetes (kustomize manifests in deploy/k8s)", "kubernetes"),
            ("Fly.io (fly.toml)", "fly"),
        ),
        ("kubernetes",),
        multiselect=True,
    ),
    Question(
        "ci_provider",
        "CI",
        "Continuous integration for the app",
        (("GitHub Actions (.github/workflows/ci.yml)", "github"), ("None", "none")),
        "github",
    ),
)
BY_KEY = {question.key: question for question in QUESTIONS}
#: The questions with options of their own on ``tracks new``'s command line.
CLI_OPTIONS = {"module_path": "--module", "database": "--db"}
#: The questions with one answer among choices (a Select each).
CHOICES = tuple(q.key for q in QUESTIONS if q.choices and not q.multiselect)
#: The short labels of the multiselect choices (the checkboxes).
SHORT_LABELS = {
    "github": "GitHub",
    "google": "Google",
    "oidc": "OpenID Connect",
    "kubernetes": "Kubernetes",
    "fly": "Fly.io",
}


def default_module(name: str) -> str:
    """copier.yml's default ``module_path``: ``example.com/NAME``."""
    return f"example.com/{name}"


def default_env_prefix(name: str) -> str:
    """copier.yml's default ``env_prefix``: NAME in upper snake case, 30 characters at most."""
    return naming.upper_snake(name)[:30].rstrip("_") if name else ""


def defaults(name: str) -> dict[str, Any]:
    """Every answer ``tracks new NAME --defaults`` gives."""
    answers: dict[str, Any] = {q.key: q.default for q in QUESTIONS if q.default is not None}
    answers.update(
        project_name=name, module_path=default_module(name), env_prefix=default_env_prefix(name)
    )
    return answers


def _yaml_list(values: tuple[str, ...] | list[str]) -> str:
    """A multiselect answer as ``-d`` takes it (a YAML list, as Copier parses it)."""
    return "[" + ", ".join(values) + "]"


def new_args(answers: Mapping[str, Any]) -> list[str]:
    """The arguments of ``tracks new`` for ``answers`` (every question answered): the name,
    ``--defaults``, and an option or ``-d KEY=VALUE`` for each answer that is not the default."""
    name = str(answers["project_name"])
    default = defaults(name)
    args = [name, "--defaults"]
    for question in QUESTIONS[1:]:
        value = answers[question.key]
        if question.multiselect:
            value = tuple(value)
        if value == default[question.key]:
            continue
        if question.key in CLI_OPTIONS:
            args += [CLI_OPTIONS[question.key], str(value)]
        elif question.key == "git_init":
            args.append("--no-git")
        elif question.multiselect:
            args += ["-d", f"{question.key}={_yaml_list(value)}"]
        else:
            args += ["-d", f"{question.key}={value}"]
    return args


def new_argv(answers: Mapping[str, Any]) -> list[str]:
    """The child process: ``python -u -m tracks new ...`` (unbuffered, so its lines come as
    they are written)."""
    return [sys.executable, "-u", "-m", "tracks", "new", *new_args(answers)]


def command_line(argv: list[str]) -> str:
    """The child's command line as one would type it."""
    return "tracks " + shlex.join(argv[4:])


def check_new_app(folder: Path, answers: Mapping[str, Any]) -> list[TracksError]:
    """What ``tracks new`` would refuse, all of it: the template's validators of the name,
    module path and env prefix (of the last two only those typed while the name is wrong: their
    defaults come from it), and an existing non-empty ``FOLDER/NAME``. Empty when it would
    run. The validators' messages name the rule and show a valid example."""
    errors: list[TracksError] = []
    name = str(answers["project_name"])
    name_error = validation.project_name_error(name)
    if name_error:
        errors.append(TracksError(name_error))
    elif not folder.is_dir():
        errors.append(
            TracksError(f"{folder} is not a folder", hint="create it, or choose another one")
        )
    else:
        try:
            check_destination(folder / name)
        except TracksError as err:
            errors.append(err)
    derived = defaults(name) if name_error else {}
    for key, check in (
        ("module_path", validation.module_path_error),
        ("env_prefix", validation.env_prefix_error),
    ):
        if key in derived and answers[key] == derived[key]:
            continue
        if message := check(answers[key]):
            errors.append(TracksError(message))
    return errors


def shown_folder(folder: Path) -> str:
    """A folder as the form shows it: relative to the current folder when inside it."""
    here = Path.cwd().resolve()
    folder = folder.resolve()
    if folder == here:
        return "."
    if folder.is_relative_to(here):
        return folder.relative_to(here).as_posix()
    return str(folder)


class NewAppScreen(TracksScreen):
    """Screen 6: create an app with ``tracks new``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "create", "Create", priority=True),
        Binding("o", "open_app", "Open the new app"),
    ]

    busy = False
    created: Path | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="new-form"):
            # Two questions a row; the long choices (database, CI, OAuth) on the wide left.
            yield Label("Folder", classes="new-label")
            yield Input(shown_folder(self.tracks.new_app_folder), id="new-folder")
            yield from self.text("project_name", "NAME, e.g. my-shop")
            yield from self.text("module_path", default_module("NAME"))
            yield from self.text("env_prefix", "NAME")
            yield from self.choice("database")
            yield from self.choice("email_provider")
            yield from self.choice("ci_provider")
            yield from self.choice("sms_provider")
            yield from self.checkboxes("oauth_providers")
            yield from self.choice("storage_provider")
            yield from self.checkboxes("deploy_targets")
            yield from self.choice("queue_provider")
            git = BY_KEY["git_init"]
            yield Label(git.label, classes="new-label")
            yield Checkbox("git init and a first commit", True, id="git_init", tooltip=git.help)
        yield Static("", id="new-validation")
        with Horizontal(id="new-actions"):
            yield Button("Create (ctrl+g)", variant="primary", id="create")
            yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="new-progress")
        yield RichLog(id="new-output", wrap=True, markup=False, highlight=False)
        yield Footer()

    def text(self, key: str, placeholder: str) -> ComposeResult:
        question = BY_KEY[key]
        yield Label(question.label, classes="new-label")
        yield Input(placeholder=placeholder, id=key, tooltip=question.help)

    def choice(self, key: str) -> ComposeResult:
        question = BY_KEY[key]
        yield Label(question.label, classes="new-label")
        yield Select(
            list(question.choices),
            value=str(question.default),
            allow_blank=False,
            id=key,
            tooltip=question.help,
        )

    def checkboxes(self, key: str) -> ComposeResult:
        """A multiselect question: a checkbox per choice, the defaults ticked."""
        question = BY_KEY[key]
        chosen = question.default if isinstance(question.default, tuple) else ()
        yield Label(question.label, classes="new-label")
        with Horizontal(classes="new-multi", id=key):
            for label, value in question.choices:
                yield Checkbox(
                    SHORT_LABELS.get(value, value),
                    value in chosen,
                    id=f"{key}-{value}",
                    tooltip=label,
                )

    def on_mount(self) -> None:
        self.query_one("#new-progress").display = False
        self.query_one("#new-output", RichLog).border_title = "tracks new"
        self.query_one("#new-form").border_title = "New app"
        self.validate()
        self.query_one("#project_name", Input).focus()

    # The form ------------------------------------------------------------------------------

    def folder(self) -> Path:
        text = self.query_one("#new-folder", Input).value.strip() or "."
        return Path(text).expanduser().resolve()

    def answers(self) -> dict[str, Any]:
        """Every answer: what the form says, a blank module path or env prefix their default."""
        name = self.query_one("#project_name", Input).value.strip()
        answers = defaults(name)
        for key in ("module_path", "env_prefix"):
            answers[key] = self.query_one(f"#{key}", Input).value.strip() or answers[key]
        for key in CHOICES:
            answers[key] = str(self.query_one(f"#{key}", Select).value)
        for key in ("oauth_providers", "deploy_targets"):
            answers[key] = tuple(
                value
                for _, value in BY_KEY[key].choices
                if self.query_one(f"#{key}-{value}", Checkbox).value
            )
        answers["git_init"] = self.query_one("#git_init", Checkbox).value
        return answers

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def form_changed(self) -> None:
        self.validate()

    def validate(self) -> bool:
        """Check the form as ``tracks new`` would; show the errors, or the command line."""
        out = self.query_one("#new-validation", Static)
        answers = self.answers()
        name = answers["project_name"]
        self.query_one("#module_path", Input).placeholder = default_module(name or "NAME")
        self.query_one("#env_prefix", Input).placeholder = default_env_prefix(name) or "NAME"
        if not name:
            out.set_class(False, "invalid")
            out.update(Text("enter a NAME (lowercase letters, digits, - or _; e.g. my-shop)"))
            return False
        errors = check_new_app(self.folder(), answers)
        out.set_class(bool(errors), "invalid")
        if errors:
            text = Text()
            for index, err in enumerate(errors):
                if index:
                    text.append("\n")
                text.append_text(error_text(err))
            out.update(text)
            return False
        text = Text("ok: ", style="bold")
        text.append(command_line(new_argv(answers)))
        text.append(f"\ncreates {shown_folder(self.folder() / name)}/")
        out.update(text)
        return True

    # Running tracks new --------------------------------------------------------------------

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        if self.busy:
            self.notify("tracks new is still running")
            return
        if not self.validate():
            self.notify("fix the form first", severity="warning")
            return
        answers = self.answers()
        argv = new_argv(answers)
        folder = self.folder()
        self.busy = True
        self.created = None
        self.refresh_bindings()
        self.query_one("#new-progress").display = True
        log = self.query_one("#new-output", RichLog)
        log.clear()
        log.border_title = command_line(argv)
        log.write(Text(f"$ cd {shlex.quote(str(folder))} && {command_line(argv)}", style="bold"))
        self.run_new(argv, folder, folder / str(answers["project_name"]))

    @work(thread=True, exclusive=True, group="new-app")
    def run_new(self, argv: list[str], folder: Path, target: Path) -> None:
        log = self.query_one("#new-output", RichLog)

        def on_line(line: str) -> None:
            self.app.call_from_thread(log.write, Text(line))

        try:
            code: int = run_lines(argv, cwd=folder, on_line=on_line).code
        except TracksError as err:
            self.app.call_from_thread(log.write, error_text(err))
            code = err.exit_code
        self.app.call_from_thread(self.finished, code, target)

    def finished(self, code: int, target: Path) -> None:
        self.busy = False
        self.query_one("#new-progress").display = False
        log = self.query_one("#new-output", RichLog)
        if code != 0:
            log.write(Text(f"tracks new exited with status {code}", style="bold"))
            self.notify(f"tracks new failed (exit code {code})", severity="error")
            self.validate()
            return
        log.write(Text("tracks new: done", style="bold"))
        self.notify(f"created {target}")
        if self.tracks.project is None and find_project(target) is not None:
            self.created = target
            log.write(Text("press o to open it here", style="bold"))
        else:
            where = shlex.quote(os.path.relpath(target))
            log.write(Text(f"open it with: cd {where} && tracks tui"))
        self.query_one("#project_name", Input).value = ""
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_app":
            return self.created is not None
        return True

    def action_open_app(self) -> None:
        """``o`` after creating an app, when the UI was opened outside one: the dashboard and
        the other screens of the new app."""
        project = find_project(self.created) if self.created is not None else None
        if project is not None:
            self.tracks.open_project(project)
