"""Build tier: `tracks build` builds every program of a rendered app into bin/, stamped with the
version and the app's git revision, with the driver's cgo setting (`tracks test` runs in
test_build.py's test of the Make targets, on the same `make test`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.gocmd import run
from tests.support.paths import DRIVERS

pytestmark = pytest.mark.build

#: postgres when this run has it: pure Go, the quickest to link (every run has one driver).
DRIVER = "postgres" if "postgres" in DRIVERS else DRIVERS[0]


def test_tracks_build_builds_every_program(app_copy: Callable[[str], Path]) -> None:
    app = app_copy(DRIVER)
    _, out, _ = run(app, "tracks", "build", "--version", "v7.7.7-test")

    programs = sorted(p.name for p in (app / "cmd").iterdir() if p.is_dir())
    assert {"server", "migrate", "admin"} <= set(programs)
    assert sorted(p.name for p in (app / "bin").iterdir()) == programs
    for name in programs:
        assert f"built bin/{name} (" in out
    head = run(app, "git", "rev-parse", "HEAD")[1].strip()
    _, version, _ = run(app, str(app / "bin/server"), "version")
    assert "v7.7.7-test" in version and head in version, version
    cgo = "0" if DRIVER == "postgres" else "1"
    _, settings, _ = run(app, "go", "version", "-m", str(app / "bin/migrate"))
    assert re.search(rf"^\s*build\s+CGO_ENABLED={cgo}$", settings, re.M), settings
    assert out.rstrip().endswith(
        f"{len(programs)} programs built into bin/ (version v7.7.7-test, revision {head}, "
        f"CGO_ENABLED={cgo})"
    )
