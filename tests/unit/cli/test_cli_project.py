"""Project-root discovery (CLI-2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.cli import main
from tracks.project import find_project, require_project

pytestmark = pytest.mark.unit


def test_finds_root_from_nested_folder(tmp_path: Path, answers_file) -> None:
    root = tmp_path / "blog"
    answers_file(root, project_name="blog", database="postgres", env_prefix="BLOG")
    nested = root / "internal" / "web" / "handlers"
    nested.mkdir(parents=True)

    project = find_project(nested)

    assert project is not None
    assert project.root == root.resolve()
    assert project.database == "postgres"
    assert project.env_prefix == "BLOG"
    assert project.answers["project_name"] == "blog"


def test_skips_answers_without_database_key(tmp_path: Path, answers_file) -> None:
    outer = tmp_path / "app"
    answers_file(outer, project_name="app", database="sqlite3")
    inner = outer / "vendor-template"
    answers_file(inner, _src_path="gh:someone/other-template", some_answer=1)
    (inner / "sub").mkdir()

    project = find_project(inner / "sub")

    assert project is not None
    assert project.root == outer.resolve()


def test_nearest_answers_file_wins(tmp_path: Path, answers_file) -> None:
    answers_file(tmp_path / "outer", database="postgres")
    answers_file(tmp_path / "outer" / "inner", database="sqlite3")

    project = find_project(tmp_path / "outer" / "inner")

    assert project is not None
    assert project.database == "sqlite3"


def test_invalid_answers_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / ".copier-answers.yml").write_text("database: [unclosed\n", encoding="utf-8")
    assert find_project(tmp_path) is None


def test_env_prefix_falls_back_to_project_name(tmp_path: Path, answers_file) -> None:
    answers_file(tmp_path, project_name="my-blog", database="sqlite3")
    project = find_project(tmp_path)
    assert project is not None
    assert project.env_prefix == "MY_BLOG"


def test_outside_a_project_raises_exit_2(tmp_path: Path) -> None:
    with pytest.raises(TracksError) as info:
        require_project(tmp_path)
    assert info.value.exit_code == 2
    assert "not inside a Tracks app" in info.value.message
    assert info.value.hint


def test_db_command_outside_a_project_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["db", "status"]) == 2
    err = capsys.readouterr().err
    assert "error: not inside a Tracks app" in err
    assert "hint: " in err
    assert "Traceback" not in err


def test_script_outside_a_project_exits_2(tracks_script, tmp_path: Path) -> None:
    result = tracks_script(["db", "migrate"], cwd=tmp_path)
    assert result.code == 2
    assert "error: not inside a Tracks app" in result.stderr
    assert "Traceback" not in result.stderr
