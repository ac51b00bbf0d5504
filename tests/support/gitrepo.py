"""git in the tests' own repositories (template clones, apps), with a fixed test identity."""

from __future__ import annotations

from pathlib import Path

from plumbum import local

IDENTITY = ("-c", "user.name=Tracks Test", "-c", "user.email=test@tracks.local")


def git(repo: Path, *args: str) -> str:
    return local["git"][("-C", str(repo), *IDENTITY, *args)]()


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)
