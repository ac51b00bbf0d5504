"""`tracks generate` and `tracks destroy` are all or nothing (tracks/snapshot.py).

A step that fails late (the build) or an interrupt (SIGINT at several points of a real run,
SIGTERM) must leave the app exactly as it was: `git status --porcelain` empty, exit 1 for a
failed step and 130 (143) for SIGINT (SIGTERM), and a message saying nothing was changed.
Bounds a column cannot hold are refused before anything is written: exit 2 with the range.
Each run is the real `tracks` command in a real app, committed before the run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.paths import DEFAULT_DRIVER, only_with
from tests.support.render import answers, render
from tests.support.resources import generate, tracks
from tests.update import test_update as update_tier

pytestmark = [pytest.mark.update, only_with(DEFAULT_DRIVER)]

git = update_tier.git
commit_all = update_tier.commit_all
WIDGET = ("widget", "name:string", "size:int:min=1", "active:bool")


def status(app: Path) -> str:
    return git(app, "status", "--porcelain", "--untracked-files=all")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return update_tier.clone_template(tmp_path_factory.mktemp("template") / "tracks")


@pytest.fixture(scope="module")
def base_app(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default app, rendered and committed (tests copy it)."""
    app = render(
        tmp_path_factory.mktemp("base") / "shop",
        answers(DEFAULT_DRIVER),
        src=template,
        vcs_ref="v0.1.0",
    )
    assert status(app) == ""
    return app


