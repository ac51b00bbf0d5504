"""Helper programs the tests run beside a generated app (golangci-lint, Mailpit), each built
once with `go install` from the Go module proxy into a cache folder that every test, every
worker and every later run share.

A tool pinned for the generated app takes the template's version (model/versions.py, read from
copier.yml), so the tests lint with exactly what the app's `make lint` runs. A tool only the
tests use is pinned here, and only here: `.ci/setup` builds it through `ensure` as well.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from plumbum import local

from model import versions

#: Where built tools live, one folder per tool and version. CI caches this folder.
CACHE = Path(os.environ.get("TRACKS_TOOLS_CACHE", Path.home() / ".cache" / "tracks-tools"))


@dataclass(frozen=True)
class GoTool:
    """A program built from a Go package at an exact module version."""

    name: str
    package: str
    version: str

    @property
    def path(self) -> Path:
        return CACHE / self.name / self.version / self.name


def golangci_lint() -> GoTool:
    return GoTool(
        name="golangci-lint",
        package="github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
        version=versions.GOLANGCI_LINT,
    )


#: Mailpit, the SMTP sink of the auth e2e tests (tests/support/mailpit.py). Test-only.
MAILPIT_VERSION = "v1.33.1"


def mailpit() -> GoTool:
    return GoTool(name="mailpit", package="github.com/axllent/mailpit", version=MAILPIT_VERSION)


def ensure(tool: GoTool, timeout: float = 1800) -> Path:
    """The tool's binary, built first if this cache does not hold it yet.

    A file lock makes concurrent pytest workers wait for one build instead of racing; the
    binary is installed into a temporary folder and renamed into place, so a build cut short
    never leaves a half-written binary behind for the next run to trust.
    """
    if tool.path.exists():
        return tool.path
    tool.path.parent.mkdir(parents=True, exist_ok=True)
    with open(tool.path.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if tool.path.exists():
            return tool.path
        with tempfile.TemporaryDirectory(dir=tool.path.parent) as staging:
            # Outside any module, so no app's go.mod or go.work is consulted or changed.
            with local.cwd(staging), local.env(**{**os.environ, "GOBIN": staging}):
                code, out, err = local["go"]["install", f"{tool.package}@{tool.version}"].run(
                    retcode=None, timeout=timeout
                )
            if code != 0:
                raise AssertionError(
                    f"go install {tool.package}@{tool.version} exited {code}:\n{out}\n{err}"
                )
            shutil.move(Path(staging) / tool.name, tool.path)
    return tool.path
