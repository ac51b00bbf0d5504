"""The New app screen: copier.yml's questions, the CLI's checks as you type, the command line it
stands for (what `tracks new` then hands to Copier), and the child process it runs. (Creating a
real app through the form is tests/e2e/test_tui_new_app.py.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from copier._user_data import parse_yaml_list
from textual.widgets import Checkbox, Input, RichLog, Select, Static

from extensions.model import ModelExtension
from model import validation
from model.errors import TracksError
from tests.support.paths import REPO
from tracks import cli
from tracks.commands import new
from tracks.project import Project
from tracks.tui import dashboard, newapp
from tracks.tui.app import TracksApp
from tracks.tui.dashboard import DashboardScreen
from tracks.tui.newapp import (
    QUESTIONS,
    NewAppScreen,
    check_new_app,
    command_line,
    default_env_prefix,
    default_module,
    defaults,
    new_argv,
)

from .conftest import SIZE, check_snapshot, pilot_test, settle

pytestmark = pytest.mark.unit

COPIER = yaml.safe_load((REPO / "copier.yml").read_text(encoding="utf-8"))
APP_ONLY = "{{ recipe == 'app' }}"


def copier_choices(question: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    choices = question.get("choices") or ()
    if isinstance(choices, dict):
        return tuple((str(label), str(value)) for label, value in choices.items())
    return tuple((str(value), str(value)) for value in choices)


def test_the_questions_are_copier_ymls() -> None:
    asked = [key for key, q in COPIER.items() if isinstance(q, dict) and q.get("when") == APP_ONLY]
    assert [q.key for q in QUESTIONS] == asked
    for question in QUESTIONS:
        spec = COPIER[question.key]
        assert question.help == spec["help"], question.key
        assert question.choices == copier_choices(spec), question.key
        assert question.multiselect == bool(spec.get("multiselect")), question.key
        default = spec.get("default")
        if isinstance(default, str) and "{{" in default:
            assert question.default is None, question.key  # computed: see the next test
        elif isinstance(default, list):
            assert question.default == tuple(default), question.key
        else:
            assert question.default == default, question.key
    assert [value for _, value in QUESTIONS[2].choices] == list(new.DATABASES)


@pytest.mark.parametrize(
    "name", ["blog", "my-shop", "a_b-c", "x" * 50, "abcdefghij-klmnopqrs-tuvwxyz0123-456"]
)
def test_the_computed_defaults_are_copier_ymls(name: str) -> None:
    env = jinja2.Environment(extensions=[ModelExtension], undefined=jinja2.StrictUndefined)
    for key, ours in (("module_path", default_module), ("env_prefix", default_env_prefix)):
        want = env.from_string(COPIER[key]["default"]).render(project_name=name)
        assert ours(name) == want, key
    assert defaults(name)["env_prefix"] == default_env_prefix(name)


def cli_answers(
    argv: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], bool]:
    """What `tracks new` hands to Copier for ``argv`` (its answers, with Copier's parsing of a
    multiselect answer given as text), and whether it asks for the defaults."""
    got: dict[str, Any] = {}

    def copy_template(src: str, dst: Path, answers: dict[str, Any], ref: Any, defaults: bool):
        got.update(answers=answers, defaults=defaults, dst=dst)

    monkeypatch.setattr(new, "copy_template", copy_template)
    monkeypatch.setattr(new, "resolve_template", lambda template: "/templates/tracks")
    monkeypatch.setattr(new, "resolve_vcs_ref", lambda src, ref: None)
    monkeypatch.chdir(cwd)
    assert cli.main(argv) == 0
    multi = {q.key for q in QUESTIONS if q.multiselect}
    answers = {
        key: tuple(parse_yaml_list(value)) if key in multi and isinstance(value, str) else value
        for key, value in got["answers"].items()
    }
    return answers, got["defaults"]


FORMS = [
    {"project_name": "blog"},
    {
        "project_name": "my-shop",
        "module_path": "github.com/acme/shop",
        "database": "postgres",
        "env_prefix": "ACME",
        "git_init": False,
        "email_provider": "smtp",
        "sms_provider": "twilio",
        "storage_provider": "s3",
        "queue_provider": "pubsub",
        "oauth_providers": ("github", "oidc"),
        "deploy_targets": (),
        "ci_provider": "none",
    },
    {"project_name": "blog", "module_path": "example.com/blog", "deploy_targets": ("fly",)},
]


@pytest.mark.parametrize("form", FORMS, ids=["defaults", "every-answer", "some"])
def test_the_command_line_gives_the_cli_the_forms_answers(
    form: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = {**defaults(form["project_name"]), **form}
    argv = new_argv(answers)
    assert argv[:5] == [sys.executable, "-u", "-m", "tracks", "new"]
    given, use_defaults = cli_answers(argv[4:], tmp_path, monkeypatch)
    assert use_defaults, "the other questions are the template's defaults"
    assert {**defaults(form["project_name"]), **given} == answers
    # Only what differs from the defaults is on the command line.
    assert len(given) == 1 + sum(
        1 for key, value in answers.items() if value != defaults(form["project_name"])[key]
    )


def test_the_command_line_reads_as_typed() -> None:
    answers = {**defaults("blog"), **FORMS[1], "project_name": "blog"}
    assert command_line(new_argv(answers)) == (
        "tracks new blog --defaults --module github.com/acme/shop --db postgres "
        "-d env_prefix=ACME --no-git -d email_provider=smtp -d sms_provider=twilio "
        "-d storage_provider=s3 -d queue_provider=pubsub "
        "-d 'oauth_providers=[github, oidc]' -d 'deploy_targets=[]' -d ci_provider=none"
    )
    assert command_line(new_argv(defaults("blog"))) == "tracks new blog --defaults"


def messages(errors: list[TracksError]) -> list[str]:
    return [err.message for err in errors]


def test_the_form_is_checked_as_the_cli_checks_it(tmp_path: Path) -> None:
    assert check_new_app(tmp_path, defaults("blog")) == []
    bad = {**defaults("Blog"), "module_path": "Example.com/x", "env_prefix": "shop"}
    assert messages(check_new_app(tmp_path, bad)) == [
        validation.project_name_error("Blog"),
        validation.module_path_error("Example.com/x"),
        validation.env_prefix_error("shop"),
    ]
    (tmp_path / "blog").mkdir()
    assert check_new_app(tmp_path, defaults("blog")) == []  # an empty folder is fine
    (tmp_path / "blog" / "notes.txt").write_text("mine")
    with pytest.raises(TracksError) as cli_error:
        new.check_destination(tmp_path / "blog")
    assert messages(check_new_app(tmp_path, defaults("blog"))) == [cli_error.value.message]
    assert "is not a folder" in messages(check_new_app(tmp_path / "nope", defaults("blog")))[0]
    # A wrong name alone, when the module path and env prefix are its defaults.
    assert messages(check_new_app(tmp_path, defaults("my shop"))) == [
        validation.project_name_error("my shop")
    ]
    assert validation.module_path_error(default_module("my shop"))


def validation_text(screen: NewAppScreen) -> str:
    return str(screen.query_one("#new-validation", Static).content)


@pilot_test
async def test_new_app_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = TracksApp(None, refresh_seconds=0, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewAppScreen)
        assert app.sub_title == "new app"
        assert "enter a NAME" in validation_text(screen)
        # Outside an app the other screens are not there.
        await pilot.press("escape", "1", "2", "d")
        await settle(pilot)
        assert app.screen is screen

        await pilot.click("#project_name")
        await pilot.press(*"Blog")
        assert validation_text(screen) == f"error: {validation.project_name_error('Blog')}"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"blog")
        assert validation_text(screen) == "ok: tracks new blog --defaults\ncreates blog/"
        assert screen.query_one("#module_path", Input).placeholder == "example.com/blog"
        assert screen.query_one("#env_prefix", Input).placeholder == "BLOG"

        (tmp_path / "blog").mkdir()
        (tmp_path / "blog" / "x").write_text("")
        screen.query_one("#env_prefix", Input).value = "blog"
        await pilot.pause()
        text = validation_text(screen)
        assert "already exists and is not empty" in text
        assert validation.env_prefix_error("blog") in text
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not screen.busy  # nothing runs while the form is wrong

        screen.query_one("#env_prefix", Input).value = ""
        screen.query_one("#project_name", Input).value = "shop"
        screen.query_one("#database", Select).value = "sqlite3"
        await pilot.pause()
        await pilot.click("#oauth_providers-google")
        await pilot.click("#deploy_targets-fly")
        await pilot.pause()
        assert screen.query_one("#oauth_providers-google", Checkbox).value is False
        assert validation_text(screen) == (
            "ok: tracks new shop --defaults --db sqlite3 -d 'oauth_providers=[github]' "
            "-d 'deploy_targets=[kubernetes, fly]'\ncreates shop/"
        )
        await check_snapshot(pilot, "newapp")


FAKE_NEW = """\
import pathlib, sys
print("copying the template", flush=True)
print("args: " + " ".join(sys.argv[1:]), flush=True)
if sys.argv[1] == "fail":
    print("error: a template task failed", file=sys.stderr)
    sys.exit(1)
