"""The `job` recipe over time: `copier update -a .tracks/job-<name>.yml` brings a newer recipe
and keeps the user's edits and the wiring, and `tracks destroy job` removes exactly what the
recorded version generated.

The template is a git clone of this working tree tagged v0.1.0 (the update tier's
`clone_template`): updates and destroy re-render the recipe at the `_commit` its answers file
records, which must be a revision the template repository really has.
"""

from __future__ import annotations

from pathlib import Path

import copier
import pytest

from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with
from tests.support.render import answers, render
from tests.support.resources import tracks
from tests.update import test_update as update_tier
from tests.update.test_resource_recipe import conflict_markers, edit, regions, status

pytestmark = pytest.mark.update

git = update_tier.git
commit_all = update_tier.commit_all
clone_template = update_tier.clone_template

TASKS = "internal/jobs/tasks"
HANDLER = f"{TASKS}/send_digest.go"
STORED = ".tracks/job-send_digest.yml"
RECIPE_HANDLER = "recipes/job/internal/jobs/tasks/{{ name }}.go.jinja"
WIRED = "jobs.Register(reg, TypeSendDigest, SendDigest(deps))"


def update_recipe(app: Path, vcs_ref: str) -> None:
    copier.run_update(
        str(app),
        answers_file=STORED,
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )


def registrations(app: Path) -> list[str]:
    found = regions((app / f"{TASKS}/tasks.go").read_text())
    return [" ".join(line.split()) for line in found.get("jobs", [])]


@only_with(DEFAULT_DRIVER)
def test_update_to_a_newer_job_recipe_keeps_edits_then_destroy_removes_it(tmp_path: Path) -> None:
    tpl = clone_template(tmp_path / "tracks")
    app = render(tmp_path / "shop", answers(DEFAULT_DRIVER), src=tpl, vcs_ref="v0.1.0")
    tasks_before = (app / f"{TASKS}/tasks.go").read_text()
    code, out, err = tracks(
        app, "generate", "job", "send_digest", "--vcs-ref", "v0.1.0", template=tpl
    )
    assert code == 0, f"tracks generate job send_digest exited {code}:\n{out}\n{err}"
    commit_all(app, "tracks generate job send_digest")
    assert "_commit: v0.1.0" in (app / STORED).read_text()
    assert registrations(app) == [WIRED]

    # The user writes the job's work into the generated handler.
    user_line = '\t\tdeps.Log.Info().Str("id", p.ID).Msg("digest sent") // edited by the user'
    edit(
        app / HANDLER,
        "\t\t// Do the work here",
        user_line + "\n\t\t// Do the work here",
    )
    commit_all(app, "the user fills in send_digest")

    # The recipe moves on: the handler's comment changes.
    edit(
        tpl / RECIPE_HANDLER,
        "// Type{{ name | pascal }} names the",
        "// Type{{ name | pascal }} (recipe v0.2.0) names the",
    )
    commit_all(tpl, "job recipe v0.2.0")
    git(tpl, "tag", "v0.2.0")

    update_recipe(app, "v0.2.0")

    handler = (app / HANDLER).read_text()
    assert user_line in handler, "the user's edit of the handler was lost"
    assert "// TypeSendDigest (recipe v0.2.0) names the" in handler, "the recipe change is missing"
    assert conflict_markers(app) == [], f"conflicts: {conflict_markers(app)}"
    assert registrations(app) == [WIRED], "the update changed the registration"
    assert "_commit: v0.2.0" in (app / STORED).read_text()
    run(app, "go", "vet", f"./{TASKS}/")
    run(app, "go", "test", "-count=1", f"./{TASKS}/")

    # Updating again to the same version changes nothing.
    commit_all(app, "update send_digest to recipe v0.2.0")
    update_recipe(app, "v0.2.0")
    assert status(app) == "", f"a second update to the same version changed:\n{status(app)}"

    # destroy compares with the recorded version: the user's edit keeps the handler ...
    code, out, err = tracks(app, "destroy", "job", "send_digest", template=tpl)
    assert code == 2 and HANDLER in err, f"{code}\n{out}\n{err}"
    assert status(app) == ""
    # ... unless forced; then the files, the answers and the registration go.
    code, out, err = tracks(app, "destroy", "job", "send_digest", "--force", template=tpl)
    assert code == 0, f"tracks destroy exited {code}:\n{out}\n{err}"
    for rel in (
        HANDLER,
        f"{TASKS}/send_digest_test.go",
        STORED,
        ".tracks/wiring/job-send_digest.yml",
    ):
        assert not (app / rel).exists(), f"{rel} is still there"
    assert (app / f"{TASKS}/tasks.go").read_text() == tasks_before
    run(app, "go", "build", "./...")

    # And it can be generated again.
    code, out, err = tracks(
        app, "generate", "job", "send_digest", "--vcs-ref", "v0.2.0", template=tpl
    )
    assert code == 0, f"{out}\n{err}"
    assert registrations(app) == [WIRED]
