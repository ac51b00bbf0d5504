"""Apps made once per test run, not once per pytest-xdist worker.

A session fixture runs in every worker that uses it, so the three workers of the README's
command each rendered the default app and each generated the blog into its own: minutes of
Copier, sqlc, templ and linking done three times over. A seed is made by the first worker that
asks for it, under a lock in the run's shared temporary folder; every worker then gets its own
copy (a copy, so a test that writes into its app never races another worker's reader). With
`go build -trimpath` (tests/conftest.py) the copies' packages have the build cache keys of the
seed's, so a copy compiles nothing the seed already compiled.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

#: Written last into a finished seed: a seed without it was interrupted and is made again.
DONE = ".seed-done"


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every worker of this run shares (a worker's own is inside it)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def seed(factory: pytest.TempPathFactory, key: str, make: Callable[[Path], object]) -> Path:
    """The folder `<run>/seeds/<key>/app`, made by `make(folder)` once per run."""
    root = run_folder(factory) / "seeds" / key
    root.mkdir(parents=True, exist_ok=True)
    app = root / "app"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (root / DONE).exists():
                shutil.rmtree(app, ignore_errors=True)
                make(app)
                (root / DONE).touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return app


def copy_of(
    factory: pytest.TempPathFactory, key: str, make: Callable[[Path], object], name: str
) -> Path:
    """A copy of the seed `key` of this worker's own, at `<worker temp>/<key>N/<name>`."""
    source = seed(factory, key, make)
    dst = factory.mktemp(key) / name
    shutil.copytree(source, dst, symlinks=True)
    return dst
