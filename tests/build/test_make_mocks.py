"""Build tier, TEST-2: `make mocks` (mockery v3 at the pinned version) rewrites tests/mocks
byte for byte as committed, also after `tracks generate resource` added interfaces (the recipe
writes the mock mockery would)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with

pytestmark = pytest.mark.build


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@only_with(DEFAULT_DRIVER)
def test_make_mocks_changes_nothing_after_resources(blog_app: Callable[[str], Path]) -> None:
    """On the default driver: the interfaces, so their mocks, name the same types on every
    driver (a driver changes how a repository converts, not what a service offers)."""
    app = blog_app(DEFAULT_DRIVER)
    mocks = app / "tests" / "mocks"
    before = snapshot(mocks)
    for name in ("PostService", "CommentService", "DocumentService"):
        assert f"mock_{name}.go" in before, f"the resource recipe wrote no mock_{name}.go"
    run(app, "make", "mocks")
    after = snapshot(mocks)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert not changed, f"make mocks changed or added: {changed}"
