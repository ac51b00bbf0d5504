"""``tracks version``."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

import tracks
from tracks.cli import main

pytestmark = pytest.mark.unit

KEYS = {
    "tracks",
    "copier",
    "go",
    "python",
    "project_root",
    "template_commit",
    "template_src_path",
}


def test_json_outside_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["version", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert set(info) == KEYS
    assert info["tracks"] == tracks.__version__
    assert info["copier"] == metadata.version("copier")
    assert info["project_root"] is None
    assert info["template_commit"] is None
    assert info["template_src_path"] is None


def test_json_inside_a_project(tmp_path: Path, answers_file, tracks_script) -> None:
    root = tmp_path / "blog"
    answers_file(
        root, _commit="v0.1.0-3-gabc1234", _src_path="gh:example/tracks", database="sqlite3"
    )
    nested = root / "web"
    nested.mkdir()
    result = tracks_script(["version", "--json"], cwd=nested)
    assert result.code == 0
    info = json.loads(result.stdout)
    assert set(info) == KEYS
    assert info["project_root"] == str(root.resolve())
    assert info["template_commit"] == "v0.1.0-3-gabc1234"
    assert info["template_src_path"] == "gh:example/tracks"
    assert info["go"] is None or info["go"].startswith("go")


def test_text_output(tmp_path: Path, answers_file, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    answers_file(tmp_path, _commit="abc", _src_path="/src/tracks", database="postgres")
    monkeypatch.chdir(tmp_path)
    assert main(["version"]) == 0
    out = capsys.readouterr().out
    assert f"tracks   {tracks.__version__}" in out
    assert "template /src/tracks @ abc" in out