app = pathlib.Path(sys.argv[1])
app.mkdir()
(app / ".copier-answers.yml").write_text(
    "_src_path: /nowhere/tracks\\n_commit: v0.1.0\\nproject_name: " + sys.argv[1]
    + "\\ndatabase: sqlite3\\nenv_prefix: SHOP\\n"
)
print("Your app is ready", flush=True)
"""


@pytest.fixture
def fake_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`tracks new` as a small script: prints lines, makes NAME/ with an answers file (or fails
    for the name `fail`), so the screen's run is tested without Copier."""
    script = tmp_path / "fake_new.py"
    script.write_text(FAKE_NEW, encoding="utf-8")

    def fake_argv(answers: dict[str, Any]) -> list[str]:
        return [sys.executable, "-u", str(script), *newapp.new_args(answers)]

    monkeypatch.setattr(newapp, "new_argv", fake_argv)
    monkeypatch.setattr(dashboard, "migration_status", _no_status)


def _no_status(*args: object) -> object:
    raise TracksError("not in this test", exit_code=1)


def output(screen: NewAppScreen) -> str:
    return "\n".join(strip.text for strip in screen.query_one("#new-output", RichLog).lines)


@pilot_test
async def test_create_streams_the_output_and_opens_the_new_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_new: None, no_metrics: None
) -> None:
    monkeypatch.chdir(tmp_path)
    app = TracksApp(None, refresh_seconds=0, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewAppScreen)
        screen.query_one("#project_name", Input).value = "fail"
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "error: a template task failed" in output(screen)
        assert "tracks new exited with status 1" in output(screen)
        assert not (tmp_path / "fail").exists()

        screen.query_one("#project_name", Input).value = "shop"
        await pilot.press("ctrl+g")
        await settle(pilot)
        text = output(screen)
        assert "args: shop --defaults" in text and "Your app is ready" in text
        assert "tracks new: done" in text and "press o to open it here" in text
        assert screen.query_one("#project_name", Input).value == ""

        await pilot.press("escape", "o")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.project is not None and app.project.root == tmp_path / "shop"
        assert app.sub_title == "shop"
        await pilot.press("2")
        await settle(pilot)
        assert type(app.screen).__name__ == "GeneratorScreen"


@pilot_test
async def test_inside_an_app_the_screen_is_6_and_creates_beside_it(
    fake_app: Project, no_metrics: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard, "migration_status", _no_status)
    monkeypatch.chdir(fake_app.root)
    app = TracksApp(fake_app, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewAppScreen)
        assert screen.query_one("#new-folder", Input).value == str(fake_app.root.parent)
        screen.query_one("#project_name", Input).value = "shop"
        await pilot.pause()
        assert "already exists and is not empty" in validation_text(screen)
        await pilot.press("escape", "d")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
