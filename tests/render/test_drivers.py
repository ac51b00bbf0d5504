"""Render tier: every driver renders clean, and only its own files exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from plumbum import local

from tests.support.paths import DRIVERS, only_with

pytestmark = pytest.mark.render

DRIVER_FILES = {
    "go-libsql": "internal/db/driver_libsql.go",
    "sqlite3": "internal/db/driver_sqlite3.go",
    "postgres": "internal/db/driver_postgres.go",
}
DRIVER_IMPORTS = {
    "go-libsql": "github.com/tursodatabase/go-libsql",
    "sqlite3": "github.com/mattn/go-sqlite3",
    "postgres": "github.com/jackc/pgx/v5",
}
# Jinja delimiters as templates write them (a space or dash inside); Go's tab-indented `}}` is fine.
JINJA_LEFTOVER = re.compile(r"\{\{[- ]|[- ]\}\}|\{%[- ]|[- ]%\}|\{#[- ]|[- ]#\}")
#: GitHub Actions expressions (`${{ github.sha }}`) are meant to reach the app's workflow; Jinja
#: would have rendered them, so one in the output was written inside {% raw %} on purpose.
ACTIONS_EXPRESSION = re.compile(r"\$\{\{[^{}]*\}\}")


# Vendored third-party scripts and built assets are copied byte for byte, not templated.
VERBATIM = ("internal/assets/web/vendor/", "internal/assets/dist/")


def templated(app: Path, path: Path) -> bool:
    rel = path.relative_to(app).as_posix()
    return not rel.startswith(VERBATIM) and "generated" not in path.parts and path.name != "go.sum"


def text_files(app: Path) -> list[Path]:
    """The files the render produced: what git tracks, plus the git-ignored .env.

    Build outputs that other tiers add to the shared render (bin/, data/) are left out.
    """
    listed = local["git"]["-C", str(app), "ls-files", "-co", "--exclude-standard"]().splitlines()
    return [app / rel for rel in [*listed, ".env"]]


def test_only_the_chosen_driver_files_exist(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    app = rendered_app(driver)
    for other, path in DRIVER_FILES.items():
        assert (app / path).exists() == (other == driver), path


def test_other_drivers_are_never_mentioned(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    app = rendered_app(driver)
    for other, module in DRIVER_IMPORTS.items():
        if other == driver:
            continue
        hits = [str(p) for p in text_files(app) if module in p.read_text(errors="replace")]
        assert not hits, f"{driver} render mentions {module} in {hits}"


@only_with("postgres")
def test_postgres_render_has_no_sqlite_code(rendered_app: Callable[[str], Path]) -> None:
    app = rendered_app("postgres")
    for path in text_files(app):
        body = path.read_text(errors="replace")
        assert "go-sqlite3" not in body and "go-libsql" not in body, path


def test_no_jinja_left_and_no_empty_files(rendered_app: Callable[[str], Path], driver: str) -> None:
    app = rendered_app(driver)
    for path in text_files(app):
        body = path.read_text(errors="replace")
        assert body.strip(), f"{path} is empty"
        if not templated(app, path):
            continue
        if ".github" in path.relative_to(app).parts:
            body = ACTIONS_EXPRESSION.sub("", body)
        assert not JINJA_LEFTOVER.search(body), f"Jinja left in {path}"


def test_no_stray_blank_lines_or_trailing_spaces(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    """Jinja whitespace control is right when output needs no formatter."""
    app = rendered_app(driver)
    for path in text_files(app):
        if not templated(app, path) or path.name.endswith("_templ.go"):
            continue
        body = path.read_text(errors="replace")
        assert not body.startswith("\n"), f"{path} starts with a blank line"
        assert "\n\n\n" not in body, f"{path} has two blank lines in a row"
        assert body.endswith("\n") and not body.endswith("\n\n"), f"{path} must end in one newline"
        for number, line in enumerate(body.splitlines(), 1):
            assert line == line.rstrip(), f"{path}:{number} has trailing whitespace"


@only_with("go-libsql")
def test_env_file_holds_a_random_secret(
    rendered_app: Callable[[str], Path], tmp_path: Path
) -> None:
    from tests.support.render import answers, render

    first = (rendered_app("go-libsql") / ".env").read_text()
    second = (render(tmp_path / "again", answers("go-libsql")) / ".env").read_text()
    key = re.compile(r"^SHOP_SECRET_KEY=([0-9a-f]{64})$", re.M)
    a, b = key.search(first), key.search(second)
    assert a and b, "no 64-hex SHOP_SECRET_KEY in .env"
    assert a.group(1) != b.group(1), "two renders produced the same secret"


@pytest.mark.parametrize("driver_name", DRIVERS)
def test_sqlc_engine_matches_the_driver(
    rendered_app: Callable[[str], Path], driver_name: str
) -> None:
    sqlc = (rendered_app(driver_name) / "sqlc.yaml").read_text()
    engine = "postgresql" if driver_name == "postgres" else "sqlite"
    assert f"engine: {engine}\n" in sqlc


def test_sqlite_drivers_build_with_cgo_in_the_makefile(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    makefile = (rendered_app(driver) / "Makefile").read_text()
    assert ("export CGO_ENABLED := 1" in makefile) == (driver != "postgres")


def test_dockerfile_fits_the_driver(rendered_app: Callable[[str], Path], driver: str) -> None:
    dockerfile = (rendered_app(driver) / "Dockerfile").read_text()
    if driver == "postgres":
        assert "CGO_ENABLED=0" in dockerfile and "distroless/static" in dockerfile
    else:
        assert "CGO_ENABLED=1" in dockerfile and "bookworm" in dockerfile
        assert not re.search(r"^FROM .*alpine", dockerfile, re.M | re.I)


def test_generated_repository_is_committed_and_clean(
    rendered_app: Callable[[str], Path], driver: str
) -> None:
    app = rendered_app(driver)
    git = local["git"]["-C", str(app)]
    assert git["status", "--porcelain"]().strip() == ""
    tracked = git["ls-files"]().splitlines()
    assert ".copier-answers.yml" in tracked
    assert any(p.startswith("internal/db/generated/") for p in tracked)
    assert ".env" not in tracked
