"""Wiring edits marker regions idempotently, sorted, and refuses broken markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.wiring import Insertion, apply, remove
from model.errors import TracksError

pytestmark = pytest.mark.unit

ROUTES = """package web

func routes() {
\tr.Get("/", home)
\t// tracks:routes:start
\t// tracks:routes:end
\treturn r
}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "routes.go").write_text(ROUTES)
    return tmp_path


def region(project: Path) -> list[str]:
    lines = (project / "routes.go").read_text().splitlines()
    start = lines.index("\t// tracks:routes:start")
    return lines[start + 1 : lines.index("\t// tracks:routes:end")]


def test_lines_are_added_once_sorted_and_indented(project: Path) -> None:
    b = Insertion("routes.go", "routes", 'r.Get("/b", b)')
    a = Insertion("routes.go", "routes", 'r.Get("/a", a)')
    assert apply(project, [b]) == ["routes.go"]
    assert apply(project, [a, b]) == ["routes.go"]
    assert apply(project, [a, b]) == [], "a second run changed the file"
    assert region(project) == ['\tr.Get("/a", a)', '\tr.Get("/b", b)']


def test_remove_restores_the_original(project: Path) -> None:
    ins = [Insertion("routes.go", "routes", 'r.Get("/a", a)')]
    apply(project, ins)
    remove(project, ins)
    assert (project / "routes.go").read_text() == ROUTES


@pytest.mark.parametrize(
    "broken",
    [
        ROUTES.replace("\t// tracks:routes:end\n", ""),
        ROUTES.replace("tracks:routes:start", "tracks:route:start"),
        ROUTES.replace("\t// tracks:routes:end\n", "\t// tracks:routes:end\n" * 2),
    ],
)
def test_a_missing_or_edited_marker_is_refused_without_writing(project: Path, broken: str) -> None:
    (project / "routes.go").write_text(broken)
    with pytest.raises(TracksError, match=r"tracks:routes:start.*routes\.go"):
        apply(project, [Insertion("routes.go", "routes", "x()")])
    assert (project / "routes.go").read_text() == broken


def test_a_missing_file_is_refused(project: Path) -> None:
    with pytest.raises(TracksError, match=r"nope\.go is missing"):
        apply(project, [Insertion("nope.go", "routes", "x()")])


DEPS = """package main

import (
\t"fmt"
\t// tracks:imports:start
\t// tracks:imports:end
)

type Deps struct {
\tHealth string
\t// tracks:deps-fields:start
\t// tracks:deps-fields:end
}

var _ = fmt.Sprint
"""


def test_go_files_stay_gofmt_aligned_and_lines_are_found_again(tmp_path: Path) -> None:
    (tmp_path / "deps.go").write_text(DEPS)
    short = Insertion("deps.go", "deps-fields", "Posts string")
    long = Insertion("deps.go", "deps-fields", "Comments string")
    apply(tmp_path, [short, long])
    text = (tmp_path / "deps.go").read_text()
    assert "\tComments string\n\tPosts    string\n" in text, text
    assert apply(tmp_path, [short, long]) == [], "an aligned line was not recognised"
    remove(tmp_path, [long])
    assert "\tPosts string\n" in (tmp_path / "deps.go").read_text()


def test_an_import_region_gets_its_own_group_only_while_it_has_imports(tmp_path: Path) -> None:
    (tmp_path / "deps.go").write_text(DEPS)
    ins = [Insertion("deps.go", "imports", '"example.com/shop/internal/domain/posts"')]
    apply(tmp_path, ins)
    text = (tmp_path / "deps.go").read_text()
    assert '\t"fmt"\n\n\t// tracks:imports:start\n\t"example.com/shop' in text, text
    remove(tmp_path, ins)
    assert (tmp_path / "deps.go").read_text() == DEPS