@pytest.fixture(scope="module")
def widget_app(base_app: Path, template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """base_app with the resource `widget` generated and committed (tests copy it)."""
    app = copy(base_app, tmp_path_factory.mktemp("widget") / "shop")
    generate(app, "resource", *WIDGET, template=template)
    commit_all(app, "tracks generate resource widget")
    return app


def copy(src: Path, dst: Path) -> Path:
    subprocess.run(["cp", "-a", str(src), str(dst)], check=True)
    return dst


def start(app: Path, template: Path, *args: str) -> subprocess.Popen[str]:
    """Start `tracks ARGS` in app, as a user's shell does: SIGINT at its default disposition
    even when this test runs in a background job, whose shell ignores SIGINT for its children
    (Python then installs no KeyboardInterrupt handler and Ctrl-C would test nothing)."""
    return subprocess.Popen(
        ["tracks", *args],
        cwd=app,
        env={**os.environ, "TRACKS_TEMPLATE": str(template)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], what: str) -> None:
    """Poll until the run reaches a point (a file appears or goes); it must still be running."""
    deadline = time.monotonic() + 900  # a hang guard, not a timing threshold
    while not condition():
        assert process.poll() is None, f"tracks finished before {what}"
        assert time.monotonic() < deadline, f"tracks never reached {what}"
        time.sleep(0.01)


def interrupt(process: subprocess.Popen[str], signum: int) -> tuple[int, str, str]:
    assert process.poll() is None, "tracks finished before the signal"
    process.send_signal(signum)
    out, err = process.communicate(timeout=900)
    return process.returncode, out, err


# --------------------------------------------------------------------------------------
# generate
# --------------------------------------------------------------------------------------


def widget_file(rel: str) -> Callable[[Path], Callable[[], bool]]:
    return lambda app: (app / rel).exists


#: Points of a `tracks generate resource widget` run: its files copied in, sqlc's output
#: written, templ's output written (then `go build` runs).
GENERATE_POINTS = {
    "files copied": widget_file(".tracks/resource-widget.yml"),
    "sqlc generated": widget_file("internal/db/generated/widgets.sql.go"),
    "templ generated": widget_file("internal/http/views/widgets/index_templ.go"),
}


@pytest.mark.parametrize("point", list(GENERATE_POINTS))
def test_ctrl_c_during_generate_changes_nothing_and_exits_130(
    point: str, base_app: Path, template: Path, tmp_path: Path
) -> None:
    app = copy(base_app, tmp_path / "shop")
    process = start(app, template, "generate", "resource", *WIDGET, "--vcs-ref", "HEAD")
    wait_for(GENERATE_POINTS[point](app), process, point)
    code, out, err = interrupt(process, signal.SIGINT)
    shown = f"exit {code}\n--- stdout\n{out}\n--- stderr\n{err}"
    assert code == 130, shown
    assert "interrupted" in err and "nothing was changed" in err, shown
    assert status(app) == "", f"the interrupted run left files ({point}):\n{status(app)}"


def test_sigterm_during_generate_changes_nothing_and_exits_143(
    base_app: Path, template: Path, tmp_path: Path
) -> None:
    app = copy(base_app, tmp_path / "shop")
    process = start(app, template, "generate", "resource", *WIDGET, "--vcs-ref", "HEAD")
    wait_for(GENERATE_POINTS["sqlc generated"](app), process, "sqlc generated")
    code, out, err = interrupt(process, signal.SIGTERM)
    assert code == 143, f"exit {code}\n{out}\n{err}"
    assert "nothing was changed" in err, err
    assert status(app) == "", status(app)


def test_a_failing_build_rolls_generate_back(
    base_app: Path, template: Path, tmp_path: Path
) -> None:
    """The user's own `Widgets` in the handlers package, declared in a form the name checks
    do not read (one of two names in a var spec), clashes with the new handler type: `go build`
    fails, the last step."""
    app = copy(base_app, tmp_path / "shop")
    (app / "internal/http/handlers/legacy.go").write_text(
        "package handlers\n\n"
        "// Widgets and Gadgets are what the old app called its things.\n"
        'var Widgets, Gadgets = "old", "older"\n'
    )
    commit_all(app, "the user's handlers")
    code, out, err = tracks(
        app, "generate", "resource", *WIDGET, "--vcs-ref", "HEAD", template=template
    )
    shown = f"exit {code}\n--- stdout\n{out}\n--- stderr\n{err}"
    assert code == 1, shown
    assert "go build" in err and "nothing was changed" in err, shown
    assert status(app) == "", f"the failed run left files:\n{status(app)}"
    kept = [line for line in err.splitlines() if "the recipe's files as they were are in" in line]
    assert kept, f"no copy of the recipe's files for inspection:\n{shown}"
    folder = Path(kept[0].rsplit(" are in ", 1)[1].strip())
    assert (folder / "internal/http/handlers/widgets.go").is_file(), shown


# --------------------------------------------------------------------------------------
# destroy
# --------------------------------------------------------------------------------------


#: Points of a `tracks destroy resource widget` run: its files removed, the drop migration
#: written (then sqlc, templ and `go build` run).
DESTROY_POINTS = {
    "files removed": lambda app: lambda: not (app / "internal/http/handlers/widgets.go").exists(),
    "drop migration written": lambda app: (
        lambda: any((app / "internal/db/migrations").glob("*_drop_widgets.sql"))
    ),
}


@pytest.mark.parametrize("point", list(DESTROY_POINTS))
def test_ctrl_c_during_destroy_changes_nothing_and_exits_130(
    point: str, widget_app: Path, template: Path, tmp_path: Path
) -> None:
    app = copy(widget_app, tmp_path / "shop")
    process = start(app, template, "destroy", "resource", "widget")
    wait_for(DESTROY_POINTS[point](app), process, point)
    code, out, err = interrupt(process, signal.SIGINT)
    shown = f"exit {code}\n--- stdout\n{out}\n--- stderr\n{err}"
    assert code == 130, shown
    assert "nothing was changed" in err, shown
    assert status(app) == "", f"the interrupted destroy left changes ({point}):\n{status(app)}"


def test_a_failing_build_rolls_destroy_back(
    widget_app: Path, template: Path, tmp_path: Path
) -> None:
    """The user's code uses the widgets package: once destroy removes it, `go build` fails."""
    app = copy(widget_app, tmp_path / "shop")
    module = (app / "go.mod").read_text().split()[1]
    (app / "internal/http/handlers/widget_report.go").write_text(
        "package handlers\n\n"
        f'import "{module}/internal/domain/widgets"\n\n'
        "// emptyWidget is the user's own code on top of the resource.\n"
        "var emptyWidget = widgets.NewForm()\n"
    )
    commit_all(app, "the user's code uses widgets")
    code, out, err = tracks(app, "destroy", "resource", "widget", template=template)
    shown = f"exit {code}\n--- stdout\n{out}\n--- stderr\n{err}"
    assert code == 1, shown
    assert "go build" in err and "nothing was changed" in err, shown
    assert status(app) == "", f"the failed destroy left changes:\n{status(app)}"


# --------------------------------------------------------------------------------------
# min/max/default outside what the column holds: exit 2, the allowed range, nothing written
# --------------------------------------------------------------------------------------

OUT_OF_RANGE = {
    "x:int:max=99999999999999999999": "allowed -2147483648 to 2147483647",
    "x:bigint:min=-99999999999999999999": "allowed -9223372036854775808 to 9223372036854775807",
    "x:int:max=3000000000": "allowed -2147483648 to 2147483647",
    "x:string:max=0": "allowed 1 to 255",
    "x:string:min=5:max=3": "min=5 is greater than max=3",
    "x:int:min=1:max=10:default=11": "default='11' is over max=10",
    "x:float:max=inf": "must be a number",
}


@pytest.mark.parametrize("token", list(OUT_OF_RANGE))
def test_a_bound_the_column_cannot_hold_exits_2_and_writes_nothing(
    token: str, base_app: Path, template: Path, tmp_path: Path
) -> None:
    app = copy(base_app, tmp_path / "shop")
    code, out, err = tracks(
        app, "generate", "resource", "widget", token, "--vcs-ref", "HEAD", template=template
    )
    shown = f"exit {code}\n--- stdout\n{out}\n--- stderr\n{err}"
    assert code == 2, shown
    assert f"field {token!r}" in err and OUT_OF_RANGE[token] in err, shown
    assert status(app) == "", f"the refused run wrote files:\n{status(app)}"
