"""Create the app's git repository and its first commit."""

from __future__ import annotations

from pathlib import Path

from plumbum import local

from hooks.project import is_git_work_tree
from hooks.runner import resolve, run

FALLBACK_NAME = "Tracks Generator"
FALLBACK_EMAIL = "tracks-generator@localhost"
GIT_HINT = "install git, or answer git_init=false"


def configured(project: Path, key: str) -> bool:
    code, out, _ = local["git"]["-C", str(project), "config", key].run(retcode=None)
    return code == 0 and bool(out.strip())


def init_and_commit(project: Path, message: str = "Initial commit from Tracks") -> str:
    """Initialise a repository in `project` and commit everything, answers file included.

    Returns what was done. A project that already sits inside a work tree is left alone: it
    belongs to a repository the user manages. Without a git identity the commit uses a
    labelled fallback, so the first commit never fails on a fresh machine.
    """
    git = resolve("git", GIT_HINT)
    if (project / ".git").exists() or is_git_work_tree(project):
        return "skipped: already inside a git repository"
    run(git["init", "-q", "-b", "main"], project, "git init")
    run(git["add", "-A"], project, "git add -A")
    identity: list[str] = []
    if not configured(project, "user.name"):
        identity += ["-c", f"user.name={FALLBACK_NAME}"]
    if not configured(project, "user.email"):
        identity += ["-c", f"user.email={FALLBACK_EMAIL}"]
    run(git[(*identity, "commit", "-q", "--no-verify", "-m", message)], project, "git commit")
    return "initialised and committed"
