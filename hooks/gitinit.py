"""Create the app's git repository and its first commit."""

from __future__ import annotations

from pathlib import Path

from hooks import runner
from hooks.project import is_git_work_tree

FALLBACK_NAME = "Tracks Generator"
FALLBACK_EMAIL = "tracks-generator@localhost"
GIT_HINT = "install git, or answer git_init=false"


def configured(project: Path, key: str) -> bool:
    result = runner.capture(["git", "-C", str(project), "config", key], hint=GIT_HINT)
    return result.ok and bool(result.stdout.strip())


def fallback_identity(project: Path) -> list[str]:
    """`-c` options that give a commit a labelled author where git has none configured, so a
    commit never fails on a fresh machine."""
    identity: list[str] = []
    for key, fallback in (("user.name", FALLBACK_NAME), ("user.email", FALLBACK_EMAIL)):
        if not configured(project, key):
            identity += ["-c", f"{key}={fallback}"]
    return identity


def init_and_commit(project: Path, message: str = "Initial commit from Tracks") -> str:
    """Initialise a repository in `project` and commit everything, answers file included.

    Returns what was done. A project that already sits inside a work tree is left alone: it
    belongs to a repository the user manages. Without a git identity the commit uses a
    labelled fallback, so the first commit never fails on a fresh machine.
    """
    if (project / ".git").exists() or is_git_work_tree(project):
        return "skipped: already inside a git repository"
    runner.check_output(["git", "init", "-q", "-b", "main"], cwd=project, hint=GIT_HINT)
    runner.check_output(["git", "add", "-A"], cwd=project, hint=GIT_HINT)
    identity = fallback_identity(project)
    commit = ["git", *identity, "commit", "-q", "--no-verify", "-m", message]
    runner.check_output(commit, cwd=project, hint=GIT_HINT)
    return "initialised and committed"
