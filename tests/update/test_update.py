"""Update tier: apps rendered from a tagged template update to newer versions and keep edits."""

from __future__ import annotations

from pathlib import Path

import copier
import pytest
from plumbum import local

from tests.support.gitrepo import commit_all, git
from tests.support.gocmd import run
from tests.support.paths import ALL_DRIVERS, DRIVERS
from tests.support.releases import copy_working_tree, release_tags, render_release, tagged_clone
from tests.support.render import answers, render
from tests.support.resources import tracks

pytestmark = pytest.mark.update


def clone_template(dst: Path) -> Path:
    """A git repository at dst holding this working tree's template, tagged v0.1.0."""
    copy_working_tree(dst)
    local["git"]["init", "-q", "-b", "main", str(dst)]()
    commit_all(dst, "template v0.1.0")
    git(dst, "tag", "v0.1.0")
    return dst


@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """A git repository holding this working tree's template, tagged v0.1.0."""
    return clone_template(tmp_path / "tracks")


def edit_handler_and_migration(app: Path) -> tuple[Path, Path]:
    """The user's hand edits every update test must keep: a handler and a migration, committed."""
    handler = app / "internal/http/handlers/health.go"
    handler.write_text(
        handler.read_text().replace(
            "// Live answers 200 while the process runs.",
            "// Live answers 200 while the process runs.\n// edited by the user: keep it cheap.",
        )
    )
    migration = next((app / "internal/db/migrations").glob("00001_*.sql"))
    migration.write_text(migration.read_text() + "-- a note the user added\n")
    commit_all(app, "user edits")
    return handler, migration


def update(app: Path, vcs_ref: str = "HEAD", data: dict[str, str] | None = None) -> None:
    copier.run_update(
        str(app),
        data=data or {},
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )


def test_update_with_unchanged_answers_changes_nothing(template_repo: Path, tmp_path: Path) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    env_before = (app / ".env").read_bytes()
    update(app)
    assert git(app, "status", "--porcelain").strip() == ""
    assert (app / ".env").read_bytes() == env_before


def test_user_edits_survive_an_update_that_changes_the_template(
    template_repo: Path, tmp_path: Path
) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[-1]), src=template_repo, vcs_ref="v0.1.0")

    handler, migration = edit_handler_and_migration(app)

    # The template moves on: a change in the same handler file, far from the user's line.
    tpl_handler = template_repo / "template/internal/http/handlers/health.go.jinja"
    tpl_handler.write_text(
        tpl_handler.read_text().replace(
            "// Health serves the liveness and readiness probes.",
            "// Health serves the liveness and readiness probes (template v0.2.0).",
        )
    )
    readme = template_repo / "template/README.md.jinja"
    readme.write_text(readme.read_text() + "\nUpdated in v0.2.0.\n")
    commit_all(template_repo, "template v0.2.0")
    git(template_repo, "tag", "v0.2.0")

    update(app, vcs_ref="v0.2.0")

    body = handler.read_text()
    assert "// edited by the user" in body, "the user's edit was lost"
    assert "(template v0.2.0)" in body, "the template's change did not arrive"
    assert "-- a note the user added" in migration.read_text()
    assert "Updated in v0.2.0." in (app / "README.md").read_text()
    for path in app.rglob("*.go"):
        assert "<<<<<<<" not in path.read_text(), f"conflict markers in {path}"
    run(app, "go", "build", "./...")


def test_update_refuses_to_change_the_database(template_repo: Path, tmp_path: Path) -> None:
    current = DRIVERS[0]
    other = next(d for d in ALL_DRIVERS if d != current)
    app = render(tmp_path / "shop", answers(current), src=template_repo, vcs_ref="v0.1.0")
    head = git(app, "rev-parse", "HEAD")
    files_before = sorted(str(p.relative_to(app)) for p in app.rglob("*") if ".git" not in p.parts)
    with pytest.raises(ValueError, match="database cannot change"):
        update(app, data={"database": other})
    assert git(app, "status", "--porcelain").strip() == ""
    assert git(app, "rev-parse", "HEAD") == head
    files_after = sorted(str(p.relative_to(app)) for p in app.rglob("*") if ".git" not in p.parts)
    assert files_after == files_before


