"""`tracks generate job NAME`: the names it refuses before anything is written (what it renders
and wires: tests/render/test_job_recipe.py; in a real app: tests/update/test_job_recipe.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.project import Project
from tracks.recipes import RECIPES, get
from tracks.recipes.job import identifiers

pytestmark = pytest.mark.unit

TASKS = "internal/jobs/tasks"


def fake_app(root: Path, files: dict[str, str] | None = None) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return Project(root=root, answers={"database": "go-libsql", "module_path": "example.com/m"})


def prepare(project: Project, name: str, args: list[str] | None = None) -> dict[str, object]:
    return get("job").prepare(project, name, args or [], lambda: "20260102030405")


def test_job_is_a_recipe_the_cli_knows() -> None:
    assert "job" in RECIPES
    assert RECIPES["job"].destroyable


def test_identifiers_are_the_templates_pascal_case() -> None:
    assert identifiers("send_digest") == ["TypeSendDigest", "SendDigestPayload", "SendDigest"]
    assert identifiers("sync_api_keys") == ["TypeSyncAPIKeys", "SyncAPIKeysPayload", "SyncAPIKeys"]


def test_a_fresh_name_needs_no_extra_answers(tmp_path: Path) -> None:
    tasks = {f"{TASKS}/tasks.go": "package tasks\n\ntype Deps struct{}\n"}
    assert prepare(fake_app(tmp_path / "app", tasks), "send_digest") == {}


@pytest.mark.parametrize(
    ("name", "why"),
    [("x", "2 characters"), ("load_test", "as a test"), ("sync_linux", "only for linux")],
)
def test_refuses_names_that_are_no_queue_type_or_go_file(
    tmp_path: Path, name: str, why: str
) -> None:
    with pytest.raises(TracksError, match=why) as err:
        prepare(fake_app(tmp_path / "app"), name)
    assert err.value.exit_code == 2
    assert "tracks generate job" in (err.value.hint or "")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("send_digest", 'package tasks\n\nconst TypeSendDigest = "send_digest"\n'),
        ("send_digest", "package tasks\n\ntype SendDigestPayload struct{}\n"),
        ("send_digest", "package tasks\n\nfunc SendDigest(deps Deps) {}\n"),
        # tasks.go's own names: a job called `register` or `deps` would redeclare them.
        ("register", "package tasks\n\nfunc Register(reg *jobs.Registry, deps Deps) {}\n"),
        ("deps", "package tasks\n\ntype Deps struct{}\n"),
        # a job named after another job's payload type
        ("send_digest_payload", 'package tasks\n\nconst (\n\tSendDigestPayload = "x"\n)\n'),
    ],
)
def test_refuses_a_name_whose_identifiers_exist(tmp_path: Path, name: str, text: str) -> None:
    project = fake_app(tmp_path / "app", {f"{TASKS}/other.go": text})
    with pytest.raises(TracksError, match="already exists") as err:
        prepare(project, name)
    assert err.value.exit_code == 2


def test_takes_no_extra_arguments(tmp_path: Path) -> None:
    with pytest.raises(TracksError, match="unexpected arguments"):
        prepare(fake_app(tmp_path / "app"), "send_digest", ["id:string"])
