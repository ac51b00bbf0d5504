"""Build tier: the tests an app is generated with cover its hand-written code. With two
resources generated, every package that holds logic has tests of its own, and the app's total
statement coverage (all its tests over all its packages, generated code left out) is printed."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BlogTests
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with

pytestmark = pytest.mark.build

# Code sqlc and templ write: not the user's to test line by line, so not counted. A .templ
# file's own logic is still tested, through the package's render tests (see below).
GENERATED = re.compile(r"_templ\.go$|/internal/db/generated/")
# Test support: fixtures, doubles and dbtest are exercised by the tests that use them.
TEST_SUPPORT = re.compile(r"/tests/|test$")
# Below what the generated tests reach (84% on go-libsql with three resources, measured the
# way `make cover` measures); it catches a recipe or template whose tests stop running.
FLOOR = 70.0

BLOCK = re.compile(r"^(?P<file>.+\.go):(?P<span>[\d.,]+) (?P<stmts>\d+) (?P<count>\d+)$")


def cover_exclude(app: Path) -> re.Pattern[str]:
    """The app's own COVER_EXCLUDE (its Makefile): what `make cover` leaves out of the figure
    (code sqlc, templ and mockery write, and the hand-written test doubles beside the mocks)."""
    found = re.search(r"^COVER_EXCLUDE := (.+)$", (app / "Makefile").read_text(), re.M)
    assert found, "the app's Makefile has no COVER_EXCLUDE"
    return re.compile(found.group(1))


def statements(profile: Path, exclude: re.Pattern[str] = GENERATED) -> dict[str, list[int]]:
    """Per package of the profile: [statements, statements run], generated code left out.

    With -coverpkg every test binary reports every package, so a block appears once per binary:
    it counts once, as run if any binary ran it (what `go tool cover -func` does).
    """
    blocks: dict[tuple[str, str], tuple[int, bool]] = {}
    for line in profile.read_text().splitlines()[1:]:
        m = BLOCK.match(line)
        assert m, f"unexpected cover profile line: {line!r}"
        if exclude.search(line) or GENERATED.search(m["file"]):
            continue
        key = (m["file"], m["span"])
        seen = blocks.get(key, (0, False))
        blocks[key] = (int(m["stmts"]), seen[1] or int(m["count"]) > 0)
    per_package: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (file, _), (stmts, ran) in blocks.items():
        counts = per_package[file.rsplit("/", 1)[0]]
        counts[0] += stmts
        counts[1] += stmts if ran else 0
    return per_package


def percent(counts: list[int]) -> float:
    return 100.0 * counts[1] / counts[0] if counts[0] else 100.0


@only_with(DEFAULT_DRIVER)
def test_prints_the_total_coverage_of_an_app_with_resources(
    blog_app: Callable[[str], Path],
    blog_tests: Callable[[str], BlogTests],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On the default driver, from the app's own `make cover` (the run test_resources.py
    reads too): the other drivers' apps differ in a driver file each, and their tests run in
    test_resources.py and in the provider matrix's `make test-ci`."""
    driver = DEFAULT_DRIVER
    app = blog_app(driver)
    tests = blog_tests(driver)
    assert tests.code == 0, f"make cover failed:\n{tests.out[-3000:]}\n{tests.err[-3000:]}"
    assert tests.profile, "make cover wrote no bin/cover.all.out"
    assert re.search(r"^total:\s+\(statements\)\s+[\d.]+%$", tests.out, re.M), tests.out[-2000:]
    per_package = statements(tests.profile, cover_exclude(app))
    total = [sum(c[0] for c in per_package.values()), sum(c[1] for c in per_package.values())]
    average = sum(percent(c) for c in per_package.values()) / len(per_package)
    with capsys.disabled():
        print(f"\n[{driver}] statement coverage by package (any test, generated code left out):")
        for package, counts in sorted(per_package.items()):
            print(f"  {percent(counts):5.1f}%  {package}")
        print(
            f"[{driver}] total {percent(total):.1f}% of {total[0]} statements; "
            f"package average {average:.1f}%"
        )
    assert percent(total) >= FLOOR, f"total coverage {percent(total):.1f}% < {FLOOR}%"


def test_every_package_with_logic_has_tests(blog_app: Callable[[str], Path], driver: str) -> None:
    """Logic is a function outside generated code, or a .templ file (its Go is generated)."""
    app = blog_app(driver)
    _, out, _ = run(
        app, "go", "list", "-json=ImportPath,Dir,GoFiles,TestGoFiles,XTestGoFiles", "./..."
    )
    untested = []
    for package in _packages(out):
        path = package["ImportPath"]
        if GENERATED.search(path + "/") or TEST_SUPPORT.search(path):
            continue
        has_templ = any(Path(package["Dir"]).glob("*.templ"))
        has_code = any(
            not GENERATED.search(f) and _has_statements(Path(package["Dir"]) / f)
            for f in package.get("GoFiles", [])
        )
        tested = package.get("TestGoFiles") or package.get("XTestGoFiles")
        if (has_templ or has_code) and not tested:
            untested.append(path)
    assert not untested, "packages with logic but no tests:\n" + "\n".join(untested)


def _packages(out: str) -> list[dict[str, object]]:
    """`go list -json` prints one object after another, not a list."""
    decoder, packages, at = json.JSONDecoder(), [], 0
    while at < len(out.rstrip()):
        package, at = decoder.raw_decode(out, at)
        packages.append(package)
        while at < len(out) and out[at].isspace():
            at += 1
    return packages


FUNC = re.compile(r"^func ", re.M)


def _has_statements(path: Path) -> bool:
    """A Go file holds logic when it declares a function (interfaces and types alone do not)."""
    return bool(FUNC.search(path.read_text()))
