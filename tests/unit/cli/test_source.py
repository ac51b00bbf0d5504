"""tracks/source.py: which template, at which ref, against small git repositories made here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from plumbum import local

import tracks
from model.errors import TracksError
from tracks import source
from tracks.project import Project
from tracks.source import Source

pytestmark = pytest.mark.unit

VERSION = tracks.__version__
TAG = f"v{VERSION}"


def git(repo: Path, *args: str) -> str:
    identity = ("-c", "user.name=Tracks Test", "-c", "user.email=test@example.com")
    return local["git"]["-C", str(repo), *identity, *args]().strip()


def make_repo(path: Path, *tags: str) -> Path:
    """A git repository with a copier.yml and one commit per tag (each tagged), then one more
    untagged commit on top."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    (path / "copier.yml").write_text("project_name:\n  type: str\n", encoding="utf-8")
    for n, tag in enumerate(tags):
        (path / "VERSION").write_text(f"{tag}\n", encoding="utf-8")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", f"release {n}")
        git(path, "tag", tag)
    (path / "VERSION").write_text("unreleased\n", encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "after the releases")
    return path


def app(src: str | Path, commit: str | None = None, root: Path = Path("/nowhere")) -> Project:
    answers: dict[str, object] = {"_src_path": str(src), "database": "sqlite3"}
    if commit is not None:
        answers["_commit"] = commit
    return Project(root=root, answers=answers)


