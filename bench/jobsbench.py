"""Job queue latency and throughput of the generated app (issue 11), against a channel.

    python3 bench/jobsbench.py [--providers memory,sqs] [--jobs 1000] [--bursts 20] [--work DIR]
                               [--template PATH] [--profile] [--out FILE]

For each provider, renders an app with that queue_provider (sqlite3) into --work, writes
jobsbench_test.go.tmpl into it as internal/jobs/zz_bench_jobs_test.go (and, when it exists,
jobsbench_<provider>_test.go.tmpl as zz_bench_jobs_<provider>_test.go: an init() adding the
provider's broker to benchBrokers), runs its Go benchmarks and deletes the files again. The
benchmarks go through the jobs.Broker seam with the app's client and worker (concurrency 10, its
JSON log written to io.Discard):

- Latency/<provider>: one no-op job at a time, enqueue until its handler ran; p50 and p99 over
  --jobs jobs.
- Throughput/<provider>: bursts of 1,000 no-op jobs enqueued by 10 goroutines, until all ran;
  jobs/s over --bursts bursts.
- Latency/channel and Throughput/channel: the same hand-off over a buffered channel to 10
  goroutines, the floor a queue in one process could reach. The ratios are to these, measured
  in the same run.

--profile also takes a CPU profile of each provider's throughput benchmark and prints
`go tool pprof -top -cum`. A benchmark, not a test: it asserts nothing, and on a busy machine (see
the load average it prints) the ratios from one run are what to compare. Providers that need a
server (sqs: moto) read the same variables as the app's tests (`<P>_TEST_AWS_ENDPOINT_URL`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # gobench, when loaded by path

import gobench  # bench/gobench.py, beside this script

from tests.support.paths import REPO
from tests.support.render import answers, render

HERE = Path(__file__).resolve().parent
GO_BENCH = HERE / "jobsbench_test.go.tmpl"
GO_BENCH_DIR = "internal/jobs"
GO_BENCH_PACKAGE = "./internal/jobs/"
BASELINE = "channel"
APP_NAME = "jobs_bench"
PROFILE_BURSTS = 300
#: A result line of `go test -bench`: kind, queue, then the metrics after ns/op.
BENCH_LINE = r"^Benchmark(Latency|Throughput)/(\w+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns/op(.*)$"


@dataclass
class Result:
    """One provider's (or the channel's) numbers from one run."""

    p50_us: float | None = None
    p99_us: float | None = None
    jobs_per_s: float | None = None


def provider_bench(provider: str) -> Path:
    """The optional Go file that registers provider's broker with the benchmarks."""
    return HERE / f"jobsbench_{provider}_test.go.tmpl"


def build_app(work: Path, template: Path, provider: str) -> Path:
    """Render an app whose queue is provider (sqlite3) unless --work holds one already."""
    app = work / f"jobs_{provider}"
    if not (app / "go.mod").exists():
        render(app, answers("sqlite3", name=APP_NAME, queue_provider=provider), src=template)
    return app


def bench_files(provider: str) -> dict[str, Path]:
    """The benchmark files to write into the app, by their name there."""
    files = {"zz_bench_jobs_test.go": GO_BENCH}
    if provider_bench(provider).exists():
        files[f"zz_bench_jobs_{provider}_test.go"] = provider_bench(provider)
    return files


def run_go_bench(
    app: Path, provider: str, bench: str, benchtime: str, profile: Path | None = None
) -> str:
    """Run the benchmarks matching bench in the app and return go test's output."""
    files = {source: f"{GO_BENCH_DIR}/{name}" for name, source in bench_files(provider).items()}
    return gobench.run(app, files, GO_BENCH_PACKAGE, bench, benchtime, profile)


def parse(out: str) -> dict[str, Result]:
    """Each benchmarked queue's numbers from `go test -bench` output, channel included."""
    results: dict[str, Result] = {}
    line = re.compile(BENCH_LINE, re.MULTILINE)
    for kind, name, metrics in line.findall(out):
        values = {unit: float(value) for value, unit in re.findall(r"([\d.]+)\s+(\S+)", metrics)}
        result = results.setdefault(name, Result())
        if kind == "Latency":
            result.p50_us = values.get("p50-µs")
            result.p99_us = values.get("p99-µs")
        else:
            result.jobs_per_s = values.get("jobs/s")
    return results


def ratio(value: float | None, base: float | None) -> str:
    """value / base to two places, or "-" when either is missing."""
    return f"{value / base:.2f}" if value is not None and base else "-"


def number(value: float | None, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if value is not None else "-"


def report(results: dict[str, Result]) -> str:
    """One line per queue: p50/p99 latency and jobs/s, each with its ratio to the channel."""
    base = results.get(BASELINE, Result())
    chan = f"{'x chan':>7}"
    lines = [f"{'queue':<10} {'p50 µs':>9} {chan} {'p99 µs':>9} {chan} {'jobs/s':>10} {chan}"]
    for name, r in results.items():
        lines.append(
            f"{name:<10} {number(r.p50_us):>9} {ratio(r.p50_us, base.p50_us):>7} "
            f"{number(r.p99_us):>9} {ratio(r.p99_us, base.p99_us):>7} "
            f"{number(r.jobs_per_s, 0):>10} {ratio(r.jobs_per_s, base.jobs_per_s):>7}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--providers", default="memory", help="comma-separated queue providers (default memory)"
    )
    parser.add_argument(
        "--jobs", type=int, default=1000, help="jobs in the latency benchmark (default 1000)"
    )
    parser.add_argument(
        "--bursts", type=int, default=20, help="bursts of 1,000 jobs for throughput (default 20)"
    )
    parser.add_argument("--work", type=Path, help="folder for the apps (reused when present)")
    parser.add_argument("--template", type=Path, default=REPO, help="the checkout to render")
    parser.add_argument(
        "--profile", action="store_true", help="CPU profile of each provider's throughput"
    )
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="tracks-jobsbench-"))
    work.mkdir(parents=True, exist_ok=True)
    sections = []
    for provider in args.providers.split(","):
        app = build_app(work, args.template, provider)
        before = os.getloadavg()[0]
        pattern = f"/({BASELINE}|{provider})$"
        out = run_go_bench(app, provider, "Latency" + pattern, f"{args.jobs}x")
        out += run_go_bench(app, provider, "Throughput" + pattern, f"{args.bursts}x")
        after = os.getloadavg()[0]
        load = f"load average {before:.2f} before, {after:.2f} after"
        text = f"{provider} ({load})\n{report(parse(out))}"
        print(text)
        sections.append(text)
        if args.profile:
            profile = work / f"jobs_{provider}.pprof"
            # Enough bursts for a few seconds of samples, whatever --bursts is.
            bursts = max(args.bursts, PROFILE_BURSTS)
            run_go_bench(app, provider, f"Throughput/{provider}$", f"{bursts}x", profile=profile)
            print(gobench.top(profile, 30))
            print(f"profile: {profile}")
    if args.out:
        args.out.write_text("\n\n".join(sections) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