def test_tracks_new_then_copier_update_changes_nothing(template_repo: Path, tmp_path: Path) -> None:
    """`tracks new` renders the release tag matching its own version, so `_commit` is set."""
    import tracks

    release = f"v{tracks.__version__}"
    if release not in git(template_repo, "tag", "--list").split():
        # A commit of its own, so `git describe` names this release rather than v0.1.0.
        (template_repo / "RELEASE").write_text(release + "\n")
        commit_all(template_repo, f"release {release}")
        git(template_repo, "tag", release)
    with local.cwd(tmp_path), local.env(TRACKS_TEMPLATE=str(template_repo)):
        code, out, err = local["tracks"]["new", "shop", "--defaults"].run(retcode=None, timeout=600)
    assert code == 0, out + err
    app = tmp_path / "shop"
    assert f"_commit: {release}" in (app / ".copier-answers.yml").read_text()
    with local.cwd(app):
        code, out, err = local["copier"]["update", "--trust", "--defaults"].run(
            retcode=None, timeout=600
        )
    assert code == 0, out + err
    assert git(app, "status", "--porcelain").strip() == ""


@pytest.fixture(scope="module")
def released_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository with every release of releases.yml tagged and HEAD = the
    working tree under test."""
    return tagged_clone(tmp_path_factory.mktemp("released") / "tracks")


@pytest.mark.parametrize("release", release_tags())
def test_an_app_from_each_release_updates_to_head_keeping_edits(
    released_template: Path, tmp_path: Path, release: str
) -> None:
    """GEN-7 against every real release, with `tracks update`: the release renders with its own
    `tracks` package (as its users had it), the update keeps the user's edits, builds, and a
    second `tracks update` has nothing left to do."""
    app = render_release(tmp_path / "shop", released_template, release, tmp_path, DRIVERS[0])
    assert f"_commit: {release}" in (app / ".copier-answers.yml").read_text()
    handler, migration = edit_handler_and_migration(app)

    code, out, err = tracks(app, "update", "--vcs-ref", "HEAD", template=released_template)
    assert code == 0, f"tracks update from {release} exited {code}\n{out}\n{err}"
    assert "Traceback" not in err, err

    assert "// edited by the user" in handler.read_text()
    assert "-- a note the user added" in migration.read_text()
    assert f"_commit: {release}\n" not in (app / ".copier-answers.yml").read_text()
    for path in app.rglob("*"):
        if path.is_file() and ".git" not in path.parts and path.suffix in {".go", ".sql", ".mod"}:
            assert "<<<<<<<" not in path.read_text(), f"conflict markers in {path}"
    assert git(app, "status", "--porcelain").strip() == "", "the update left changes uncommitted"
    run(app, "go", "vet", "./...")

    head = git(app, "rev-parse", "HEAD")
    code, out, err = tracks(app, "update", "--vcs-ref", "HEAD", template=released_template)
    assert code == 0, f"the second tracks update exited {code}\n{out}\n{err}"
    assert git(app, "status", "--porcelain").strip() == "", "a no-op update changed files"
    assert git(app, "rev-parse", "HEAD") == head, "a no-op update committed"


def generate_migration(app: Path, name: str, stamp: str, vcs_ref: str, src: Path) -> None:
    copier.run_copy(
        str(src),
        str(app),
        data={"recipe": "migration", "name": name, "migration_ts": stamp},
        vcs_ref=vcs_ref,
        defaults=True,
        unsafe=True,
        quiet=True,
    )


def test_migration_recipe_creates_its_file_and_updates_keep_edits(
    template_repo: Path, tmp_path: Path
) -> None:
    driver = DRIVERS[0]
    app = render(tmp_path / "shop", answers(driver), src=template_repo, vcs_ref="v0.1.0")
    generate_migration(app, "add_tags", "20260102030405", "v0.1.0", template_repo)
    migration = app / "internal/db/migrations/20260102030405_add_tags.sql"
    recipe_answers = app / ".tracks/migration-add_tags.yml"
    assert migration.exists() and recipe_answers.exists()
    stored = recipe_answers.read_text()
    assert f"app_database: {driver}" in stored and "migration_ts: '20260102030405'" in stored
    app_answers = (app / ".copier-answers.yml").read_text()
    assert "recipe: app" in app_answers, "the recipe run touched the app's answers file"
    body = migration.read_text()
    assert "-- +goose Up" in body and "-- +goose Down" in body
    commit_all(app, "add_tags migration")

    # The user fills the migration in; the recipe template changes its header comment.
    migration.write_text(
        body.replace(
            "-- Write the change here.",
            "CREATE TABLE tags (id TEXT PRIMARY KEY);\n-- Write the change here.",
        )
    )
    commit_all(app, "fill in the migration")
    recipe_file = next((template_repo / "recipes/migration/internal/db/migrations").iterdir())
    recipe_file.write_text(
        recipe_file.read_text().replace(
            "-- {{ name }}: written by", "-- {{ name }} (recipe v0.2.0): written by"
        )
    )
    commit_all(template_repo, "recipe v0.2.0")
    git(template_repo, "tag", "v0.2.0")

    copier.run_update(
        str(app),
        answers_file=".tracks/migration-add_tags.yml",
        vcs_ref="v0.2.0",
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )
    updated = migration.read_text()
    assert "CREATE TABLE tags" in updated, "the user's SQL was lost"
    assert "(recipe v0.2.0)" in updated, "the recipe's change did not arrive"
    assert len(list((app / "internal/db/migrations").glob("*_add_tags.sql"))) == 1
    assert "migration_ts: '20260102030405'" in recipe_answers.read_text()
    assert "recipe: app" in (app / ".copier-answers.yml").read_text()
    run(app, "go", "build", "./...")


def test_tracks_generate_refuses_bad_input_and_writes_nothing(
    template_repo: Path, tmp_path: Path
) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    cases = [
        (["generate", "migration", "Add-Tags"], "lower snake case"),
        (["generate", "widget", "x"], "invalid choice"),
    ]
    env = {"TRACKS_TEMPLATE": str(template_repo)}
    for args, fragment in cases:
        with local.cwd(app), local.env(**env):
            code, out, err = local["tracks"][args].run(retcode=None, timeout=300)
        assert code == 2, out + err
        assert fragment in err, err
        assert git(app, "status", "--porcelain", "--untracked-files=all").strip() == ""
    with local.cwd(app), local.env(**env):
        first = local["tracks"]["generate", "migration", "add_tags", "--vcs-ref", "HEAD"].run(
            retcode=None, timeout=300
        )
        again = local["tracks"]["generate", "migration", "add_tags", "--vcs-ref", "HEAD"].run(
            retcode=None, timeout=300
        )
    assert first[0] == 0, first[1] + first[2]
    assert again[0] == 2 and "already generated" in again[2]
    created = git(app, "status", "--porcelain", "--untracked-files=all").split("\n")
    assert len([line for line in created if line.strip()]) == 2, created
    with local.cwd(tmp_path), local.env(**env):
        outside = local["tracks"]["generate", "migration", "x"].run(retcode=None, timeout=60)
    assert outside[0] == 2


def test_component_recipe_builds_and_its_test_passes(template_repo: Path, tmp_path: Path) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    env = {"TRACKS_TEMPLATE": str(template_repo)}
    with local.cwd(app), local.env(**env):
        generate = local["tracks"]["generate", "component", "promo_card", "--vcs-ref", "HEAD"]
        code, out, err = generate.run(retcode=None, timeout=600)
        clash = local["tracks"]["generate", "component", "nav", "--vcs-ref", "HEAD"].run(
            retcode=None, timeout=300
        )
    assert code == 0, out + err
    assert "internal/http/views/components/promo_card.templ" in out
    assert (app / "internal/http/views/components/promo_card_templ.go").exists()
    assert (app / ".tracks/component-promo_card.yml").exists()
    assert clash[0] == 2 and "already exists" in clash[2]
    _, test_out, _ = run(app, "go", "test", "-v", "./internal/http/views/components/")
    assert "--- PASS: TestPromoCardRendersItsTitleEscapedAndItsChildren" in test_out
    run(app, "go", "vet", "./...")
    run(app, "go", "tool", "templ", "fmt", "-fail", ".")


def tracks_generate(app: Path, template_repo: Path, *args: str) -> tuple[int, str, str]:
    with local.cwd(app), local.env(TRACKS_TEMPLATE=str(template_repo)):
        return local["tracks"][("generate", *args, "--vcs-ref", "HEAD")].run(
            retcode=None, timeout=600
        )


def test_page_recipe_is_wired_in_sorted_and_builds(template_repo: Path, tmp_path: Path) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    for name in ("pricing", "faq"):
        code, out, err = tracks_generate(app, template_repo, "page", name)
        assert code == 0, out + err
    again = tracks_generate(app, template_repo, "page", "faq")
    assert again[0] == 2 and "already" in again[2]
    routes_go = (app / "internal/http/routes.go").read_text()
    faq = routes_go.index("routes.Faq, handlers.NewFaqPage")
    pricing = routes_go.index("routes.Pricing, handlers.NewPricingPage")
    assert faq < pricing, "wired lines are not sorted"
    assert routes_go.count("NewPricingPage") == 1
    nav = (app / "internal/http/views/components/nav.templ").read_text()
    assert "routes.Faq" in nav and "routes.Pricing" in nav
    # routes.All() must list exactly what the router serves: the app's own test checks it.
    _, out, _ = run(app, "go", "test", "-v", "./internal/http/...")
    assert "--- PASS: TestRouterServesExactlyTheDeclaredRoutes" in out
    assert "--- PASS: TestPricingPage" in out
    run(app, "go", "vet", "./...")
    _, fmt, _ = run(app, "gofmt", "-l", ".")
    assert fmt.strip() == ""


def test_page_recipe_refuses_a_broken_marker_and_writes_nothing(
    template_repo: Path, tmp_path: Path
) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    nav = app / "internal/http/views/components/nav.templ"
    nav.write_text(nav.read_text().replace("// tracks:nav:end", "// nav ends here"))
    commit_all(app, "the user edited a marker")
    code, _, err = tracks_generate(app, template_repo, "page", "pricing")
    assert code == 2, err
    assert "tracks:nav:start" in err and "nav.templ" in err
    assert git(app, "status", "--porcelain", "--untracked-files=all").strip() == ""


def test_destroy_then_generate_gives_the_same_wiring(template_repo: Path, tmp_path: Path) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    pristine = git(app, "rev-parse", "HEAD").strip()
    assert tracks_generate(app, template_repo, "page", "pricing")[0] == 0
    once = {
        p: (app / p).read_text()
        for p in ("internal/http/routes.go", "internal/http/routes/routes.go")
    }
    commit_all(app, "pricing page")

    with local.cwd(app):
        code, out, err = local["tracks"]["destroy", "page", "pricing"].run(
            retcode=None, timeout=600
        )
    assert code == 0, out + err
    assert git(app, "diff", pristine, "--stat").strip() == "", "destroy left something behind"
    run(app, "go", "build", "./...")

    assert tracks_generate(app, template_repo, "page", "pricing")[0] == 0
    for path, text in once.items():
        assert (app / path).read_text() == text, f"{path} differs after destroy + generate"


def test_destroy_keeps_files_the_user_changed_unless_forced(
    template_repo: Path, tmp_path: Path
) -> None:
    app = render(tmp_path / "shop", answers(DRIVERS[0]), src=template_repo, vcs_ref="v0.1.0")
    assert tracks_generate(app, template_repo, "component", "promo_card")[0] == 0
    templ_file = app / "internal/http/views/components/promo_card.templ"
    templ_file.write_text(templ_file.read_text().replace("text-xl", "text-2xl"))
    commit_all(app, "user styles the card")
    with local.cwd(app):
        refused = local["tracks"]["destroy", "component", "promo_card"].run(
            retcode=None, timeout=600
        )
        assert refused[0] == 2 and "promo_card.templ" in refused[2]
        assert templ_file.exists()
        forced = local["tracks"]["destroy", "component", "promo_card", "--force"].run(
            retcode=None, timeout=600
        )
    assert forced[0] == 0, forced[1] + forced[2]
    assert not templ_file.exists() and not (app / ".tracks/component-promo_card.yml").exists()
    run(app, "go", "build", "./...")
