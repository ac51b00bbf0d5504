"""bench/storagebench.py reads `go test -bench` output and reports MiB/s against both baselines."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.unit


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("storagebench", REPO / "bench/storagebench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


storagebench = load()

# What go 1.26 prints for the four benchmarks on a two-core machine.
OUTPUT = """goos: linux
goarch: amd64
pkg: example.com/app/internal/storage
cpu: AMD EPYC
BenchmarkLocalPut-2         	      30	   7771042 ns/op	 674.67 MB/s
BenchmarkLocalPutStream-2   	      30	  11357146 ns/op	 461.64 MB/s
BenchmarkPlainCopy-2        	      30	   2773871 ns/op	1890.10 MB/s
BenchmarkPlainCopyFsync-2   	      30	   7875248 ns/op	 665.74 MB/s
PASS
ok  	example.com/app/internal/storage	1.780s
"""


def test_parse_reads_mib_per_second_of_each_benchmark() -> None:
    speeds = storagebench.parse(OUTPUT)
    assert list(speeds) == ["LocalPut", "LocalPutStream", "PlainCopy", "PlainCopyFsync"]
    assert speeds["LocalPut"] == pytest.approx(674.67e6 / 2**20)


def test_report_gives_ratios_to_both_baselines() -> None:
    text = storagebench.report(storagebench.parse(OUTPUT))
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[1:]}
    assert rows["PlainCopy"][1] == "1.00"
    assert rows["PlainCopyFsync"][2] == "1.00"
    assert rows["LocalPut"][1] == f"{674.67 / 1890.10:.2f}"
    assert rows["LocalPut"][2] == f"{674.67 / 665.74:.2f}"


def test_report_without_baselines_prints_no_ratio() -> None:
    text = storagebench.report({"LocalPut": 100.0})
    assert text.splitlines()[1].split()[-2:] == ["-", "-"]


def test_the_go_benchmark_names_match_what_the_report_reads() -> None:
    source = (REPO / "bench/storagebench_test.go.tmpl").read_text()
    for name in (storagebench.PUT, storagebench.BASELINE, storagebench.FSYNC_BASELINE):
        assert f"func Benchmark{name}(b *testing.B)" in source
    assert '"MODULE_PATH/internal/storage"' in source
