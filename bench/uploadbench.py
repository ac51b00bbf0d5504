"""Upload throughput of the generated app (issue 11), against a plain disk write in the same run.

    python3 bench/uploadbench.py [--benchtime 30x] [--work DIR] [--template PATH] [--profile]

Renders an app (sqlite3, local storage) into --work, writes uploadbench_test.go.tmpl into it as
internal/storage/upload/zz_bench_upload_test.go, runs its Go benchmarks and deletes the file again.
Each benchmark posts a 5 MiB multipart file over loopback HTTP:

- UploadReceivePut: the handler runs upload.Receive (streamed to a capped, hashed, sniffed temp
  file) and the local adapter's Put (temp file, fsync, rename): the app's upload path.
- PlainCopy: the handler io.Copies the raw body to a file. The ratio is to this.
- PlainCopyFsync: the same plus an fsync, which Put does for durability: the floor the upload
  path could reach while keeping that.

Prints MiB/s per benchmark and the ratios; --profile also takes a CPU profile of the upload path
and prints `go tool pprof -top`. A benchmark, not a test: it asserts nothing, and on a busy machine
(see the load average it prints) the ratios from one run are what to compare.
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
GO_BENCH = HERE / "uploadbench_test.go.tmpl"
GO_BENCH_NAME = "internal/storage/upload/zz_bench_upload_test.go"
GO_BENCH_PACKAGE = "./internal/storage/upload/"
UPLOAD = "UploadReceivePut"
BASELINE = "PlainCopy"


def run_go_bench(app: Path, benchtime: str, bench: str = ".", profile: Path | None = None) -> str:
    """Run the upload benchmarks in the app and return go test's output."""
    return gobench.run(app, {GO_BENCH: GO_BENCH_NAME}, GO_BENCH_PACKAGE, bench, benchtime, profile)


parse = gobench.mib_per_s


def build_app(work: Path, template: Path) -> Path:
    """Render the benchmarked app (sqlite3, local storage) unless --work holds one already."""
    app = work / "upload_sqlite3"
    if not (app / "go.mod").exists():
        render(app, answers("sqlite3", name="upload_bench", storage_provider="local"), src=template)
    return app


def report(speeds: dict[str, float]) -> str:
    """One line per benchmark with its MiB/s and its ratio to the plain copy."""
    base = speeds.get(BASELINE)
    lines = [f"{'benchmark':<20} {'MiB/s':>8} {'x plain copy':>13}"]
    for name, speed in speeds.items():
        ratio = f"{speed / base:.2f}" if base else "-"
        lines.append(f"{name:<20} {speed:>8.1f} {ratio:>13}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchtime", default="30x", help="go test -benchtime (default 30x)")
    parser.add_argument("--work", type=Path, help="folder for the app (reused when present)")
    parser.add_argument("--template", type=Path, default=REPO, help="the checkout to render")
    parser.add_argument("--profile", action="store_true", help="CPU profile of the upload path")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tracks-uploadbench-"))
    work.mkdir(parents=True, exist_ok=True)
    app = build_app(work, args.template)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    speeds = parse(run_go_bench(app, args.benchtime))
    print(f"load average after:  {os.getloadavg()[0]:.2f}")
    print(report(speeds))
    if args.profile:
        profile = work / "upload.pprof"
        run_go_bench(app, args.benchtime, bench=UPLOAD, profile=profile)
        print(gobench.top(profile))
        print(f"profile: {profile}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
