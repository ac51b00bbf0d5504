"""`tracks generate job` in a rendered app, and the same run under plain Copier.

The CLI run must build, vet, stay gofmt- and lint-clean, and the job's own tests (the handler
directly, its registration, and a run through the memory queue and a worker) must pass. Plain
Copier (`copier copy -d recipe=job -d name=...` inside the app) gives the same tree, byte for
byte apart from the answers file's `_commit`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import copier
import pytest

from model import layout
from tests.build.test_lint import lint
from tests.build.test_plain_copier_recipe import tree, without_commit
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, REPO, only_with
from tests.support.resources import generate

pytestmark = pytest.mark.build

TASKS = "internal/jobs/tasks"
JOB_TESTS = ("TestSendDigest", "TestSendDigestIsRegistered", "TestSendDigestThroughTheQueue")


def passed(out: str) -> set[str]:
    return set(re.findall(r"^--- PASS: (\w+) ", out, re.M))


@only_with(DEFAULT_DRIVER)
def test_generated_jobs_build_lint_and_pass_their_tests(
    app_copy: Callable[[str], Path], golangci_lint: str
) -> None:
    app = app_copy(DEFAULT_DRIVER)
    out = generate(app, "job", "send_digest")
    for rel in (f"{TASKS}/send_digest.go", f"{TASKS}/send_digest_test.go"):
        assert f"  {rel}\n" in out, out
    generate(app, "job", "weekly_report")
    tasks = (app / f"{TASKS}/tasks.go").read_text()
    wired = [
        line.strip() for line in tasks.splitlines() if line.strip().startswith("jobs.Register(")
    ]
    assert wired == [
        "jobs.Register(reg, TypeSendDigest, SendDigest(deps))",
        "jobs.Register(reg, TypeWeeklyReport, WeeklyReport(deps))",
    ]

    run(app, "go", "vet", "./...")
    assert run(app, "gofmt", "-l", TASKS)[1].strip() == ""
    lint(app, golangci_lint)
    _, out, _ = run(app, "go", "test", "-count=1", "-v", f"./{TASKS}/")
    want = {*JOB_TESTS, *(t.replace("SendDigest", "WeeklyReport") for t in JOB_TESTS)}
    assert want <= passed(out), f"missing: {want - passed(out)}\n{out}"
    # The server's own tests still build their Deps and routes with the jobs registered.
    _, out, _ = run(app, "go", "test", "-count=1", "-v", "./internal/http/")
    assert "TestRouterServesExactlyTheDeclaredRoutes" in passed(out), out


@only_with(DEFAULT_DRIVER)
def test_plain_copier_gives_the_tree_tracks_generate_gives(
    rendered_app: Callable[[str], Path], tmp_path: Path
) -> None:
    source = rendered_app(DEFAULT_DRIVER)
    by_cli, by_copier = tmp_path / "cli" / "shop", tmp_path / "copier" / "shop"
    for dst in (by_cli, by_copier):
        shutil.copytree(source, dst, symlinks=True)

    generate(by_cli, "job", "send_digest")
    copier.run_copy(
        str(REPO),
        str(by_copier),
        data={"recipe": "job", "name": "send_digest"},
        vcs_ref="HEAD",
        defaults=True,
        unsafe=True,
        quiet=True,
    )

    cli_tree, copier_tree = tree(by_cli), tree(by_copier)
    assert sorted(copier_tree) == sorted(cli_tree), "the two runs wrote different files"
    stored = layout.recipe_answers("job", "send_digest")
    assert without_commit(copier_tree.pop(stored)) == without_commit(cli_tree.pop(stored))
    differ = [rel for rel in cli_tree if cli_tree[rel] != copier_tree[rel]]
    assert not differ, f"plain Copier and tracks generate wrote different bytes: {differ}"
    assert (
        b"jobs.Register(reg, TypeSendDigest, SendDigest(deps))" in copier_tree[f"{TASKS}/tasks.go"]
    )
    run(by_copier, "go", "build", "./...")
    run(by_copier, "go", "vet", f"./{TASKS}/")
