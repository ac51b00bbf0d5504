"""Unit tests of the post-generation hooks, run against real git and real commands."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from plumbum import local

from hooks import codegen, gitinit, runner, tasks
from hooks.project import is_git_work_tree, is_real_project
from model.errors import TracksError

pytestmark = pytest.mark.unit


def test_a_failing_command_is_reported_with_its_output(tmp_path: Path) -> None:
    failing = [sys.executable, "-c", "import sys; print('boom on stdout'); sys.exit(3)"]
    with pytest.raises(TracksError) as excinfo:
        runner.check_output(failing, cwd=tmp_path, hint="fix it")
    message = excinfo.value.render()
    assert "exited with status 3" in message
    assert "boom on stdout" in message
    assert "hint: fix it" in message
    assert excinfo.value.exit_code == 1


def test_a_missing_program_is_named() -> None:
    with pytest.raises(TracksError, match="no-such-program-xyz not found"):
        runner.capture(["no-such-program-xyz"], hint="install it")


def test_temporary_update_renders_are_not_real_projects(tmp_path: Path) -> None:
    assert is_real_project(tmp_path, "copy")
    assert not is_git_work_tree(tmp_path)
    assert not is_real_project(tmp_path, "update")
    local["git"]["init", "-q", str(tmp_path)]()
    assert is_real_project(tmp_path, "update")


def test_git_init_commits_everything_with_a_fallback_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An empty global config: no user.name / user.email anywhere.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    project = tmp_path / "app"
    project.mkdir()
    (project / ".copier-answers.yml").write_text("database: go-libsql\n")
    (project / "main.go").write_text("package main\n")
    with local.env(GIT_CONFIG_GLOBAL=str(tmp_path / "empty-gitconfig"), GIT_CONFIG_NOSYSTEM="1"):
        assert gitinit.init_and_commit(project) == "initialised and committed"
        author = local["git"]["-C", str(project), "log", "-1", "--format=%an <%ae>"]().strip()
        files = local["git"]["-C", str(project), "ls-files"]().split()
        # A second run is a no-op: the project is a repository now.
        assert gitinit.init_and_commit(project).startswith("skipped")
    assert author == f"{gitinit.FALLBACK_NAME} <{gitinit.FALLBACK_EMAIL}>"
    assert ".copier-answers.yml" in files and "main.go" in files


def test_templ_generate_skips_a_project_without_templ_files(tmp_path: Path) -> None:
    assert codegen.templ_generate(tmp_path) is False


def test_sqlc_generate_needs_its_config(tmp_path: Path) -> None:
    with pytest.raises(TracksError, match=r"sqlc\.yaml is missing"):
        codegen.sqlc_generate(tmp_path)


def test_tasks_main_rejects_unknown_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert tasks.main(["frobnicate"]) == 2
    assert "usage" in capsys.readouterr().err


def test_tasks_do_nothing_in_a_temporary_update_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPIER_OPERATION", "update")
    # sqlc-generate would fail here (no sqlc.yaml): exit 0 proves the step was skipped.
    assert tasks.main(["sqlc-generate"]) == 0


def test_a_failing_step_exits_one_with_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPIER_OPERATION", "copy")
    assert tasks.main(["sqlc-generate"]) == 1
    assert "sqlc.yaml is missing" in capsys.readouterr().err


def test_regenerate_stops_at_a_conflicted_source(tmp_path: Path) -> None:
    (tmp_path / "home.templ").write_text(
        "package x\n<<<<<<< before updating\na\n=======\nb\n>>>>>>> after updating\n"
    )
    message = codegen.regenerate(tmp_path)
    assert message.startswith("skipped") and "home.templ" in message


def test_wire_needs_a_declaration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPIER_OPERATION", "copy")
    assert tasks.main(["wire"]) == 1
    assert "wiring declaration" in capsys.readouterr().err


NAV = "<ul>\n\t// tracks:nav:start\n\t// tracks:nav:end\n</ul>\n"


def test_the_wire_task_applies_the_declaration_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    local["git"]["init", "-q", str(tmp_path)]()
    (tmp_path / "nav.templ").write_text(NAV)
    decl = tmp_path / ".tracks/wiring/page-pricing.yml"
    decl.parent.mkdir(parents=True)
    decl.write_text("- file: nav.templ\n  region: nav\n  line: '<li>Pricing</li>'\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPIER_OPERATION", "copy")
    assert tasks.main(["wire", ".tracks/wiring/page-pricing.yml"]) == 0
    assert "wired nav.templ" in capsys.readouterr().err
    assert (tmp_path / "nav.templ").read_text() == NAV.replace(
        "start\n", "start\n\t<li>Pricing</li>\n"
    )
    assert tasks.main(["wire", ".tracks/wiring/page-pricing.yml"]) == 0
    assert "wiring already in place" in capsys.readouterr().err


def test_the_wire_task_reports_a_broken_declaration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "decl.yml").write_text("- [broken\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPIER_OPERATION", "copy")
    assert tasks.main(["wire", "decl.yml"]) == 1
    err = capsys.readouterr().err
    assert "step wire failed" in err and "decl.yml is not valid YAML" in err


def test_the_wire_task_does_nothing_in_a_temporary_update_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "decl.yml").write_text("- [broken\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COPIER_OPERATION", "update")
    assert tasks.main(["wire", "decl.yml"]) == 0


def test_regenerate_stops_at_a_conflict_in_any_file(tmp_path: Path) -> None:
    """A conflicted .go file (not a generator's source) still stops the generators: go mod
    tidy and the build would fail on it, and the user must hear which file to resolve."""
    (tmp_path / "internal").mkdir()
    (tmp_path / "internal" / "fixtures.go").write_text(
        "package x\n<<<<<<< before updating\nvar a = 1\n=======\nvar a = 2\n"
        ">>>>>>> after updating\n"
    )
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "MERGE_MSG").write_text("<<<<<<< before updating\n")
    assert codegen.conflicted_files(tmp_path) == ["internal/fixtures.go"]
    message = codegen.regenerate(tmp_path)
    assert message.startswith("skipped") and "internal/fixtures.go" in message


def test_an_interrupted_capture_stops_its_child(tmp_path: Path) -> None:
    """A rollback runs right after the interrupt; a child still running would write after it.
    The interrupt comes once the child is running (it says so with a file), not after a fixed
    delay: forking a large test process can take longer than any delay chosen here."""
    started = tmp_path / "started"
    marker = tmp_path / "written-after-the-interrupt"

    def interrupt_once_started() -> None:
        deadline = time.monotonic() + 30
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGALRM)

    previous = signal.signal(signal.SIGALRM, _raise_keyboard_interrupt)
    trigger = threading.Thread(target=interrupt_once_started)
    trigger.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            runner.capture(["sh", "-c", f"touch {started}; sleep 1; touch {marker}"], cwd=tmp_path)
    finally:
        trigger.join()
        signal.signal(signal.SIGALRM, previous)
    assert started.exists(), "the child never started"
    time.sleep(1.5)
    assert not marker.exists(), "the interrupted command went on and wrote its file"


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
