"""Where the template comes from: a path or git URL, and the git ref to render.

``tracks new`` takes ``--template``, else ``$TRACKS_TEMPLATE``, else the checkout the CLI runs
from (an editable install), else :data:`CANONICAL_URL`, the published Tracks repository, at
the tag of this CLI's version. Commands inside an app (``generate``, ``destroy``, ``update``)
use the app's own source, recorded by Copier as ``_src_path`` in ``.copier-answers.yml``, at
the version the app is at (``_commit``), unless ``--template``/``--vcs-ref`` say otherwise: an
app and its recipes always come from one place, at a version no older than the app.

Refs are chosen here, never left to Copier: for a remote template ``git ls-remote`` lists its
tags, so an unreachable URL is a clear error before Copier starts.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

import tracks
from hooks import runner
from model.errors import TracksError
from tracks.project import Project

TEMPLATE_ENV = "TRACKS_TEMPLATE"
# The published template: `tracks new` renders it, at the tag `v<tracks version>`, when the CLI
# is installed from a wheel and neither --template nor $TRACKS_TEMPLATE names another one.
CANONICAL_URL = "https://github.com/tracks-dev/tracks.git"
TEMPLATE_HINT = f"pass --template PATH_OR_URL or set {TEMPLATE_ENV} to a Tracks template"
LS_REMOTE_TIMEOUT = 60.0
_REMOTE_PREFIXES = ("gh:", "gl:", "git@", "git+", "ssh:", "http:", "https:", "file:")
# Copier's shortcuts, as Copier expands them (copier._vcs.REPLACEMENTS).
_SHORTCUTS = (
    (re.compile(r"^gh:/?(.*\.git)$"), r"https://github.com/\1"),
    (re.compile(r"^gh:/?(.*)$"), r"https://github.com/\1.git"),
    (re.compile(r"^gl:/?(.*\.git)$"), r"https://gitlab.com/\1"),
    (re.compile(r"^gl:/?(.*)$"), r"https://gitlab.com/\1.git"),
)
# What Copier records as `_commit`: `git describe --tags --always`, e.g. `v0.6.0` or, past the
# tag (a render of HEAD, or of a dirty tree, which Copier commits in a throwaway clone),
# `v0.6.0-3-g1a2b3c4`.
_DESCRIBE = re.compile(r"^(?P<tag>.+?)(?P<past>-\d+-g[0-9a-f]{4,40})?(?:-dirty)?$")


@dataclass(frozen=True)
class Source:
    """A template to render: ``src`` (path or URL) at ``ref`` (None: as Copier chooses)."""

    src: str
    ref: str | None


def notice(message: str) -> None:
    print(f"notice: {message}", file=sys.stderr)


def release_tag() -> str:
    """The template tag matching this CLI, e.g. ``v0.1.0``."""
    return f"v{tracks.__version__}"


def bundled_template() -> Path | None:
    """This repository's root when the CLI runs from an editable install of it.

    That is the folder two levels above ``tracks/__init__.py``, when it holds ``copier.yml``
    and is a git repository. An install from a wheel has neither: see :data:`CANONICAL_URL`.
    """
    root = Path(tracks.__file__).resolve().parent.parent
    if (root / "copier.yml").is_file() and (root / ".git").exists():
        return root
    return None


def is_remote(src: str) -> bool:
    return src.startswith(_REMOTE_PREFIXES) or "://" in src


def copier_url(src: str) -> str:
    """``src`` as Copier reads it: Copier takes ``file://`` URLs for local folders, so they are
    spelled ``git+file://``; anything else is unchanged."""
    return f"git+{src}" if src.startswith("file://") else src


def git_url(src: str) -> str:
    """``src`` as git reads it: Copier's ``gh:``/``gl:`` shortcuts expanded, ``git+`` dropped."""
    for pattern, replacement in _SHORTCUTS:
        src, count = pattern.subn(replacement, src)
        if count:
            break
    return src.removeprefix("git+")


