"""Render tier: released migrations are never edited (MIG-4)."""

from __future__ import annotations

import pytest
from plumbum import local

from tests.support.paths import REPO
from tests.support.releases import release_tags

pytestmark = pytest.mark.render

MIGRATIONS = "template/internal/db/migrations"


def test_the_latest_release_migrations_are_unchanged() -> None:
    tags = release_tags()
    if not tags:
        pytest.skip("no release tag in this clone to compare with")
    git = local["git"]["-C", str(REPO)]
    released = git["ls-tree", "-r", "--name-only", tags[0], "--", MIGRATIONS]().splitlines()
    assert released, f"{tags[0]} has no migrations under {MIGRATIONS}"
    for path in released:
        old = git["show", f"{tags[0]}:{path}"]()
        current = REPO / path
        assert current.exists(), f"{path} of {tags[0]} was deleted"
        assert current.read_text() == old, f"{path} changed since {tags[0]}"
