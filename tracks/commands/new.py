"""``tracks new NAME``: generate an app from the Tracks template with Copier (spec CLI-1)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import copier
from copier.errors import CopierError, InteractiveSessionError, TaskError
from plumbum.commands.processes import ProcessExecutionError

import tracks
from tracks import run
from tracks.errors import TracksError

TEMPLATE_ENV = "TRACKS_TEMPLATE"
DATABASES = ("go-libsql", "sqlite3", "postgres")
_REMOTE_PREFIXES = ("gh:", "gl:", "git@", "git+", "ssh:", "http:", "https:", "file:")


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
    result = run.capture(["git", "-C", str(path), "rev-parse", "--show-toplevel"])
    return result.ok and Path(result.stdout.strip()).resolve() == path.resolve()


def has_tag(src: str, tag: str) -> bool:
    result = run.capture(["git", "-C", src, "rev-parse", "-q", "--verify", f"refs/tags/{tag}"])
    return result.ok


def has_ref(src: str, ref: str) -> bool:
    result = run.capture(["git", "-C", src, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}"])
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


def parse_data(pairs: list[str] | None) -> dict[str, str]:
    """``KEY=VALUE`` strings (from ``-d``) as a mapping."""
    data: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise TracksError(f"-d expects KEY=VALUE, got {pair!r}", hint="e.g. -d env_prefix=BLOG")
        data[key.strip()] = value
    return data


def build_answers(
    name: str,
    module: str | None = None,
    database: str | None = None,
    git: bool = True,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The answers passed to Copier; explicit options override ``-d`` values."""
    answers: dict[str, Any] = dict(extra or {})
    answers["project_name"] = name
    if module is not None:
        answers["module_path"] = module
    if database is not None:
        answers["database"] = database
    if not git:
        answers["git_init"] = False
    return answers


def check_destination(dst: Path) -> None:
    """Refuse an existing destination that is a file or a non-empty folder."""
    if dst.is_dir():
        if any(dst.iterdir()):
            raise TracksError(
                f"{dst} already exists and is not empty",
                hint="choose another NAME, or remove or empty that folder",
            )
    elif dst.exists():
        raise TracksError(f"{dst} already exists and is not a folder", hint="choose another NAME")


def copy_template(
    src: str, dst: Path, answers: dict[str, Any], vcs_ref: str | None, defaults: bool
) -> None:
    """Run Copier, turning its failures into TracksError (2: bad answers, 1: a step failed)."""
    try:
        with run.current_environment():
            copier.run_copy(
                src,
                dst,
                data=answers,
                vcs_ref=vcs_ref,
                defaults=defaults,
                unsafe=True,
            )
    except KeyboardInterrupt:
        raise
    except TaskError as exc:
        raise TracksError(
            f"a template task failed: {exc}", hint="its output is above", exit_code=1
        ) from exc
    except InteractiveSessionError as exc:
        raise TracksError(
            str(exc), hint="pass --defaults (and -d KEY=VALUE) when not running in a terminal"
        ) from exc
    except (subprocess.CalledProcessError, ProcessExecutionError) as exc:
        raise TracksError(f"a command failed while generating the app: {exc}", exit_code=1) from exc
    except (ValueError, CopierError) as exc:
        raise TracksError(str(exc), hint="check NAME and the -d/--module/--db values") from exc
    except OSError as exc:
        raise TracksError(f"could not generate the app: {exc}", exit_code=1) from exc
    except Exception as exc:
        raise TracksError(
            f"could not generate the app: {type(exc).__name__}: {exc}", exit_code=1
        ) from exc


def new_project(
    name: str,
    module: str | None = None,
    database: str | None = None,
    git: bool = True,
    defaults: bool = False,
    template: str | None = None,
    vcs_ref: str | None = None,
    data: list[str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Generate the app ``name`` in ``cwd/name``; return the exit code (0)."""
    dst = (cwd or Path.cwd()) / name
    check_destination(dst)
    answers = build_answers(name, module, database, git, parse_data(data))
    src = resolve_template(template)
    ref = resolve_vcs_ref(src, vcs_ref)
    # The template's _message_after_copy prints the next steps (plain `copier copy` users need
    # them too), so the CLI adds none of its own. A relative path makes its `cd` line read
    # `cd NAME` when the app is created in the current folder.
    shown = Path(name) if dst.parent == Path.cwd() else dst
    copy_template(src, shown, answers, ref, defaults)
    return 0