def resolve_template(template: str | None = None) -> str:
    """The template source: ``--template``, else $TRACKS_TEMPLATE, else the bundled template,
    else :data:`CANONICAL_URL` (with a notice)."""
    src = template or os.environ.get(TEMPLATE_ENV) or None
    if src is None:
        bundled = bundled_template()
        if bundled is not None:
            return str(bundled)
        notice(f"no --template or ${TEMPLATE_ENV}: using the published template {CANONICAL_URL}")
        return CANONICAL_URL
    if is_remote(src):
        return copier_url(src)
    path = Path(src).expanduser()
    if not path.is_dir():
        raise TracksError(f"template {src} is not a folder", hint=TEMPLATE_HINT)
    return str(path.resolve())


def is_git_repo_root(path: Path) -> bool:
    """Whether ``path`` is the top folder of a git work tree (what Copier versions)."""
    result = runner.capture(["git", "-C", str(path), "rev-parse", "--show-toplevel"])
    return result.ok and Path(result.stdout.strip()).resolve() == path.resolve()


def commit_of(src: str, ref: str) -> str | None:
    """The commit ``ref`` names in the local git template ``src``; None when it names none."""
    result = runner.capture(["git", "-C", src, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}"])
    return result.stdout.strip() if result.ok else None


def has_ref(src: str, ref: str) -> bool:
    return commit_of(src, ref) is not None


def has_tag(src: str, tag: str) -> bool:
    return has_ref(src, f"refs/tags/{tag}")


def no_prompts() -> dict[str, str]:
    """The variables that make git fail rather than ask for a password or an ssh host key (a
    URL that does not exist on GitHub asks for credentials)."""
    return {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
    }


def remote_tags(src: str, timeout: float = LS_REMOTE_TIMEOUT) -> list[str]:
    """The tags of the remote template ``src`` (``git ls-remote``); TracksError (exit code 1)
    naming ``src`` when it cannot be reached within ``timeout`` seconds."""
    url = git_url(src)
    argv = ["git", "ls-remote", "--tags", "--refs", "--", url]
    try:
        result = runner.capture(argv, timeout=timeout, hint=TEMPLATE_HINT, env=no_prompts())
    except TracksError as exc:
        raise TracksError(
            f"cannot reach the template at {src}: {exc.message}", hint=TEMPLATE_HINT, exit_code=1
        ) from exc
    if not result.ok:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        detail = lines[-1] if lines else f"git ls-remote exited with status {result.code}"
        raise TracksError(
            f"cannot reach the template at {src}: {detail}", hint=TEMPLATE_HINT, exit_code=1
        )
    tags = (line.split("\t", 1)[1] for line in result.stdout.splitlines() if "\t" in line)
    return [tag.removeprefix("refs/tags/") for tag in tags]


def _version(text: str) -> Version | None:
    """A release version spelled ``v1.2.3`` or ``1.2.3`` (PEP 440); None for anything else,
    e.g. a commit hash."""
    if "." not in text:
        return None
    try:
        return Version(text)
    except InvalidVersion:
        return None


def newest_release(tags: Iterable[str]) -> str | None:
    """The newest final release among ``tags`` (PEP 440, ``v`` prefix allowed), as Copier picks
    it; None when there is none."""
    found = [(v, tag) for tag in tags if (v := _version(tag)) is not None and not v.is_prerelease]
    return max(found)[1] if found else None


def pick_release(tags: Iterable[str], version: str | None = None) -> str | None:
    """The tag of ``version`` (default: this CLI's) among ``tags``; else the newest release
    (PEP 440, pre-releases left out) not newer than it; else the newest release; else None."""
    current = Version(version or tracks.__version__)
    releases = [(v, tag) for tag in tags if (v := _version(tag)) is not None]
    for v, tag in releases:
        if v == current:
            return tag
    final = [(v, tag) for v, tag in releases if not v.is_prerelease]
    older = [(v, tag) for v, tag in final if v <= current]
    best = max(older or final, default=None)
    return best[1] if best else None


def remote_release(src: str) -> str:
    """The ref to render of the remote template ``src``: the release of this CLI, else the
    best other release (:func:`pick_release`), else its default branch (``HEAD``)."""
    tag = pick_release(remote_tags(src))
    if tag is None:
        notice(f"{src} has no release tag; using its default branch (HEAD)")
        return "HEAD"
    if tag != release_tag():
        notice(f"tag {release_tag()} not found in {src}; using {tag}")
    return tag


def resolve_vcs_ref(src: str, vcs_ref: str | None = None) -> str | None:
    """The git ref to copy from.

    ``--vcs-ref`` wins (for a local git template it must name a commit, else TracksError with
    exit code 2). For a local git template: the tag ``v<version>`` when it exists, else
    ``HEAD`` (with a notice). For a local folder that is not a git repository: None (copied as
    it is). For a remote template: the tag its ``git ls-remote`` lists for this version, else
    :func:`remote_release`'s choice; an unreachable remote is a TracksError (exit code 1).
    """
    if is_remote(src):
        return vcs_ref or remote_release(src)
    path = Path(src)
    if not is_git_repo_root(path):
        return vcs_ref or None
    if vcs_ref:
        if not has_ref(src, vcs_ref):
            raise TracksError(
                f"--vcs-ref {vcs_ref} is not a commit, branch or tag of {src}",
                hint=f"list the tags with `git -C {src} tag`",
            )
        return vcs_ref
    tag = release_tag()
    if has_tag(src, tag):
        return tag
    notice(f"tag {tag} not found in {src}; using HEAD (uncommitted changes included)")
    return "HEAD"


def app_version(commit: str) -> tuple[Version, bool] | None:
    """The release an app's ``_commit`` is at, and whether it is past that release (a
    describe like ``v0.6.0-3-g1a2b3c4``); None when it names no release (a bare hash)."""
    match = _DESCRIBE.match(commit)
    version = _version(match["tag"]) if match else None
    if match is None or version is None:
        return None
    return version, match["past"] is not None


def not_older(ref: str | None, commit: str) -> str | None:
    """``ref``, or ``HEAD`` when ``ref`` is a release older than the app's ``_commit`` (or the
    same release while the app is past it): recipes must not come from an older template
    than the app."""
    app = app_version(commit)
    chosen = _version(ref) if ref else None
    if app is None or chosen is None:
        return ref
    at, past = app
    if chosen > at or (chosen == at and not past):
        return ref
    return "HEAD"


def _app_source(project: Project, template: str | None) -> tuple[str, bool]:
    """The source of a command in ``project`` and whether it is the app's recorded one."""
    recorded = str(project.answers.get("_src_path") or "")
    if template is None and recorded:
        if is_remote(recorded):
            return recorded, True
        path = Path(recorded).expanduser()
        if path.is_dir():
            return str(path.resolve()), True
        src = resolve_template(None)
        notice(f"the app's template {recorded} is not there any more; using {src}")
        return src, False
    return resolve_template(template), False


def for_app(project: Project, template: str | None = None, vcs_ref: str | None = None) -> Source:
    """The template source of a command run inside ``project``.

    The source is ``--template``, else the app's ``_src_path`` (a remote one as it is
    recorded; a local folder that is gone: as for ``tracks new``, with a notice).

    The ref is ``--vcs-ref``, else the app's ``_commit``: as recorded for the app's remote
    source, and for a local git template when it has that commit. Otherwise (a draft commit
    Copier made from a dirty tree, a remote ``--template``) it is what
    :func:`resolve_vcs_ref` picks, or ``HEAD`` when that release is older than the app
    (:func:`not_older`), with a notice. A local folder that is not a git repository is
    copied as it is (None).
    """
    src, recorded = _app_source(project, template)
    if vcs_ref is not None:
        return Source(src, resolve_vcs_ref(src, vcs_ref))
    commit = str(project.answers.get("_commit") or "")
    if not commit:
        return Source(src, resolve_vcs_ref(src))
    if is_remote(src):
        if recorded or commit in remote_tags(src):
            return Source(src, commit)
    elif not is_git_repo_root(Path(src)):
        return Source(src, None)
    elif has_ref(src, commit):
        return Source(src, commit)
    ref = not_older(resolve_vcs_ref(src), commit)
    notice(f"the app's template version {commit} is not in {src}; using {ref}")
    return Source(src, ref)
