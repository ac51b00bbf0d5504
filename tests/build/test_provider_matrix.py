"""Build tier, pairwise provider matrix: every cell of tests/support/provider_matrix.py (every
pair of answers across database, email, SMS, storage and queue) renders, builds, vets, is
gofmt-clean and tidy, has no golangci-lint finding, and passes its own `make test-ci` (fresh
generated code, -race, coverage, e2e) against the real local servers with no test skipped.

The AWS adapters' tests reach moto (the session's `moto` fixture) through
`SHOP_TEST_AWS_ENDPOINT_URL`; postgres cells use `SHOP_TEST_DATABASE_URL` (tests/conftest.py);
Pub/Sub runs in-process (pstest). The default cell is the app `rendered_app` renders for the
other tiers, so that render is shared, and these tests are the default app's build, vet, tidy,
lint and `make test-ci` checks (test_build.py and test_lint.py keep the rest).

Each cell gets only what it adds: the first cell of each database runs the app's whole
`make test-ci` (TEST-7); every other cell runs `make fresh`, the tests of the Go packages its
answers change (files that differ from, or are missing in, that database's default app) with
-race, and the e2e tests, which boot the built server with its providers. Re-running the
packages no answer touches would test the same code again.

Cells whose database TRACKS_DRIVERS leaves out are not collected (each CI job runs its own).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import codegen
from tests.build.test_build import check_layering
from tests.build.test_lint import lint
from tests.conftest import PREFIX
from tests.support import gotestjson, provider_matrix
from tests.support.gocmd import run
from tests.support.moto import Moto
from tests.support.paths import DRIVERS
from tests.support.provider_matrix import Cell
from tests.support.render import answers, render

pytestmark = pytest.mark.build

CELLS = [c for c in provider_matrix.cells() if c.database in DRIVERS]
DEFAULTS = provider_matrix.defaults()
#: The cells that run the app's whole `make test-ci`: the first of each database.
FULL_CELLS = frozenset(
    {
        next(c for c in CELLS if c.database == db)
        for db in DRIVERS
        if any(c.database == db for c in CELLS)
    }
)

#: The least number of passing tests (subtests included) an app of any cell reports.
MIN_PASSED = 30


@pytest.fixture(scope="session")
def matrix_app(
    rendered_app: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[Cell], Path]:
    """The app of a cell, rendered once per session (a default cell: rendered_app's)."""
    cache: dict[Cell, Path] = {}

    def get(cell: Cell) -> Path:
        if cell not in cache:
            if cell.is_default(DEFAULTS):
                cache[cell] = rendered_app(cell.database)
            else:
                dst = tmp_path_factory.mktemp(f"cell-{cell.id}") / "shop"
                cache[cell] = render(dst, answers(cell.database, **cell.providers))
        return cache[cell]

    return get


@pytest.fixture(params=CELLS, ids=[c.id for c in CELLS])
def cell(request: pytest.FixtureRequest) -> Cell:
    return request.param  # type: ignore[no-any-return]


def test_cell_renders_its_answers(matrix_app: Callable[[Cell], Path], cell: Cell) -> None:
    stored = (matrix_app(cell) / ".copier-answers.yml").read_text()
    assert f"database: {cell.database}\n" in stored
    for question, value in cell.providers.items():
        assert f"{question}: {value}\n" in stored, f"{question} is not {value}:\n{stored}"


def test_cell_builds_vets_and_is_tidy(matrix_app: Callable[[Cell], Path], cell: Cell) -> None:
    app = matrix_app(cell)
    run(app, "go", "build", "./...")
    run(app, "go", "vet", "./...")
    _, out, _ = run(app, "gofmt", "-l", ".")
    assert out.strip() == "", f"gofmt would change:\n{out}"
    _, diff, _ = run(app, "go", "mod", "tidy", "-diff")
    assert diff.strip() == "", f"go mod tidy would change go.mod/go.sum:\n{diff}"


def test_cell_keeps_providers_out_of_the_domain(
    matrix_app: Callable[[Cell], Path], cell: Cell
) -> None:
    """SVC-1 and WEB-17 with every provider: domain code and the auth service link no adapter
    and no provider SDK, handlers no SQL."""
    check_layering(matrix_app(cell))


def test_cell_is_lint_clean(
    matrix_app: Callable[[Cell], Path],
    cell: Cell,
    rendered_app: Callable[[str], Path],
    golangci_lint: str,
) -> None:
    """The whole app in the first cell of each database; in the others, the packages the
    cell's answers change (golangci-lint still loads the whole program to check them)."""
    app = matrix_app(cell)
    if cell in FULL_CELLS:
        lint(app, golangci_lint)
    else:
        lint(app, golangci_lint, tuple(added_packages(app, rendered_app(cell.database))))


def added_packages(app: Path, base: Path) -> list[str]:
    """The Go packages (`./dir`) of `app` with a .go file that `base` lacks or holds with other
    content, or that lack one of base's: the code a cell's answers change."""

    def sources(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes()
            for p in root.rglob("*.go")
            if not ({".git", "bin", "node_modules"} & set(p.relative_to(root).parts))
        }

    mine, theirs = sources(app), sources(base)
    changed = {rel for rel in mine.keys() | theirs.keys() if mine.get(rel) != theirs.get(rel)}
    dirs = sorted(f"./{d}" for d in {str(Path(rel).parent) for rel in changed})
    dirs = [d for d in dirs if any((app / d).glob("*.go"))]
    if not dirs:
        return []
    # Without build tags: tests/e2e (tag e2e) is the e2e run's, and holds no file otherwise.
    template = "{{if or .GoFiles .TestGoFiles .XTestGoFiles}}{{.Dir}}{{end}}"
    _, out, _ = run(app, "go", "list", "-e", "-f", template, *dirs)
    built = {Path(line).resolve() for line in out.split()}
    return [d for d in dirs if (app / d).resolve() in built]


def test_cell_app_tests_pass_without_skips(
    matrix_app: Callable[[Cell], Path],
    rendered_app: Callable[[str], Path],
    cell: Cell,
    moto: Moto,
) -> None:
    """TEST-7: the app's own `make test-ci` (fresh templ, sqlc, mocks and go.mod; every test with
    -race and coverage over COVERAGE_MIN; the e2e tests) against moto, PostgreSQL and in-process
    Pub/Sub. Any skipped test fails the cell, named (a skip means a server the app needs was
    missing); the app's testreport fails it too, and its JSON streams are read back here.
    A cell that is not the first of its database checks what it adds (module docstring)."""
    if cell not in FULL_CELLS:
        check_what_the_cell_adds(matrix_app(cell), rendered_app(cell.database), cell, moto)
        return
    app = matrix_app(cell)
    # Each cell starts from an empty moto and leaves one behind: its tests may reuse names
    # another cell's created, and deleting a non-empty bucket breaks moto's data.json (which
    # later tests read sent messages from) until a reset.
    moto.reset()
    started = time.monotonic()
    try:
        code, out, err = run(
            app,
            "make",
            "test-ci",
            f"SQLC={codegen.sqlc_path()}",
            env=moto.test_env(PREFIX),
            check=False,
            timeout=1800,
        )
    finally:
        moto.reset()
    elapsed = time.monotonic() - started
    print(f"\n[{cell.id}] make test-ci: {elapsed:.0f}s")
    unit = app / "bin" / "test.json"
    report = gotestjson.parse(unit.read_text() if unit.exists() else "")
    failed = report.failed + report.failed_packages
    shown = ", ".join(failed[:20]) + (f" and {len(failed) - 20} more" if len(failed) > 20 else "")
    assert code == 0 and not failed, (
        f"make test-ci exited {code} in {cell.id} ({elapsed:.0f}s); failed: {shown}\n"
        f"{report.failure_text()}\n--- stdout\n{out[-5000:]}\n--- stderr\n{err[-3000:]}"
    )
    e2e = gotestjson.parse((app / "bin" / "test-e2e.json").read_text())
    for name, part in (("unit", report), ("e2e", e2e)):
        assert not part.skipped, f"{name} tests were skipped in {cell.id}:\n" + "\n".join(
            part.skipped
        )
    assert len(report.passed) >= MIN_PASSED, (
        f"only {len(report.passed)} tests passed in {cell.id}:\n{out[-3000:]}"
    )
    assert e2e.passed, f"no e2e test passed in {cell.id}:\n{out[-3000:]}"
    # The coverage floor is enforced: the same profile fails against an impossible minimum.
    code, floor, _ = run(app, "make", "cover-check", "COVERAGE_MIN=100", check=False)
    assert code != 0 and "is under COVERAGE_MIN=100%" in floor, floor


def check_what_the_cell_adds(app: Path, base: Path, cell: Cell, moto: Moto) -> None:
    """`make fresh`, then with -race the tests of the packages the cell's answers change, and
    the e2e tests; no failure, no skip, and each part passes tests."""
    packages = added_packages(app, base)
    assert packages, f"{cell.id}: its answers change no Go package of the default app"
    code, out, err = run(
        app, "make", "fresh", f"SQLC={codegen.sqlc_path()}", check=False, timeout=900
    )
    assert code == 0, f"make fresh failed in {cell.id}:\n{out}\n{err}"
    moto.reset()
    env = {**moto.test_env(PREFIX), "CGO_ENABLED": "1"}
    try:
        parts = {
            "unit": ("-race", *packages),
            "e2e": ("-tags", "e2e", "./tests/e2e/..."),
        }
        for name, args in parts.items():
            started = time.monotonic()
            code, out, err = run(
                app, "go", "test", "-count=1", "-json", *args, env=env, check=False, timeout=1800
            )
            print(
                f"\n[{cell.id}] go test {name} ({len(packages)} packages): "
                f"{time.monotonic() - started:.0f}s"
            )
            report = gotestjson.parse(out)
            failed = report.failed + report.failed_packages
            assert code == 0 and not failed, (
                f"{name} tests failed in {cell.id} ({', '.join(failed[:20])}):\n"
                f"{report.failure_text()}\n--- stderr\n{err[-3000:]}"
            )
            assert not report.skipped, f"{name} tests skipped in {cell.id}: {report.skipped}"
            assert report.passed, f"no {name} test passed in {cell.id} ({args})"
    finally:
        moto.reset()
