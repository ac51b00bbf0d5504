"""bench/jobsbench.py reads `go test -bench` output and reports each queue against the channel."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.unit


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("jobsbench", REPO / "bench/jobsbench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up by name while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


jobsbench = load()

# What go 1.26 prints for the latency and throughput benchmarks on a two-core machine.
OUTPUT = """goos: linux
goarch: amd64
pkg: example.com/jobs_bench/internal/jobs
cpu: AMD EPYC
BenchmarkLatency/channel-2	1000	505.2 ns/op	0.3120 p50-µs	0.6000 p99-µs
BenchmarkLatency/memory-2	1000	10613 ns/op	4.100 p50-µs	41.10 p99-µs
PASS
ok  	example.com/jobs_bench/internal/jobs	0.036s
BenchmarkThroughput/channel-2         	      20	    475855 ns/op	   2101637 jobs/s
BenchmarkThroughput/memory-2          	      20	  29111137 ns/op	     34351 jobs/s
PASS
"""


def test_parse_reads_latency_and_throughput_per_queue() -> None:
    results = jobsbench.parse(OUTPUT)
    assert list(results) == ["channel", "memory"]
    memory = results["memory"]
    assert (memory.p50_us, memory.p99_us, memory.jobs_per_s) == (4.1, 41.1, 34351.0)
    assert results["channel"].p50_us == pytest.approx(0.312)


def test_report_gives_ratios_to_the_channel() -> None:
    text = jobsbench.report(jobsbench.parse(OUTPUT))
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[1:]}
    assert rows["channel"][1::2] == ["1.00", "1.00", "1.00"]
    assert rows["memory"][1] == f"{4.1 / 0.312:.2f}"
    assert rows["memory"][5] == f"{34351 / 2101637:.2f}"


def test_report_without_the_channel_prints_no_ratio() -> None:
    text = jobsbench.report({"memory": jobsbench.Result(p50_us=4.0)})
    assert text.splitlines()[1].split()[1:] == ["4.0", "-", "-", "-", "-", "-"]


def test_a_provider_file_is_written_beside_the_suite_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobsbench, "HERE", tmp_path)
    (tmp_path / "jobsbench_sqs_test.go.tmpl").write_text("package jobs_test\n")
    assert set(jobsbench.bench_files("sqs")) == {
        "zz_bench_jobs_test.go",
        "zz_bench_jobs_sqs_test.go",
    }
    assert set(jobsbench.bench_files("memory")) == {"zz_bench_jobs_test.go"}


def test_the_go_benchmarks_match_what_the_script_runs_and_reads() -> None:
    source = (REPO / "bench/jobsbench_test.go.tmpl").read_text()
    for name in ("BenchmarkLatency", "BenchmarkThroughput"):
        assert f"func {name}(b *testing.B)" in source
    assert f'b.Run("{jobsbench.BASELINE}"' in source
    assert '"memory": func(b *testing.B) jobs.Broker' in source
    for unit in ("p50-µs", "p99-µs", "jobs/s"):
        assert f'"{unit}"' in source
    assert "MODULE_PATH/internal/jobs" in source
