"""Build tier, TEST-2: `make mocks` (mockery v3 at the pinned version) rewrites tests/mocks
byte for byte as committed, also after `tracks generate resource` added interfaces (the recipe
writes the mock mockery would)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.gocmd import run

pytestmark = pytest.mark.build


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_make_mocks_changes_nothing_after_resources(
    blog_app: Callable[[str], Path], driver: str
) -> None:
    app = blog_app(driver)
    mocks = app / "tests" / "mocks"
    before = snapshot(mocks)
    for name in ("PostService", "CommentService", "DocumentService"):
        assert f"mock_{name}.go" in before, f"the resource recipe wrote no mock_{name}.go"
    run(app, "make", "mocks")
    after = snapshot(mocks)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert not changed, f"make mocks changed or added: {changed}"
