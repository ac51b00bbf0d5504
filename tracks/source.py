"""Where the template comes from: a path or git URL, and the git ref to render.

``tracks new`` takes ``--template``, else ``$TRACKS_TEMPLATE``, else the checkout the CLI runs
from (an editable install). Commands inside an app (``generate``, ``destroy``, ``update``) use
the app's own source, recorded by Copier as ``_src_path`` in ``.copier-answers.yml``, at the
version the app is at (``_commit``), unless ``--template``/``--vcs-ref`` say otherwise: an
app and its recipes always come from one place.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import tracks
from hooks import runner
from model.errors import TracksError
from tracks.project import Project

TEMPLATE_ENV = "TRACKS_TEMPLATE"
_REMOTE_PREFIXES = ("gh:", "gl:", "git@", "git+", "ssh:", "http:", "https:", "file:")


@dataclass(frozen=True)
class Source:
    """A template to render: ``src`` (path or URL) at ``ref`` (None: as Copier chooses)."""

    src: str
    ref: str | None


def release_tag() -> str:
    """The template tag matching this CLI, e.g. ``v0.1.0``."""
    return f"v{tracks.__version__}"


def bundled_template() -> Path | None:
    """This repository's root when the CLI runs from an editable install of it.

    That is the folder two levels above ``tracks/__init__.py``, when it holds ``copier.yml``
    and is a git repository.
    """
    root = Path(tracks.__file__).resolve().parent.parent
    if (root / "copier.yml").is_file() and (root / ".git").exists():
        return root
    return None


def is_remote(src: str) -> bool:
    return src.startswith(_REMOTE_PREFIXES) or "://" in src


def resolve_template(template: str | None = None) -> str:
    """The template source: ``--template``, else $TRACKS_TEMPLATE, else the bundled template."""
    src = template or os.environ.get(TEMPLATE_ENV) or None
    if src is None:
        bundled = bundled_template()
        if bundled is None:
            raise TracksError(
                "no Tracks template found",
                hint=f"pass --template SRC or set {TEMPLATE_ENV} to a path or git URL",
            )
        return str(bundled)
    if is_remote(src):
        return src
    path = Path(src).expanduser()
    if not path.is_dir():
        raise TracksError(
            f"template {src} is not a folder",
            hint=f"pass --template SRC or set {TEMPLATE_ENV} to a path or git URL",
        )
    return str(path.resolve())


def is_git_repo_root(path: Path) -> bool:
    """Whether ``path`` is the top folder of a git work tree (what Copier versions)."""
    result = runner.capture(["git", "-C", str(path), "rev-parse", "--show-toplevel"])
    return result.ok and Path(result.stdout.strip()).resolve() == path.resolve()


def has_tag(src: str, tag: str) -> bool:
    result = runner.capture(["git", "-C", src, "rev-parse", "-q", "--verify", f"refs/tags/{tag}"])
    return result.ok


def has_ref(src: str, ref: str) -> bool:
    result = runner.capture(["git", "-C", src, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}"])
    return result.ok


def resolve_vcs_ref(src: str, vcs_ref: str | None = None) -> str | None:
    """The git ref to copy from.

    ``--vcs-ref`` wins (for a local git template it must name a commit, else TracksError with
    exit code 2). For a local git template: the tag ``v<version>`` when it exists, else
    ``HEAD`` (with a notice). For a local folder that is not a git repository: None (copied as
    it is). For a remote template: None, so Copier picks its latest release tag.
    """
    if is_remote(src):
        return vcs_ref or None
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
    print(
        f"notice: tag {tag} not found in {src}; using HEAD (uncommitted changes included)",
        file=sys.stderr,
    )
    return "HEAD"


def for_app(project: Project, template: str | None = None, vcs_ref: str | None = None) -> Source:
    """The template source of a command run inside ``project``.

    ``--template`` wins, else the app's ``_src_path``; the ref is ``--vcs-ref``, else the
    app's ``_commit`` when the source still has it, else what :func:`resolve_vcs_ref` picks.
    """
    recorded = str(project.answers.get("_src_path") or "")
    if template is None and recorded and (is_remote(recorded) or Path(recorded).is_dir()):
        src = recorded if is_remote(recorded) else str(Path(recorded).resolve())
    else:
        src = resolve_template(template)
    if vcs_ref is not None:
        return Source(src, resolve_vcs_ref(src, vcs_ref))
    commit = str(project.answers.get("_commit") or "")
    if commit and src == recorded and (is_remote(src) or has_ref(src, commit)):
        return Source(src, commit)
    return Source(src, resolve_vcs_ref(src))
