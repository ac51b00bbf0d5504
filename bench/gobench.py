"""What the Go-benchmark scripts (jobsbench, storagebench, uploadbench) share: dropping their
benchmark files into a rendered app, running `go test -bench` there, and reading MiB/s."""

from __future__ import annotations

import re
from pathlib import Path

from plumbum import local

MIB = 1 << 20


def run(
    app: Path,
    files: dict[Path, Path],
    package: str,
    bench: str,
    benchtime: str,
    profile: Path | None = None,
) -> str:
    """Write each template (source -> target, relative to app) with the app's module path in
    place of MODULE_PATH, run the benchmarks matching bench in package, remove the files again
    and return go test's output. With profile, a CPU profile (and the test binary pprof needs)
    is written there."""
    module = re.search(r"^module (\S+)", (app / "go.mod").read_text(), re.MULTILINE)
    assert module, f"{app}/go.mod names no module"
    written = []
    args = ["test", "-run", "^$", "-bench", bench, "-benchtime", benchtime]
    if profile is not None:
        args += ["-cpuprofile", str(profile), "-o", str(profile.with_suffix(".test"))]
    try:
        for source, target in files.items():
            path = app / target
            path.write_text(source.read_text().replace("MODULE_PATH", module.group(1)))
            written.append(path)
        with local.cwd(app):
            return local["go"][(*args, package)]()
    finally:
        for path in written:
            path.unlink()


def mib_per_s(out: str) -> dict[str, float]:
    """MiB/s per benchmark name from `go test -bench` output (which reports MB/s, 10^6 bytes)."""
    pattern = r"^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns/op\s+([\d.]+) MB/s"
    return {name: float(mbs) * 1e6 / MIB for name, mbs in re.findall(pattern, out, re.MULTILINE)}


def top(profile: Path, nodes: int = 25) -> str:
    """`go tool pprof -top -cum` of a CPU profile run() wrote (the test binary beside it)."""
    pprof = local["go"]["tool", "pprof", "-top", "-cum", f"-nodecount={nodes}"]
    return pprof(str(profile.with_suffix(".test")), str(profile))
