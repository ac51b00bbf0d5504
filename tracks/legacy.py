"""Template versions that import the ``tracks`` CLI while rendering (0.4.0 to 0.6.0).

Their Jinja extension (``extensions/resource.py``) imported ``tracks.scaffold``, which this
version of the CLI no longer has. ``tracks update`` renders such a version in a child process
whose PYTHONPATH starts with that version's own ``tracks`` package (and the ``extensions/`` it
loads by path), extracted from the template's history. Versions from 0.7.0 on load ``model/``
by path and import nothing from ``tracks``, so they need none of this.
"""

from __future__ import annotations

import os
import re
import tarfile
from collections.abc import Sequence
from pathlib import Path

from hooks import runner
from tracks.source import git_url, is_remote, no_prompts

#: An old template's extension that imports the CLI's package instead of loading by path.
LEGACY_EXTENSION = "extensions/resource.py"
_IMPORTS_TRACKS = re.compile(r"^\s*(from\s+tracks(\.|\s)|import\s+tracks(\.|\s|$))", re.M)


def imports_tracks(source: str) -> bool:
    """Whether Python ``source`` imports the ``tracks`` package (legacy extensions do)."""
    return bool(_IMPORTS_TRACKS.search(source))


def template_repository(src: str, scratch: Path) -> Path | None:
    """A local git repository of the template: ``src`` itself, or a clone of a remote one."""
    if is_remote(src):
        clone = scratch / "template"
        if clone.is_dir():  # cloned for an earlier step
            return clone
        argv = ["git", "clone", "-q", "--no-checkout", "--", git_url(src), str(clone)]
        cloned = runner.capture(argv, timeout=600, env=no_prompts()).ok
        return clone if cloned else None
    if not Path(src).is_dir():
        return None
    inside = runner.capture(["git", "-C", src, "rev-parse", "--git-dir"]).ok
    return Path(src) if inside else None


def is_legacy(repo: Path, commit: str) -> bool:
    """Whether the template at ``commit`` renders with an extension that imports ``tracks``."""
    shown = runner.capture(["git", "-C", str(repo), "show", f"{commit}:{LEGACY_EXTENSION}"])
    return shown.ok and imports_tracks(shown.stdout)


#: What a legacy extension imports: the ``tracks`` package, which loads
#: ``extensions/naming.py`` by path from beside itself.
LEGACY_PATHS = ("tracks", "extensions")


def extract(repo: Path, commit: str, dst: Path, *paths: str) -> Path:
    """The files of ``repo`` at ``commit`` (only ``paths`` when given) under ``dst``, by
    ``git archive``; returns ``dst``."""
    dst.mkdir(parents=True, exist_ok=True)
    archive = dst / "extract.tar"
    runner.check_output(
        ["git", "-C", str(repo), "archive", "-o", str(archive), commit, *paths],
        hint=f"the template's history must still hold {commit}",
    )
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(dst, filter="data")
        else:  # pragma: no cover - our own git archive, not an untrusted tarball
            tar.extractall(dst)
    archive.unlink()
    return dst


def legacy_pythonpath(src: str, commits: Sequence[str | None], scratch: Path) -> str | None:
    """A folder holding the ``tracks`` package of the first of ``commits`` that needs it, or
    None when none does (or the source cannot be read)."""
    wanted = [c for c in commits if c]
    if not wanted:
        return None
    repo = template_repository(src, scratch)
    if repo is None:
        return None
    for commit in wanted:
        if is_legacy(repo, commit):
            dst = scratch / f"legacy-{len(list(scratch.glob('legacy-*')))}"
            return str(extract(repo, commit, dst, *LEGACY_PATHS))
    return None


def child_env(folder: str | None) -> dict[str, str]:
    """The variables a child process needs to import the ``tracks`` extracted into ``folder``
    before any other (none without one)."""
    if not folder:
        return {}
    return {"PYTHONPATH": os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))}
