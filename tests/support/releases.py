"""Release tags of this repository (PEP 440 `v*` tags), newest first."""

from __future__ import annotations

from plumbum import local

from tests.support.paths import REPO


def release_tags() -> list[str]:
    tags = local["git"]["-C", str(REPO), "tag", "--list", "v*", "--sort=-v:refname"]()
    return tags.split()
