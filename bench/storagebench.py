"""Put throughput of the local storage adapter (issue 11) against a plain disk write, one run.

    python3 bench/storagebench.py [--benchtime 30x] [--work DIR] [--template PATH] [--profile]

Renders an app (sqlite3, local storage) into --work, writes storagebench_test.go.tmpl into it as
internal/storage/zz_bench_storage_test.go, runs its Go benchmarks and deletes the file again.
Each benchmark stores a 5 MiB file, opened afresh per iteration, on the same disk:

- LocalPut: the adapter's Put of the open file with its size known, as the files service calls
  it (temp file, metadata sidecar, fsync of both, renames, fsync of the folder).
- LocalPutStream: the same bytes as a plain io.Reader of unknown size (a stream, not a file).
- PlainCopy: io.Copy of the file into a new file. The ratio is to this.
- PlainCopyFsync: the same plus an fsync of the file: the durability floor Put pays for.

Prints MiB/s per benchmark and its ratios to both baselines; --profile also takes a CPU profile
of LocalPut and prints `go tool pprof -top -cum`. bench/uploadbench.py measures the whole upload
path over HTTP. A benchmark, not a test: it asserts nothing, and on a busy machine (see the load
average it prints) compare the ratios from one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # gobench, when loaded by path

import gobench  # bench/gobench.py, beside this script

from tests.support.paths import REPO
from tests.support.render import answers, render

HERE = Path(__file__).resolve().parent
GO_BENCH = HERE / "storagebench_test.go.tmpl"
GO_BENCH_NAME = "internal/storage/zz_bench_storage_test.go"
GO_BENCH_PACKAGE = "./internal/storage/"
PUT = "LocalPut"
BASELINE = "PlainCopy"
FSYNC_BASELINE = "PlainCopyFsync"


def run_go_bench(app: Path, benchtime: str, bench: str = ".", profile: Path | None = None) -> str:
    """Run the storage benchmarks in the app and return go test's output."""
    return gobench.run(app, {GO_BENCH: GO_BENCH_NAME}, GO_BENCH_PACKAGE, bench, benchtime, profile)


parse = gobench.mib_per_s


def build_app(work: Path, template: Path) -> Path:
    """Render the benchmarked app (sqlite3, local storage) unless --work holds one already."""
    app = work / "storage_sqlite3"
    if not (app / "go.mod").exists():
        app_answers = answers("sqlite3", name="storage_bench", storage_provider="local")
        render(app, app_answers, src=template)
    return app


def ratio(speed: float, base: float | None) -> str:
    return f"{speed / base:.2f}" if base else "-"


def report(speeds: dict[str, float]) -> str:
    """One line per benchmark: MiB/s, and its ratio to the plain copy and to the fsynced copy."""
    base, fsync = speeds.get(BASELINE), speeds.get(FSYNC_BASELINE)
    lines = [f"{'benchmark':<16} {'MiB/s':>8} {'x plain copy':>13} {'x copy+fsync':>13}"]
    for name, speed in speeds.items():
        lines.append(f"{name:<16} {speed:>8.1f} {ratio(speed, base):>13} {ratio(speed, fsync):>13}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchtime", default="30x", help="go test -benchtime (default 30x)")
    parser.add_argument("--work", type=Path, help="folder for the app (reused when present)")
    parser.add_argument("--template", type=Path, default=REPO, help="the checkout to render")
    parser.add_argument("--profile", action="store_true", help="CPU profile of LocalPut")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tracks-storagebench-"))
    work.mkdir(parents=True, exist_ok=True)
    app = build_app(work, args.template)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    speeds = parse(run_go_bench(app, args.benchtime))
    print(f"load average after:  {os.getloadavg()[0]:.2f}")
    print(report(speeds))
    if args.profile:
        profile = work / "storage-put.pprof"
        run_go_bench(app, args.benchtime, bench=f"^Benchmark{PUT}$", profile=profile)
        print(gobench.top(profile))
        print(f"profile: {profile}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
