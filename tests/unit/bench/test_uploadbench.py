"""bench/uploadbench.py reads `go test -bench` output and reports MiB/s against the plain copy."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.unit


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("uploadbench", REPO / "bench/uploadbench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


uploadbench = load()

# What go 1.26 prints for the three benchmarks on a two-core machine.
OUTPUT = """goos: linux
goarch: amd64
pkg: example.com/app/internal/storage/upload
cpu: AMD EPYC
BenchmarkUploadReceivePut-2   	      30	  31348651 ns/op	 167.24 MB/s
BenchmarkPlainCopy-2          	      30	   6644868 ns/op	 789.01 MB/s
BenchmarkPlainCopyFsync-2     	      30	  15667578 ns/op	 334.63 MB/s
PASS
ok  	example.com/app/internal/storage/upload	1.583s
"""


def test_parse_reads_mib_per_second_of_each_benchmark() -> None:
    speeds = uploadbench.parse(OUTPUT)
    assert list(speeds) == ["UploadReceivePut", "PlainCopy", "PlainCopyFsync"]
    assert speeds["UploadReceivePut"] == pytest.approx(167.24e6 / 2**20)


def test_report_gives_ratios_to_the_plain_copy() -> None:
    text = uploadbench.report(uploadbench.parse(OUTPUT))
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[1:]}
    assert rows["PlainCopy"][1] == "1.00"
    assert rows["UploadReceivePut"][1] == f"{167.24 / 789.01:.2f}"


def test_report_without_a_baseline_prints_no_ratio() -> None:
    text = uploadbench.report({"UploadReceivePut": 100.0})
    assert text.splitlines()[1].split()[-1] == "-"


def test_the_go_benchmark_names_match_what_the_report_reads() -> None:
    source = (REPO / "bench/uploadbench_test.go.tmpl").read_text()
    for name in (uploadbench.UPLOAD, uploadbench.BASELINE):
        assert f"func Benchmark{name}(b *testing.B)" in source
    assert "MODULE_PATH/internal/storage/upload" in source
