"""Releases of Tracks as recorded in releases.yml, and a clone of this repository tagged with them.

Git tags do not travel with every checkout (CI clones main without them), so the release commits
are data in the repository and the tests tag a clone themselves.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from plumbum import local

from tests.support.gitrepo import git
from tests.support.paths import REPO
from tests.support.render import answers
from tracks import legacy

RELEASES_FILE = REPO / "releases.yml"


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
    git(dst, "checkout", "-q", "-B", "main")
    git(dst, "rm", "-rq", "--ignore-unmatch", ".")
    copy_working_tree(dst)
    git(dst, "add", "-A")
    git(dst, "commit", "-q", "--no-verify", "--allow-empty", "-m", "the working tree under test")
    for release in releases():
        git(dst, "tag", "-f", release.tag, release.commit)
    return dst


def release(tag: str) -> Release:
    """The recorded release tagged ``tag`` (``v0.4.0``)."""
    (found,) = [r for r in releases() if r.tag == tag]
    return found


def with_recipe(recipe: str, template: Path = REPO) -> list[Release]:
    """The recorded releases whose template has ``recipes/<recipe>``, oldest first."""
    found = []
    for r in sorted(releases(), key=lambda r: r.key):
        code, _, _ = local["git"][
            "-C", str(template), "cat-file", "-e", f"{r.commit}:recipes/{recipe}"
        ].run(retcode=None)
        if code == 0:
            found.append(r)
    return found


def checkout(repo: Path, ref: str, dst: Path) -> Path:
    """The files of ``repo`` at ``ref`` in ``dst`` (``git archive``): a release's own ``tracks``
    package and CLI, for the PYTHONPATH of a child that renders or runs that release."""
    return legacy.extract(repo, ref, dst)


def release_env(checkout_dir: Path) -> dict[str, str]:
    """The environment of a child that must import a release's own ``tracks`` (0.4.0 to 0.6.0
    render with an extension that does), not the one under test."""
    return {**os.environ, **legacy.child_env(str(checkout_dir))}


def render_release(
    dst: Path, template: Path, tag: str, workdir: Path, driver: str, name: str = "shop"
) -> Path:
    """Render an app from ``template`` (a :func:`tagged_clone`) at the release ``tag`` with
    `copier copy` in a child process whose ``tracks`` package is that release's own, as a user
    of that release had it."""
    old = checkout(template, tag, workdir / f"release-{tag}")
    argv = ["-m", "copier", "copy", "--trust", "--defaults", "--quiet", "--vcs-ref", tag]
    for key, value in answers(driver, name).items():
        argv += ["-d", f"{key}={value}"]
    # cwd is not this checkout: `python -m` puts cwd first on sys.path, before PYTHONPATH.
    with local.cwd(workdir), local.env(**release_env(old)):
        code, out, err = local[sys.executable][(*argv, str(template), str(dst))].run(
            retcode=None, timeout=900
        )
    if code != 0:
        raise AssertionError(f"copier copy at {tag} exited {code}\n{out}\n{err}")
    return dst


def run_release_cli(
    checkout_dir: Path, app: Path, template: Path, *args: str, timeout: float = 900
) -> tuple[int, str, str]:
    """Run the ``tracks`` CLI of an extracted release (``python -m tracks ARGS``) in ``app``."""
    env = {**release_env(checkout_dir), "TRACKS_TEMPLATE": str(template)}
    with local.cwd(app), local.env(**env):
        code, out, err = local[sys.executable][("-m", "tracks", *args)].run(
            retcode=None, timeout=timeout
        )
    return int(code), out, err
