"""GEN-1..3: `tracks generate handler|service|repository` in a real app: it builds, vets, stays
gofmt-clean and its generated tests run and pass (the repository's against the real database)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with
from tests.support.render import answers, render
from tests.update import test_update as update_tier

pytestmark = pytest.mark.update

# The fixture of the update tier: a git clone of this working tree, tagged v0.1.0.
template_repo = update_tier.template_repo
tracks_generate = update_tier.tracks_generate
git = update_tier.git

GENERATED_TESTS = {
    "handler": ["TestReportsHandlerIndex"],
    "service": ["TestServiceGreet"],
    "repository": [
        "TestRepositoryGet",
        "TestRepositoryDelete",
        "TestRepositoryDoesNotMistakeAFailureForAMissingKey",
    ],
}


def passed(out: str) -> set[str]:
    return set(re.findall(r"^--- PASS: (\w+) ", out, re.M))


@only_with(DEFAULT_DRIVER)
def test_handler_service_and_repository_build_and_their_tests_pass(
    template_repo: Path, tmp_path: Path
) -> None:
    app = render(tmp_path / "shop", answers(DEFAULT_DRIVER), src=template_repo, vcs_ref="v0.1.0")

    clash = tracks_generate(app, template_repo, "service", "health")
    assert clash[0] == 2 and "health" in clash[2], clash
    assert git(app, "status", "--porcelain", "--untracked-files=all").strip() == ""

    for recipe, name in (("handler", "reports"), ("service", "billing"), ("repository", "ledger")):
        code, out, err = tracks_generate(app, template_repo, recipe, name)
        assert code == 0, f"{recipe} {name}: {out}{err}"
    for rel in (
        "internal/http/handlers/reports.go",
        "internal/http/handlers/reports_test.go",
        "internal/http/routes/reports.go",
        "internal/http/views/pages/reports_templ.go",
        "internal/domain/billing/service.go",
        "internal/domain/billing/service_test.go",
        "internal/interfaces/billing.go",
        "tests/mocks/billing_service.go",
        "internal/db/queries/ledgers.sql",
        "internal/db/generated/ledgers.sql.go",
        "internal/domain/ledger/repository.go",
        "internal/domain/ledger/repository_test.go",
    ):
        assert (app / rel).is_file(), f"{rel} is missing"
    main_go = (app / "cmd/server/main.go").read_text()
    assert "billingService := billing.NewService()" in main_go
    assert 'required("Billing", d.Billing)' in (app / "internal/http/server.go").read_text()

    run(app, "go", "vet", "./...")
    assert run(app, "gofmt", "-l", ".")[1].strip() == ""
    run(app, "go", "tool", "templ", "fmt", "-fail", ".")
    _, out, _ = run(app, "go", "test", "-count=1", "-v", "./...")
    ran = passed(out)
    for recipe, names in GENERATED_TESTS.items():
        missing = [n for n in names if n not in ran]
        assert not missing, f"{recipe}: {missing} did not pass:\n{out}"
    # The wiring reaches the server: its own tests build Deps with the new service's double.
    assert "TestRouterServesExactlyTheDeclaredRoutes" in ran
    assert "TestShutdownLetsInFlightRequestsFinish" in ran


@only_with("postgres")
def test_repository_recipe_passes_its_test_on_postgres(template_repo: Path, tmp_path: Path) -> None:
    app = render(tmp_path / "shop", answers("postgres"), src=template_repo, vcs_ref="v0.1.0")
    code, out, err = tracks_generate(app, template_repo, "repository", "ledger")
    assert code == 0, out + err
    run(app, "go", "vet", "./internal/domain/...")
    _, out, _ = run(app, "go", "test", "-count=1", "-v", "./internal/domain/ledger/")
    assert "--- SKIP" not in out, f"the repository test did not reach postgres:\n{out}"
    assert set(GENERATED_TESTS["repository"]) <= passed(out), out
