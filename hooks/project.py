"""Where the tasks run: the user's real project, or one of Copier's temporary renders."""

from __future__ import annotations

from pathlib import Path

from hooks import runner


def is_git_work_tree(path: Path) -> bool:
    """True when `path` lies inside a git work tree."""
    result = runner.capture(["git", "-C", str(path), "rev-parse", "--is-inside-work-tree"])
    return result.ok and result.stdout.strip() == "true"


def is_real_project(path: Path, operation: str) -> bool:
    """Decide whether tasks may act in `path`.

    A copy always renders into the real destination. An update also renders the old and the new
    template versions into temporary folders that are not git repositories; only the user's
    project (always a git work tree, since Copier needs git to update) is real.
    """
    if operation != "update":
        return True
    return is_git_work_tree(path)
