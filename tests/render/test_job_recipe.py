"""The job recipe as Copier renders it (tasks skipped, as `tracks generate` renders it first):
its files, the line it wires into tasks.Register, and the names plain Copier refuses."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import copier
import pytest

from model import layout
from tests.support.recipe_render import declared, render_recipe, wiring_of, working_tree

pytestmark = pytest.mark.render

MODULE = "example.com/shop"


@pytest.mark.parametrize(
    ("name", "job"),
    [
        ("send_digest", "SendDigest"),
        ("sync_api_keys", "SyncAPIKeys"),
        ("resize_image", "ResizeImage"),
    ],
)
def test_job_wires_one_registration_into_tasks_register(name: str, job: str) -> None:
    wired = wiring_of("job", name, app_module_path=MODULE)
    assert [(i.path, i.region, i.line) for i in wired] == [
        (
            "internal/jobs/tasks/tasks.go",
            "jobs",
            f"jobs.Register(reg, Type{job}, {job}(deps))",
        )
    ]


def test_job_renders_its_handler_payload_type_and_test(tmp_path: Path) -> None:
    out = render_recipe(
        tmp_path / "r", "job", "sync_api_keys", src=working_tree(), app_module_path=MODULE
    )
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [
        layout.APP_ANSWERS,
        layout.recipe_answers("job", "sync_api_keys"),
        layout.recipe_wiring("job", "sync_api_keys"),
        "internal/jobs/tasks/sync_api_keys.go",
        "internal/jobs/tasks/sync_api_keys_test.go",
    ]
    handler = (out / "internal/jobs/tasks/sync_api_keys.go").read_text()
    assert 'const TypeSyncAPIKeys = "sync_api_keys"' in handler
    assert "type SyncAPIKeysPayload struct {" in handler
    assert (
        "func SyncAPIKeys(deps Deps) func(ctx context.Context, p SyncAPIKeysPayload) error {"
        in handler
    )
    assert f'"{MODULE}/internal/jobs"' in handler
    test = (out / "internal/jobs/tasks/sync_api_keys_test.go").read_text()
    assert test.startswith("package tasks_test\n")
    for func in (
        "TestSyncAPIKeys",
        "TestSyncAPIKeysIsRegistered",
        "TestSyncAPIKeysThroughTheQueue",
    ):
        assert re.search(rf"^func {func}\(t \*testing\.T\) {{$", test, re.M), func
    # Two jobs share the package: nothing but the job's own names is declared at the top level.
    top = set(re.findall(r"^(?:func|type|const|var) (\w+)", handler + test, re.M))
    assert top == {
        "TypeSyncAPIKeys",
        "SyncAPIKeysPayload",
        "SyncAPIKeys",
        "TestSyncAPIKeys",
        "TestSyncAPIKeysIsRegistered",
        "TestSyncAPIKeysThroughTheQueue",
    }
    for text in (handler, test):
        assert "{{" not in text and "{%" not in text


def test_job_files_are_gofmt_clean(tmp_path: Path) -> None:
    gofmt = shutil.which("gofmt")
    if not gofmt:
        pytest.skip("gofmt is not installed")
    out = render_recipe(
        tmp_path / "r", "job", "send_digest", src=working_tree(), app_module_path=MODULE
    )
    listed = subprocess.run(
        [gofmt, "-l", str(out / "internal/jobs/tasks")], capture_output=True, text=True, check=True
    )
    assert listed.stdout.strip() == ""


def test_declaration_round_trips_through_hooks_wiring(tmp_path: Path) -> None:
    out = render_recipe(tmp_path / "r", "job", "send_digest", src=working_tree())
    assert [i.line for i in declared(out, "job", "send_digest")] == [
        "jobs.Register(reg, TypeSendDigest, SendDigest(deps))"
    ]


@pytest.mark.parametrize(
    ("name", "why"), [("x", "2 characters"), ("load_test", "as a test"), ("Send", "lower snake")]
)
def test_plain_copier_refuses_a_bad_job_name(tmp_path: Path, name: str, why: str) -> None:
    dst = tmp_path / "app"
    with pytest.raises(ValueError, match="Validation error for question 'name'") as excinfo:
        copier.run_copy(
            str(working_tree()),
            str(dst),
            data={"recipe": "job", "name": name, "app_module_path": MODULE},
            vcs_ref="HEAD",
            defaults=True,
            unsafe=True,
            quiet=True,
            skip_tasks=True,
        )
    assert why in str(excinfo.value)
    assert not (dst / "internal").exists()
