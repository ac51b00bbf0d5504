"""Render tier: the recorded releases are real, and released migrations are never edited (MIG-4)."""

from __future__ import annotations

import pytest
from plumbum import local

import tracks
from tests.support.paths import REPO
from tests.support.releases import releases, require_history

pytestmark = pytest.mark.render

MIGRATIONS = "template/internal/db/migrations"


def git(*args: str) -> str:
    return local["git"][("-C", str(REPO), *args)]()


def version_at(commit: str) -> str:
    """The version a commit carries: tracks/__init__.py's `__version__` (pyproject.toml reads
    it from there since 0.7.0; before, pyproject.toml held it too, and the two agreed)."""
    for line in git("show", f"{commit}:tracks/__init__.py").splitlines():
        if line.startswith("__version__ = "):
            return line.split('"')[1]
    raise AssertionError(f"{commit} has no __version__ in tracks/__init__.py")


def test_every_recorded_release_is_a_commit_of_main_carrying_its_version() -> None:
    require_history()
    recorded = releases()
    assert recorded, "releases.yml lists no release"
    for release in recorded:
        assert version_at(release.commit) == release.version, release
        code, _, _ = local["git"][
            "-C", str(REPO), "merge-base", "--is-ancestor", release.commit, "HEAD"
        ].run(retcode=None)
        assert code == 0, f"{release.tag} ({release.commit}) is not in the history of HEAD"


def test_the_current_version_is_the_newest_release_or_later() -> None:
    newest = releases()[0]
    current = tuple(int(p) for p in tracks.__version__.split("."))
    assert current >= newest.key, f"tracks {tracks.__version__} is older than {newest.tag}"
    assert len({r.version for r in releases()}) == len(releases()), "a version is listed twice"


def test_the_latest_release_migrations_are_unchanged() -> None:
    require_history()
    latest = releases()[0]
    released = git("ls-tree", "-r", "--name-only", latest.commit, "--", MIGRATIONS).splitlines()
    assert released, f"{latest.tag} has no migrations under {MIGRATIONS}"
    for path in released:
        old = git("show", f"{latest.commit}:{path}")
        current = REPO / path
        assert current.exists(), f"{path} of {latest.tag} was deleted"
        assert current.read_text() == old, f"{path} changed since {latest.tag}"
