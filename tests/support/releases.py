"""Releases of Tracks as recorded in releases.yml, and a clone of this repository tagged with them.

Git tags do not travel with every checkout (CI clones main without them), so the release commits
are data in the repository and the tests tag a clone themselves.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from plumbum import local

from tests.support.paths import REPO

RELEASES_FILE = REPO / "releases.yml"
IDENTITY = ("-c", "user.name=Tracks Test", "-c", "user.email=test@tracks.local")


@dataclass(frozen=True)
class Release:
    version: str
    commit: str

    @property
    def tag(self) -> str:
        return f"v{self.version}"

    @property
    def key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))


def releases() -> list[Release]:
    """Every recorded release, newest first."""
    data = yaml.safe_load(RELEASES_FILE.read_text())
    found = [Release(str(r["version"]), str(r["commit"])) for r in data["releases"]]
    return sorted(found, key=lambda r: r.key, reverse=True)


def release_tags() -> list[str]:
    """The release tags (`v0.5.0`), newest first."""
    return [r.tag for r in releases()]


def _git(repo: Path, *args: str) -> str:
    return local["git"][("-C", str(repo), *IDENTITY, *args)]()


def require_history() -> None:
    """Fail with a clear message when this checkout lacks a release commit (a shallow clone)."""
    for release in releases():
        code, _, _ = local["git"][
            "-C", str(REPO), "cat-file", "-e", f"{release.commit}^{{commit}}"
        ].run(retcode=None)
        if code != 0:
            raise AssertionError(
                f"release {release.tag} ({release.commit}) is not in this checkout's history: "
                "clone with full history (git fetch --unshallow)"
            )


def copy_working_tree(dst: Path) -> None:
    """Copy this checkout's files as they are now (tracked and untracked, not ignored) to dst.

    `git ls-files -z`: the resource recipe's folders have quotes in their names
    (`{{ name | plural | replace("_", "") }}`), which plain `git ls-files` prints C-quoted.
    """
    listing = local["git"]["-C", str(REPO), "ls-files", "-z", "-co", "--exclude-standard"]()
    for rel in filter(None, listing.split("\0")):
        src = REPO / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)


def tagged_clone(dst: Path) -> Path:
    """A clone of this repository at dst: every release tagged at its recorded commit, and
    `main` ending in one commit that holds this working tree (uncommitted changes included), so
    `vcs_ref=<tag>` renders a release and `vcs_ref="HEAD"` the code under test.
    """
    require_history()
    local["git"]["clone", "-q", "--no-hardlinks", str(REPO), str(dst)]()
    _git(dst, "checkout", "-q", "-B", "main")
    _git(dst, "rm", "-rq", "--ignore-unmatch", ".")
    copy_working_tree(dst)
    _git(dst, "add", "-A")
    _git(dst, "commit", "-q", "--no-verify", "--allow-empty", "-m", "the working tree under test")
    for release in releases():
        _git(dst, "tag", "-f", release.tag, release.commit)
    return dst
