"""tracks/mcp/safety.py and the tools' small helpers: paths confined to the project root
(symlinks out of it refused), the CLI's arguments, the outputs read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.mcp.common import jsonable, tail
from tracks.mcp.safety import confine, confine_package
from tracks.mcp.tools_generate import command, created, listed
from tracks.mcp.tools_quality import coverage_summary, lint_issues

pytestmark = pytest.mark.unit


@pytest.fixture
def root(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    (app / "internal/auth").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (app / "out").symlink_to(outside, target_is_directory=True)
    (app / "in").symlink_to(app / "internal", target_is_directory=True)
    return app


def test_confine_keeps_paths_inside(root: Path) -> None:
    assert confine(root, "internal/auth") == root / "internal/auth"
    assert confine(root, root / "internal") == root / "internal"
    assert confine(root, "in/auth") == root / "internal/auth"
    assert confine(root, "internal/../go.mod") == root / "go.mod"


@pytest.mark.parametrize("path", ["..", "../app2", "/etc/passwd", "out", "out/x", "in/../../"])
def test_confine_refuses_paths_out_of_the_root(root: Path, path: str) -> None:
    with pytest.raises(TracksError, match="outside the project") as refusal:
        confine(root, path)
    assert refusal.value.exit_code == 2


@pytest.mark.parametrize("path", ["", " ", "a\0b"])
def test_confine_refuses_no_path(root: Path, path: str) -> None:
    with pytest.raises(TracksError, match="not a path"):
        confine(root, path)


def test_confine_package(root: Path) -> None:
    assert confine_package(root, "./internal/...") == "./internal/..."
    assert confine_package(root, "internal/auth") == "./internal/auth"
    assert confine_package(root, "./...") == "./..."
    assert confine_package(root, "...") == "./..."
    assert confine_package(root, ".") == "."
    for bad in ("-exec=rm", "../...", "./out/...", "./missing"):
        with pytest.raises(TracksError):
            confine_package(root, bad)


def test_generate_command_ends_the_options() -> None:
    assert command("resource", "--force", ["-x:string"], True, True) == [
        "generate",
        "--dry-run",
        "--auth",
        "--",
        "resource",
        "--force",
        "-x:string",
    ]
    assert command("page", "about", [], False, False) == ["generate", "--", "page", "about"]


def test_generate_output_read_back() -> None:
    output = (
        "created:\n  internal/a.go\n  internal/b.go\nwired:   cmd/server/main.go\n"
        "next: tracks db migrate\n"
    )
    assert created(output) == ["internal/a.go", "internal/b.go"]
    assert listed(output, "wired:") == ["cmd/server/main.go"]
    assert listed("would create: x.go\nwould wire:   y.go (r): z\n", "would create:") == ["x.go"]


def test_coverage_and_lint_read_back() -> None:
    summary = coverage_summary("total:\t\t\t\t(statements)\t\t71.3%\n", "COVERAGE_MIN ?= 60\n")
    assert summary == {"total_percent": 71.3, "minimum_percent": 60.0}
    assert coverage_summary("make: *** Error 1", "") == {
        "total_percent": None,
        "minimum_percent": None,
    }
    issues = lint_issues(
        "internal/a.go:12:5: Error return value is not checked (errcheck)\n"
        "vet: internal/b.go:3:1: unreachable code\n"
        "2 issues:\n"
    )
    assert issues == [
        {
            "location": "internal/a.go:12",
            "message": "Error return value is not checked",
            "linter": "errcheck",
        },
        {"location": "internal/b.go:3", "message": "unreachable code", "linter": None},
    ]


def test_jsonable_and_tail() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Thing:
        path: Path
        tags: tuple[str, ...]

    assert jsonable({"a": Thing(Path("/x"), ("t",))}) == {"a": {"path": "/x", "tags": ["t"]}}
    assert tail("1\n2\n3", 2) == "2\n3"
