"""The New app screen of `tracks tui` creates the app `tracks new` creates: the form, filled
with answers other than the defaults, and the command line with the same answers, each in a
folder of its own; the two trees are the same files."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, RichLog, Select, Static

from tests.unit.tui.conftest import SIZE, pilot_test, settle
from tracks.tui.app import TracksApp
from tracks.tui.newapp import NewAppScreen

pytestmark = pytest.mark.e2e

NAME = "blog"
CLI_ARGS = [
    "new",
    NAME,
    "--defaults",
    "--module",
    "github.com/acme/blog",
    "--db",
    "sqlite3",
    "--no-git",
    "-d",
    "email_provider=smtp",
    "-d",
    "oauth_providers=[github]",
    "-d",
    "deploy_targets=[]",
    "-d",
    "ci_provider=none",
]
SECRET = re.compile(rb"(?m)^(\w+_SECRET_KEY=).*$")
COMMIT = re.compile(rb"(?m)^_commit: .*$")


def tree(root: Path) -> dict[str, bytes]:
    """The app's files, the random secret of .env and the template commit of the answers file
    made X: with uncommitted template changes Copier renders a commit of its own per run."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".git/") or not path.is_file():
            continue
        data = path.read_bytes()
        if rel == ".env":
            data = SECRET.sub(rb"\1X", data)
        if rel == ".copier-answers.yml":
            data = COMMIT.sub(b"_commit: X", data)
        files[rel] = data
    return files


@pilot_test
async def test_the_form_creates_what_tracks_new_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_cli, by_form = tmp_path / "cli", tmp_path / "form"
    by_cli.mkdir()
    by_form.mkdir()
    # The command line meanwhile, in a folder of its own (both take a minute, mostly Go's).
    cli = subprocess.Popen(
        [sys.executable, "-m", "tracks", *CLI_ARGS],
        cwd=by_cli,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        monkeypatch.chdir(tmp_path)
        app = TracksApp(None, refresh_seconds=0, folder=by_form)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, NewAppScreen)
            screen.query_one("#project_name", Input).value = NAME
            screen.query_one("#module_path", Input).value = "github.com/acme/blog"
            screen.query_one("#database", Select).value = "sqlite3"
            screen.query_one("#email_provider", Select).value = "smtp"
            screen.query_one("#ci_provider", Select).value = "none"
            screen.query_one("#oauth_providers-google", Checkbox).value = False
            screen.query_one("#deploy_targets-kubernetes", Checkbox).value = False
            screen.query_one("#git_init", Checkbox).value = False
            await pilot.pause()
            shown = str(screen.query_one("#new-validation", Static).content)
            assert shown.splitlines()[0] == "ok: tracks " + shlex.join(CLI_ARGS), shown

            await pilot.press("escape", "ctrl+g")
            await settle(pilot)
            log = screen.query_one("#new-output", RichLog)
            output = "\n".join(strip.text for strip in log.lines)
            assert "tracks new: done" in output, output
            assert "press o to open it here" in output
        cli_output = cli.communicate(timeout=900)[0].decode(errors="replace")
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
    assert cli.returncode == 0, cli_output

    want, got = tree(by_cli / NAME), tree(by_form / NAME)
    assert "internal/db/queries" in {str(Path(rel).parent) for rel in want}
    assert b"database: sqlite3" in want[".copier-answers.yml"]
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if want[rel] != got[rel]] == []
