"""``tracks update``: its pure parts (order of recipe runs, conflicts, legacy templates) and its
refusals, without rendering anything (the update tier renders and updates real apps)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import codegen
from tests.support.gitrepo import commit_all, git
from tracks import legacy, source
from tracks.cli import build_parser, main
from tracks.commands import update

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------------------------------
# The order of recipe runs
# --------------------------------------------------------------------------------------------


def test_creation_order_follows_the_commits_that_added_each_file() -> None:
    log = "\n".join(
        [
            "\0aaa",
            "",
            ".tracks/resource-post.yml",
            ".tracks/wiring/resource-post.yml",
            "\0bbb",
            "",
            ".tracks/resource-comment.yml",
            ".tracks/page-about.yml",
            "\0ccc",
            "",
            ".tracks/migration-add_tags.yml",
            "\0ddd",  # post destroyed and generated again: its first addition counts
            "",
            ".tracks/resource-post.yml",
        ]
    )
    files = [
        ".tracks/migration-add_tags.yml",
        ".tracks/page-about.yml",
        ".tracks/resource-comment.yml",
        ".tracks/resource-post.yml",
        ".tracks/never-committed.yml",
    ]
    assert update.creation_order(log, files) == [
        ".tracks/resource-post.yml",
        ".tracks/page-about.yml",  # same commit as comment: by name
        ".tracks/resource-comment.yml",
        ".tracks/migration-add_tags.yml",
        ".tracks/never-committed.yml",  # no commit added it: last
    ]


def test_recipe_runs_are_ordered_by_creation_in_a_real_repository(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / ".tracks/wiring").mkdir(parents=True)
    git(app, "init", "-q", "-b", "main")
    for name in ("resource-zebra", "resource-alpha", "page-mid"):
        (app / f".tracks/{name}.yml").write_text("recipe: x\n")
        (app / f".tracks/wiring/{name}.yml").write_text("[]\n")
        commit_all(app, name)  # likely within one second: the order must not rely on time
    assert update.recipe_runs(app) == [
        ".tracks/resource-zebra.yml",
        ".tracks/resource-alpha.yml",
        ".tracks/page-mid.yml",
    ]


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        (".tracks/resource-post.yml", True),
        (".tracks/wiring/resource-post.yml", False),
        (".copier-answers.yml", False),
        (".tracks/notes.txt", False),
    ],
)
def test_is_recipe_answers(rel: str, expected: bool) -> None:
    assert update.is_recipe_answers(rel) is expected


def test_step_label() -> None:
    assert update.step_label(".copier-answers.yml") == "app"
    assert update.step_label(".tracks/resource-blog_post.yml") == "resource blog_post"
    assert update.step_label(".tracks/migration-add-tags.yml") == "migration add-tags"


# --------------------------------------------------------------------------------------------
# Conflicts
# --------------------------------------------------------------------------------------------


def test_conflicts_are_inline_markers_and_rej_files(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_text(
        "package a\n<<<<<<< before updating\nx\n=======\ny\n>>>>>>> after updating\n"
    )
    (tmp_path / "b.go").write_text("package b // mentions <<<<<<< before updating inline\n")
    (tmp_path / "c.templ.rej").write_text("@@ -1 +1 @@\n")
    (tmp_path / "d.bin").write_bytes(b"\xff\xfe<<<<<<< before updating\n\x00")
    (tmp_path / "e.sql").write_text("-- <<<<<<< HEAD is git's, not Copier's\n")
    files = ["a.go", "b.go", "c.templ.rej", "d.bin", "e.sql", "missing.go"]
    assert codegen.conflicted_files(tmp_path, files) == ["a.go", "c.templ.rej"]


# --------------------------------------------------------------------------------------------
# Legacy templates (0.4.0 to 0.6.0 import the CLI's `tracks` package while rendering)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("try:\n    from tracks.scaffold import resource_view\nexcept ImportError:\n", True),
        ("from tracks.errors import TracksError\n", True),
        ("import tracks\n", True),
        ("import tracks.scaffold as s\n", True),
        ("from tracks_extra import x\n", False),
        ("import trackside\n", False),
        ('"""Loaded by path: never imports tracks."""\nfrom model import fields\n', False),
    ],
)
def test_imports_tracks(source: str, expected: bool) -> None:
    assert legacy.imports_tracks(source) is expected


def test_a_legacy_commit_gets_its_own_tracks_package(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    (tpl / "extensions").mkdir(parents=True)
    (tpl / "tracks").mkdir()
    git(tpl, "init", "-q", "-b", "main")
    (tpl / "extensions/resource.py").write_text("from tracks.scaffold import resource_view\n")
    (tpl / "extensions/naming.py").write_text("NAMING = 1\n")
    (tpl / "tracks/__init__.py").write_text("")
    (tpl / "tracks/scaffold.py").write_text("OLD = True\n")
    commit_all(tpl, "legacy")
    git(tpl, "tag", "v0.4.0")
    (tpl / "extensions/resource.py").unlink()
    (tpl / "extensions/model.py").write_text("# loads model/ by path\n")
    commit_all(tpl, "current")

    assert legacy.is_legacy(tpl, "v0.4.0")
    assert not legacy.is_legacy(tpl, "HEAD")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert legacy.legacy_pythonpath(str(tpl), ["HEAD", None], scratch) is None
    found = legacy.legacy_pythonpath(str(tpl), ["HEAD", "v0.4.0"], scratch)
    assert found is not None
    assert (Path(found) / "tracks/scaffold.py").read_text() == "OLD = True\n"
    assert (Path(found) / "extensions/naming.py").is_file(), "tracks loads it from beside itself"
    assert legacy.legacy_pythonpath(str(tmp_path / "gone"), ["v0.4.0"], scratch) is None
    # A remote template is cloned once, for every step.
    for _ in range(2):
        remote = legacy.legacy_pythonpath(f"git+file://{tpl}", ["v0.4.0"], scratch)
        assert remote is not None and (Path(remote) / "tracks/scaffold.py").is_file()


def test_newest_release_is_the_highest_final_pep440_tag() -> None:
    tags = ["v0.2.0", "v0.10.0", "v0.9.0", "v1.0.0rc1", "nightly", "v0.6.0-11-gabc"]
    assert source.newest_release(tags) == "v0.10.0"
    assert source.newest_release(["latest"]) is None


def test_at_target_compares_commits_of_a_clean_local_template(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    git(tpl, "init", "-q", "-b", "main")
    (tpl / "copier.yml").write_text("a: 1\n")
    commit_all(tpl, "one")
    git(tpl, "tag", "v0.1.0")
    assert update.at_target(str(tpl), "v0.1.0", "HEAD")
    assert update.at_target(str(tpl), "v0.1.0", "v0.1.0")
    assert not update.at_target(str(tpl), "", "HEAD")
    assert not update.at_target(str(tpl), "v0.1.0", None)
    assert not update.at_target("https://example.com/tpl.git", "v0.1.0", "v0.1.0")
    (tpl / "copier.yml").write_text("a: 2\n")  # Copier renders HEAD's uncommitted changes
    assert not update.at_target(str(tpl), "v0.1.0", "HEAD")
    commit_all(tpl, "two")
    assert not update.at_target(str(tpl), "v0.1.0", "HEAD")


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------


def test_the_parser_knows_update() -> None:
    args = build_parser().parse_args(
        ["update", "--template", "/t", "--vcs-ref", "HEAD", "--test", "--pretend"]
    )
    assert (args.template, args.vcs_ref, args.test, args.pretend) == ("/t", "HEAD", True, True)
    defaults = build_parser().parse_args(["update"])
    assert (defaults.template, defaults.vcs_ref, defaults.test, defaults.pretend) == (
        None,
        None,
        False,
        False,
    )


def test_update_outside_an_app_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["update"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: not inside a Tracks app") and "\nhint: " in err
    assert "Traceback" not in err


def test_update_refuses_a_dirty_tree_and_an_app_without_git(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    project_factory: Callable[..., Path],
) -> None:
    app = project_factory(tmp_path / "app")
    monkeypatch.chdir(app)
    assert main(["update"]) == 2
    err = capsys.readouterr().err
    assert "not a git repository" in err and "hint: " in err

    git(app, "init", "-q", "-b", "main")
    commit_all(app, "app")
    (app / "go.mod").write_text((app / "go.mod").read_text() + "// edited\n")
    (app / "notes.txt").write_text("new\n")
    assert main(["update"]) == 2
    err = capsys.readouterr().err
    assert "uncommitted changes" in err and "go.mod" in err and "notes.txt" in err
    assert "hint: commit or stash" in err
    assert git(app, "log", "--format=%s").strip() == "app", "the refused update committed"


def test_a_ref_older_than_the_app_is_refused_before_anything_runs(tmp_path: Path) -> None:
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    git(tpl, "init", "-q", "-b", "main")
    (tpl / "copier.yml").write_text("a: 1\n")
    commit_all(tpl, "one")
    git(tpl, "tag", "v0.1.0")
    (tpl / "copier.yml").write_text("a: 2\n")
    commit_all(tpl, "two")
    past = git(tpl, "describe", "--tags", "--always").strip()  # v0.1.0-1-g...: an app of HEAD
    with pytest.raises(update.TracksError, match=r"newer than v0\.1\.0") as caught:
        update.refuse_downgrade(str(tpl), past, "v0.1.0")
    assert "--vcs-ref HEAD" in (caught.value.hint or "")
    update.refuse_downgrade(str(tpl), past, "HEAD")
    update.refuse_downgrade(str(tpl), "v0.1.0", "HEAD")
    update.refuse_downgrade(str(tpl), "v0.1.0", "v0.1.0")
    update.refuse_downgrade(str(tpl), past, None)
