"""Build tier (DEPLOY-2, DEPLOY-3): the Dockerfile's own build command, replayed outside Docker.

There is no Docker here, so the image is proven by parts: the build stage's `go build` RUN is
taken from the generated Dockerfile (tests/support/dockerfile.py) and run on this machine, which
is the builder's Debian release (bookworm). The postgres binaries must be static (they run on
distroless/static, which has no libc), and so must the mattn/go-sqlite3 ones; the go-libsql
binaries may link only libraries that distroless/cc-debian12 ships; the build info the ldflags
inject must reach `server version`; and `server healthcheck`, the image's HEALTHCHECK, must fail
when nothing listens.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.dockerfile import build_script, stages
from tests.support.gocmd import run
from tests.support.paths import only_with

pytestmark = pytest.mark.build

VERSION = "v9.8.7-replay"
REVISION = "0123456789abcdef0123456789abcdef01234567"
PREFIX = "SHOP"

#: What distroless/cc-debian12 holds beside the kernel's vDSO: its base image's libc6 and libssl3
#: and its own libgcc-s1, libstdc++6 and libgomp1 (GoogleContainerTools/distroless, base/config.bzl
#: and cc/config.bzl, the debian12 package lists).
CC_DEBIAN12 = {
    "linux-vdso.so.1",
    # libc6
    "ld-linux-x86-64.so.2",
    "libc.so.6",
    "libm.so.6",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libresolv.so.2",
    "libutil.so.1",
    "libanl.so.1",
    # libssl3
    "libssl.so.3",
    "libcrypto.so.3",
    # libgcc-s1, libstdc++6, libgomp1
    "libgcc_s.so.1",
    "libstdc++.so.6",
    "libgomp.so.1",
}


@pytest.fixture(scope="module")
def replayed(
    rendered_app: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """The folder the replayed build wrote the binaries into (the image's /out), per driver."""
    cache: dict[str, Path] = {}

    def get(driver: str) -> Path:
        if driver not in cache:
            app = rendered_app(driver)
            out = tmp_path_factory.mktemp(f"image-{driver}") / "out"
            script = build_script((app / "Dockerfile").read_text(), out)
            # As in the golang image: RUN is `sh -c`, and the image sets GOTOOLCHAIN=local.
            run(
                app,
                "sh",
                "-c",
                script,
                env={"VERSION": VERSION, "REVISION": REVISION, "GOTOOLCHAIN": "local"},
            )
            cache[driver] = out
        return cache[driver]

    return get


def binaries(out: Path) -> list[Path]:
    found = sorted(p for p in out.iterdir() if p.is_file())
    assert {p.name for p in found} >= {"server", "migrate", "admin"}, found
    return found


@only_with("postgres")
def test_postgres_binaries_are_static(
    replayed: Callable[[str], Path], rendered_app: Callable[[str], Path]
) -> None:
    assert stages((rendered_app("postgres") / "Dockerfile").read_text())[-1].startswith(
        "gcr.io/distroless/static-debian12"
    )
    for binary in binaries(replayed("postgres")):
        _, out, err = run(binary.parent, "ldd", str(binary), check=False)
        assert "not a dynamic executable" in out + err, f"{binary.name}: {out}{err}"


@only_with("sqlite3")
def test_sqlite3_binaries_are_static(
    replayed: Callable[[str], Path], rendered_app: Callable[[str], Path]
) -> None:
    assert stages((rendered_app("sqlite3") / "Dockerfile").read_text())[-1].startswith(
        "gcr.io/distroless/cc-debian12"
    )
    for binary in binaries(replayed("sqlite3")):
        _, out, err = run(binary.parent, "ldd", str(binary), check=False)
        assert "not a dynamic executable" in out + err, f"{binary.name}: {out}{err}"


@only_with("go-libsql")
def test_sqlite_binaries_link_only_what_distroless_cc_has(
    replayed: Callable[[str], Path], rendered_app: Callable[[str], Path]
) -> None:
    assert stages((rendered_app("go-libsql") / "Dockerfile").read_text())[-1].startswith(
        "gcr.io/distroless/cc-debian12"
    )
    for binary in binaries(replayed("go-libsql")):
        _, out, _ = run(binary.parent, "ldd", str(binary))
        libs = {Path(line.split()[0]).name for line in out.splitlines() if line.strip()}
        assert "libc.so.6" in libs, f"{binary.name} is not linked dynamically: {out}"
        assert libs <= CC_DEBIAN12, f"{binary.name} needs {sorted(libs - CC_DEBIAN12)}"


@pytest.mark.parametrize(
    "driver",
    [
        pytest.param("postgres", marks=only_with("postgres")),
        pytest.param("go-libsql", marks=only_with("go-libsql")),
    ],
)
def test_server_version_prints_the_injected_build(
    replayed: Callable[[str], Path], driver: str
) -> None:
    out_dir = replayed(driver)
    _, out, _ = run(out_dir, str(out_dir / "server"), "version")
    assert f"version {VERSION}\n" in out
    assert f"revision {REVISION}\n" in out
    assert re.search(r"^go go1\.\d+", out, re.M), out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@only_with("go-libsql")
def test_healthcheck_fails_when_nothing_listens(
    replayed: Callable[[str], Path], tmp_path: Path
) -> None:
    server = replayed("go-libsql") / "server"
    # The image's environment: production, listening on every interface (probed on loopback).
    env = {f"{PREFIX}_ENVIRONMENT": "production", f"{PREFIX}_SERVER_ADDR": f":{free_port()}"}
    code, out, err = run(tmp_path, str(server), "healthcheck", env=env, check=False)
    assert code == 1, (code, out, err)
    assert "healthcheck" in err and "connection refused" in err, err
