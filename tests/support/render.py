"""Render apps from this repository with Copier, the way users do (`--trust -r HEAD`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import copier

from tests.support.paths import REPO


def answers(driver: str, name: str = "shop", **extra: Any) -> dict[str, Any]:
    """The answers of a test render: a readable name, the driver, and any overrides."""
    data: dict[str, Any] = {"project_name": name, "database": driver}
    data.update(extra)
    return data


def render(dst: Path, data: dict[str, Any], src: Path = REPO, vcs_ref: str = "HEAD") -> Path:
    """Render the template into dst with the given answers, tasks included.

    vcs_ref="HEAD" makes Copier use the working tree (uncommitted changes too), not the newest
    tag: the tests must exercise the code under review.
    """
    copier.run_copy(
        str(src),
        str(dst),
        data=data,
        vcs_ref=vcs_ref,
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    return dst
