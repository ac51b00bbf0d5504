"""Build tier: golangci-lint (its default linters, at the version the app's Makefile pins) finds
nothing in a generated app, on every driver, before and after the recipes run."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import tools
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with
from tests.support.resources import generate

pytestmark = pytest.mark.build

# golangci-lint hides repeats (3 per text, 50 per linter) by default: report every finding.
# It also refuses to start while another run holds its lock ("parallel golangci-lint is
# running"): pytest-xdist workers and the provider matrix's cells wait their turn instead.
LINT = (
    "run",
    "--max-issues-per-linter=0",
    "--max-same-issues=0",
    "--allow-serial-runners",
)
FINDING = re.compile(r"^\S+\.go:\d+:\d+: .*$", re.M)


def lint(app: Path, binary: str, packages: tuple[str, ...] = ("./...",)) -> None:
    code, out, err = run(app, binary, *LINT, *packages, check=False)
    findings = FINDING.findall(out)
    assert code == 0 and not findings, (
        f"golangci-lint exited {code} with {len(findings)} finding(s):\n{out}\n{err}"
    )


# The plain app of each driver is linted as a cell of the provider matrix
# (test_provider_matrix.py::test_cell_is_lint_clean), with every provider answer beside it.


def test_an_app_with_resources_is_lint_clean(
    blog_app: Callable[[str], Path], driver: str, golangci_lint: str
) -> None:
    lint(blog_app(driver), golangci_lint)


# Every recipe but the blog's resources, one each, in one app; and resources without a text
# field (a bool, an enum, a reference alone), whose generated code has the least to work with.
OTHER_RECIPES = (
    ("handler", "reports"),
    ("service", "billing"),
    ("repository", "ledger"),
    ("page", "pricing"),
    ("component", "price_card"),
    ("migration", "add_tags"),
    ("resource", "flag", "active:bool"),
    ("resource", "grade", "status:enum(a|b)"),
    ("resource", "pin", "flag:references"),
)


@only_with(DEFAULT_DRIVER)
def test_every_other_recipe_is_lint_clean(
    app_copy: Callable[[str], Path], golangci_lint: str
) -> None:
    app = app_copy(DEFAULT_DRIVER)
    for recipe, name, *fields in OTHER_RECIPES:
        generate(app, recipe, name, *fields)
    lint(app, golangci_lint)


def test_the_makefile_runs_the_version_the_tests_use(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    """One pinned version: what `make lint` builds is what this tier lints with."""
    makefile = (rendered_app(driver) / "Makefile").read_text()
    pinned = re.search(r"^GOLANGCI_LINT_VERSION := (\S+)$", makefile, re.M)
    assert pinned, "the Makefile pins no GOLANGCI_LINT_VERSION"
    assert pinned.group(1) == tools.golangci_lint().version
    assert re.match(r"^v\d+\.\d+\.\d+$", pinned.group(1)), "pin an exact release"
