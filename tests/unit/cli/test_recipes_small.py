"""The handler, service and repository recipes: the names they refuse (the lines they wire are
checked on their rendered declarations: tests/render/test_wiring_declarations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.project import Project
from tracks.recipes import get
from tracks.recipes.base import Clock

pytestmark = pytest.mark.unit

MODULE = "example.com/shop"


def clock() -> str:
    return "20260102030405"


def fake_app(root: Path, files: dict[str, str] | None = None) -> Project:
    """A project with just the files a check reads."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return Project(root=root, answers={"database": "go-libsql", "module_path": MODULE})


def prepare(recipe: str, project: Project, name: str, args: list[str] | None = None) -> None:
    tick: Clock = clock
    get(recipe).prepare(project, name, args or [], tick)


# --- handler -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("internal/http/routes/pages.go", 'package routes\n\nconst (\n\tReports = "/r"\n)\n'),
        ("internal/http/handlers/x.go", "package handlers\n\ntype ReportsHandler struct{}\n"),
        ("internal/http/handlers/y.go", "package handlers\n\nfunc NewReportsHandler() {}\n"),
        ("internal/http/views/pages/a_templ.go", "package pages\n\nfunc ReportsIndex() {}\n"),
    ],
)
def test_handler_refuses_a_name_whose_identifiers_exist(
    tmp_path: Path, rel: str, text: str
) -> None:
    project = fake_app(tmp_path / "app", {rel: text})
    with pytest.raises(TracksError, match="already exists") as err:
        prepare("handler", project, "reports")
    assert err.value.exit_code == 2


@pytest.mark.parametrize("name", ["reports_test", "reports_windows", "stats_amd64"])
def test_handler_refuses_names_go_reads_as_build_constraints(tmp_path: Path, name: str) -> None:
    with pytest.raises(TracksError, match="ends in"):
        prepare("handler", fake_app(tmp_path / "app"), name)


def test_handler_takes_no_extra_arguments(tmp_path: Path) -> None:
    with pytest.raises(TracksError, match="unexpected arguments"):
        prepare("handler", fake_app(tmp_path / "app"), "reports", ["title:string"])


def test_handler_accepts_a_fresh_name(tmp_path: Path) -> None:
    prepare("handler", fake_app(tmp_path / "app"), "reports")


# --- service -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("type", "Go keyword"),
        ("string", "predeclared"),
        ("health", "already uses"),
        ("db", "already uses"),
        ("http", "already uses"),
        ("config", "already uses"),
        ("errors", "already uses"),
        ("log", "already uses"),
        ("server", "already uses"),
        ("mocks", "already uses"),
        ("choices", "already uses"),
        ("telemetry", "already uses"),
        ("store", "already uses"),
        ("internal", "already uses"),
        ("testdata", "already uses"),
        ("billing_test", "ends in"),
        ("linux", "ends in"),
    ],
)
def test_service_refuses_names_that_clash_in_go(tmp_path: Path, name: str, why: str) -> None:
    with pytest.raises(TracksError, match=why) as err:
        prepare("service", fake_app(tmp_path / "app"), name)
    assert err.value.exit_code == 2
    assert err.value.hint


def test_service_refuses_an_interface_that_exists(tmp_path: Path) -> None:
    existing = "package interfaces\n\ntype BillingService interface{}\n"
    project = fake_app(tmp_path / "app", {"internal/interfaces/billing.go": existing})
    with pytest.raises(TracksError, match="BillingService already exists"):
        prepare("service", project, "billing")


def test_service_refuses_a_deps_field_that_exists(tmp_path: Path) -> None:
    server = "package http\n\ntype Deps struct {\n\tHealth interfaces.HealthService\n"
    server += "\tBilling interfaces.PostService\n}\n"
    project = fake_app(tmp_path / "app", {"internal/http/server.go": server})
    with pytest.raises(TracksError, match="Deps already has a field Billing"):
        prepare("service", project, "billing")


def test_service_joins_a_repository_of_the_same_name(tmp_path: Path) -> None:
    repo = "package billing\n\ntype Repository struct{}\n"
    project = fake_app(tmp_path / "app", {"internal/domain/billing/repository.go": repo})
    prepare("service", project, "billing")


# --- repository --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["type", "health", "generated", "dbtest", "sql"])
def test_repository_refuses_package_names_that_clash(tmp_path: Path, name: str) -> None:
    with pytest.raises(TracksError):
        prepare("repository", fake_app(tmp_path / "app"), name)


def test_repository_refuses_a_queries_file_that_exists(tmp_path: Path) -> None:
    project = fake_app(tmp_path / "app", {"internal/db/queries/ledgers.sql": "-- mine\n"})
    with pytest.raises(TracksError, match=r"ledgers\.sql already exists"):
        prepare("repository", project, "ledger")


def test_repository_refuses_query_names_sqlc_already_has(tmp_path: Path) -> None:
    sql = "-- name: LedgerGetSetting :one\nSELECT 1;\n"
    project = fake_app(tmp_path / "app", {"internal/db/queries/other.sql": sql})
    with pytest.raises(TracksError, match="LedgerGetSetting already exists"):
        prepare("repository", project, "ledger")


def test_repository_joins_a_service_of_the_same_name(tmp_path: Path) -> None:
    service = "package ledger\n\ntype Service struct{}\n\nfunc NewService() *Service {}\n"
    project = fake_app(tmp_path / "app", {"internal/domain/ledger/service.go": service})
    prepare("repository", project, "ledger")


def test_service_and_repository_of_one_name_render_different_files() -> None:
    recipes = Path(__file__).resolve().parents[3] / "recipes"
    files = {
        recipe: {
            p.relative_to(recipes / recipe).as_posix()
            for p in (recipes / recipe).rglob("*.jinja")
            if "answers_file" not in p.name
        }
        for recipe in ("service", "repository")
    }
    assert files["service"] and files["repository"]
    assert not files["service"] & files["repository"]
