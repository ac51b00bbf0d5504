"""tracks/workbench/migrations.py: the status an app's ./cmd/migrate prints (data/
migrate-status.json, from a generated app with two of its four migrations applied), and both
functions against a small migrate program built here, as `tracks db` builds the app's."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tests.unit.workbench.conftest import DATA, make_app
from tracks.project import Project
from tracks.workbench.migrations import migrate_up, migration_status, parse_status

pytestmark = pytest.mark.unit

STATUS = (DATA / "migrate-status.json").read_text()

#: Answers `status --json` with the saved status, and `up ...` with goose-like lines, its
#: arguments and the exit code FAKE_EXIT asks for.
FAKE_MIGRATE = """\
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	args := os.Args[1:]
	code, _ := strconv.Atoi(os.Getenv("FAKE_EXIT"))
	switch {
	case len(args) == 2 && args[0] == "status" && args[1] == "--json":
		data, _ := os.ReadFile("status.json")
		os.Stdout.Write(data)
	case len(args) > 0 && args[0] == "up":
		fmt.Println("up   00003_create_files.sql (1ms)")
		fmt.Fprintln(os.Stderr, "ARGS:", strings.Join(args, " "))
	default:
		fmt.Fprintln(os.Stderr, "usage")
		os.Exit(2)
	}
	os.Exit(code)
}
"""


@pytest.fixture
def migrate_app(tmp_path: Path, require_go: str) -> Project:
    root = tmp_path / "shop"
    project = make_app(root)
    (root / "go.mod").write_text("module example.com/shop\n\ngo 1.25\n")
    (root / "cmd/migrate").mkdir(parents=True)
    (root / "cmd/migrate/main.go").write_text(FAKE_MIGRATE)
    (root / "status.json").write_text(STATUS)
    return project


@pytest.fixture
def require_go() -> str:
    import shutil

    go = shutil.which("go")
    assert go is not None, "the unit tests need Go (bash .ci/setup)"
    return go


def test_parse_status() -> None:
    status = parse_status(STATUS)
    assert [m.version for m in status.migrations] == [1, 2, 3, 4]
    first = status.migrations[0]
    assert first.name == "create_sessions_and_settings"
    assert first.file == "00001_create_sessions_and_settings.sql"
    assert first.applied and first.state == "applied"
    assert first.applied_at == "2026-12-02T00:05:33Z"
    assert [m.name for m in status.pending] == ["create_files", "create_job_schedule_runs"]
    assert status.pending[0].applied_at is None
    assert len(status.applied) == 2
    assert status.current_version == 2
    assert parse_status("[]").current_version is None


def test_untracked_and_timestamped_migrations() -> None:
    status = parse_status(
        '[{"version": 20260102030405, "file": "20260102030405_add_tags.go",'
        ' "state": "untracked", "applied_at": "2026-01-02T03:04:05Z"}]'
    )
    (only,) = status.migrations
    assert (only.version, only.name, only.applied) == (20260102030405, "add_tags", True)


@pytest.mark.parametrize("text", ["not json", '{"version": 1}', '[{"file": "x.sql"}]', "[1]"])
def test_output_that_is_no_status(text: str) -> None:
    with pytest.raises(TracksError) as err:
        parse_status(text)
    assert err.value.exit_code == 1


def test_status_and_up_through_the_apps_program(
    migrate_app: Project, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status = migration_status(migrate_app)
    assert status == parse_status(STATUS)

    seen: list[str] = []
    result = migrate_up(migrate_app, steps=2, on_line=seen.append)
    assert result.ok
    assert seen == ["up   00003_create_files.sql (1ms)", "ARGS: up --steps 2"]
    assert result.output == "\n".join(seen)
    assert capfd.readouterr().out == ""  # the build and the program print nothing themselves

    monkeypatch.setenv("FAKE_EXIT", "3")
    failed = migrate_up(migrate_app, to="4")
    assert failed.code == 3
    assert "ARGS: up --to 4" in failed.output
    with pytest.raises(TracksError) as err:
        migration_status(migrate_app)
    assert err.value.exit_code == 1
    assert "exited with status 3" in err.value.message


def test_a_program_that_does_not_build(migrate_app: Project) -> None:
    (migrate_app.root / "cmd/migrate/main.go").write_text("package main\n\nfunc main() { x }\n")
    with pytest.raises(TracksError) as err:
        migrate_up(migrate_app)
    assert err.value.exit_code == 1
    assert "undefined: x" in err.value.message


def test_an_app_without_its_migrate_program(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop")
    for call in (migration_status, migrate_up):
        with pytest.raises(TracksError) as err:
            call(project)
        assert err.value.exit_code == 2
        assert "./cmd/migrate" in err.value.message