@pytest.fixture(autouse=True)
def no_template_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(source.TEMPLATE_ENV, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Releases v0.0.1 and this CLI's, then a commit after them."""
    return make_repo(tmp_path / "tracks", "v0.0.1", TAG)


# --- picking a release among tags -------------------------------------------------------------


def test_pick_release_prefers_this_version() -> None:
    tags = ["v0.1.0", "v9.0.0", TAG, "latest"]
    assert source.pick_release(tags) == TAG
    assert source.pick_release(["0.2.0", "v0.1.0"], "0.2.0") == "0.2.0"


def test_pick_release_falls_back_to_the_newest_not_newer_than_the_cli() -> None:
    tags = ["v0.1.0", "v0.3.0", "v0.10.0", "v0.4.0rc1", "nightly", "deadbeef"]
    assert source.pick_release(tags, "0.5.0") == "v0.3.0"  # PEP 440 order, rc left out
    assert source.pick_release(tags, "0.11.0") == "v0.10.0"
    assert source.pick_release(tags, "0.0.1") == "v0.10.0"  # all newer: the newest
    assert source.pick_release(["v0.4.0rc1"], "0.4.0rc1") == "v0.4.0rc1"  # its own pre-release
    assert source.pick_release(["main", "nightly"], "0.5.0") is None
    assert source.pick_release([], "0.5.0") is None


def test_not_older_keeps_a_release_no_older_than_the_app() -> None:
    assert source.not_older("v0.6.0", "v0.6.0") == "v0.6.0"
    assert source.not_older("v0.7.0", "v0.6.0-3-g1a2b3c4") == "v0.7.0"
    assert source.not_older("v0.6.0", "v0.6.0-3-g1a2b3c4") == "HEAD"  # the app is past it
    assert source.not_older("v0.5.0", "v0.6.0") == "HEAD"
    assert source.not_older("HEAD", "v0.6.0") == "HEAD"
    assert source.not_older("v0.5.0", "1a2b3c4") == "v0.5.0"  # a bare hash: nothing to compare
    assert source.not_older(None, "v0.6.0") is None  # a plain folder


def test_urls_as_git_and_copier_read_them() -> None:
    assert source.git_url("gh:acme/tracks") == "https://github.com/acme/tracks.git"
    assert source.git_url("gh:acme/tracks.git") == "https://github.com/acme/tracks.git"
    assert source.git_url("gl:acme/tracks") == "https://gitlab.com/acme/tracks.git"
    assert source.git_url("git+file:///srv/tracks") == "file:///srv/tracks"
    assert source.git_url(source.CANONICAL_URL) == source.CANONICAL_URL
    assert source.copier_url("file:///srv/tracks") == "git+file:///srv/tracks"
    assert source.copier_url("git+file:///srv/tracks") == "git+file:///srv/tracks"
    assert source.copier_url("gh:acme/tracks") == "gh:acme/tracks"


# --- the template of `tracks new` ---------------------------------------------------------------


def test_resolve_template_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flag, env = tmp_path / "flag", tmp_path / "env"
    flag.mkdir()
    env.mkdir()
    monkeypatch.setenv(source.TEMPLATE_ENV, str(env))
    assert source.resolve_template(str(flag)) == str(flag.resolve())
    assert source.resolve_template() == str(env.resolve())
    monkeypatch.delenv(source.TEMPLATE_ENV)
    monkeypatch.setattr(source, "bundled_template", lambda: tmp_path)
    assert source.resolve_template() == str(tmp_path)
    assert capsys.readouterr().err == ""


def test_wheel_install_without_template_uses_the_canonical_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(source, "bundled_template", lambda: None)
    assert source.resolve_template() == source.CANONICAL_URL
    assert source.CANONICAL_URL in capsys.readouterr().err
    assert source.is_remote(source.CANONICAL_URL)


def test_remote_ref_is_this_versions_tag(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = repo.as_uri()
    assert source.resolve_vcs_ref(url) == TAG
    assert source.resolve_vcs_ref(f"git+{url}") == TAG
    assert source.resolve_vcs_ref(url, "main") == "main"
    assert capsys.readouterr().err == ""


def test_remote_ref_without_this_versions_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = make_repo(tmp_path / "older", "v0.0.1", "v0.0.2", "v99.0.0")
    assert source.resolve_vcs_ref(older.as_uri()) == "v0.0.2"
    assert f"tag {TAG} not found" in capsys.readouterr().err

    untagged = make_repo(tmp_path / "untagged")
    assert source.resolve_vcs_ref(untagged.as_uri()) == "HEAD"
    assert "no release tag" in capsys.readouterr().err


def test_unreachable_remote_is_a_clear_error(tmp_path: Path) -> None:
    url = (tmp_path / "gone.git").as_uri()
    with pytest.raises(TracksError) as caught:
        source.resolve_vcs_ref(url)
    err = caught.value
    assert err.message.startswith(f"cannot reach the template at {url}: ")
    assert err.exit_code == 1
    assert err.hint is not None
    assert "--template" in err.hint
    assert source.TEMPLATE_ENV in err.hint


def test_ls_remote_never_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A URL GitHub does not know asks for a password; git must fail instead."""
    seen: dict[str, str | None] = {}

    def capture(argv, **kwargs):
        seen["prompt"] = (kwargs.get("env") or {}).get("GIT_TERMINAL_PROMPT")
        return source.runner.Result(tuple(argv), 128, "", "fatal: could not read Username\n")

    monkeypatch.delenv("GIT_TERMINAL_PROMPT", raising=False)
    monkeypatch.setattr(source.runner, "capture", capture)
    with pytest.raises(TracksError, match="could not read Username"):
        source.remote_tags("https://example.invalid/tracks.git")
    assert seen["prompt"] == "0"
    assert "GIT_TERMINAL_PROMPT" not in os.environ  # put back as it was


# --- the template of a command inside an app ---------------------------------------------------


def test_app_commit_that_exists_is_used(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert source.for_app(app(repo, "v0.0.1")) == Source(str(repo), "v0.0.1")
    described = f"v0.0.1-1-g{git(repo, 'rev-parse', '--short', f'{TAG}')}"
    assert source.for_app(app(repo, described)) == Source(str(repo), described)
    assert capsys.readouterr().err == ""


def test_draft_commit_falls_back_to_a_version_no_older_than_the_app(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Copier renders a dirty tree from a throwaway commit; the app records it, but the
    template never has it."""
    older = source.for_app(app(repo, "v0.0.1-2-gdeadbee"))
    assert older == Source(str(repo), TAG)  # this CLI's release is newer than the app
    assert "v0.0.1-2-gdeadbee is not in" in capsys.readouterr().err

    past = source.for_app(app(repo, f"{TAG}-2-gdeadbee"))
    assert past == Source(str(repo), "HEAD")  # the app is past this CLI's release
    assert f"{TAG}-2-gdeadbee is not in" in capsys.readouterr().err

    assert source.for_app(app(repo, "deadbeefcafe")) == Source(str(repo), TAG)


def test_app_without_commit_uses_the_release_tag(repo: Path) -> None:
    assert source.for_app(app(repo)) == Source(str(repo), TAG)


def test_template_and_vcs_ref_override(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = make_repo(tmp_path / "other", TAG)
    project = app(repo, "v0.0.1")
    assert source.for_app(project, vcs_ref="main") == Source(str(repo), "main")
    assert source.for_app(project, template=str(other)) == Source(str(other), TAG)
    assert "v0.0.1 is not in" in capsys.readouterr().err
    assert source.for_app(project, str(other), "main") == Source(str(other), "main")
    # an override that has the app's version renders that version
    assert source.for_app(app(other, TAG), template=str(repo)) == Source(str(repo), TAG)
    with pytest.raises(TracksError, match=r"v9\.9\.9"):
        source.for_app(project, vcs_ref="v9.9.9")


def test_remote_source_is_kept_as_recorded() -> None:
    """Nothing is fetched: Copier gets the app's URL and commit as they are."""
    url = "https://example.invalid/tracks.git"
    assert source.for_app(app(url, "v0.0.1-2-gdeadbee")) == Source(url, "v0.0.1-2-gdeadbee")
    assert source.for_app(app(f"git+{url}", "v1.0.0")) == Source(f"git+{url}", "v1.0.0")
    assert source.for_app(app("gh:acme/tracks", "v1.0.0")) == Source("gh:acme/tracks", "v1.0.0")


def test_remote_template_override(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"git+{repo.as_uri()}"
    assert source.for_app(app("/elsewhere", "v0.0.1"), url) == Source(url, "v0.0.1")
    assert source.for_app(app("/elsewhere", "v0.0.1-1-gdeadbee"), url) == Source(url, TAG)
    assert "is not in" in capsys.readouterr().err


def test_moved_local_source_falls_back_with_a_notice(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv(source.TEMPLATE_ENV, str(repo))
    assert source.for_app(app(tmp_path / "moved", "v0.0.1")) == Source(str(repo), "v0.0.1")
    assert f"{tmp_path / 'moved'} is not there any more" in capsys.readouterr().err


def test_relative_and_symlinked_source_still_uses_the_commit(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    link = tmp_path / "link"
    link.symlink_to(repo)
    monkeypatch.chdir(tmp_path)
    assert source.for_app(app("link", "v0.0.1")) == Source(str(repo), "v0.0.1")
    assert source.for_app(app(link, "v0.0.1")) == Source(str(repo), "v0.0.1")
    assert capsys.readouterr().err == ""


def test_plain_folder_source_is_copied_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    assert source.for_app(app(folder, "v0.0.1")) == Source(str(folder), None)
