"""``tracks new NAME``: generate an app from the Tracks template with Copier (spec CLI-1)."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import copier
from copier.errors import CopierError, InteractiveSessionError, TaskError
from plumbum.commands.processes import ProcessExecutionError

from hooks import runner
from model.errors import TracksError
from model.fields import DRIVERS
from tracks.source import resolve_template, resolve_vcs_ref

#: The `database` choices (model/fields.py owns the list, with each driver's SQL dialect).
DATABASES = tuple(DRIVERS)


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
        with runner.current_environment():
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
