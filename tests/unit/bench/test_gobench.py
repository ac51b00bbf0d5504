"""bench/gobench.py: runs a benchmark template inside an app and reads its MiB/s."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.unit


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gobench", REPO / "bench/gobench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gobench = load()


def test_run_writes_the_template_runs_it_and_removes_it(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/benchapp\n\ngo 1.26\n")
    (tmp_path / "app.go").write_text("package app\n")
    template = tmp_path / "bench.go.tmpl"
    template.write_text(
        'package app\n\nimport "testing"\n\nconst module = "MODULE_PATH"\n\n'
        "func BenchmarkCopy(b *testing.B) {\n\tb.SetBytes(1 << 20)\n"
        '\tfor b.Loop() {\n\t\tif module != "example.com/benchapp" {\n'
        "\t\t\tb.Fatal(module)\n\t\t}\n\t}\n}\n"
    )
    out = gobench.run(tmp_path, {template: "zz_bench_test.go"}, "./", "Copy", "3x")
    assert "BenchmarkCopy" in out and "MB/s" in out
    assert not (tmp_path / "zz_bench_test.go").exists()


def test_run_removes_the_files_when_the_benchmark_fails(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/benchapp\n\ngo 1.26\n")
    template = tmp_path / "bench.go.tmpl"
    template.write_text("package app\n\nthis does not compile\n")
    with pytest.raises(Exception):  # noqa: B017 - plumbum's ProcessExecutionError
        gobench.run(tmp_path, {template: "zz_bench_test.go"}, "./", ".", "1x")
    assert not (tmp_path / "zz_bench_test.go").exists()


def test_mib_per_s_reads_each_benchmark() -> None:
    out = (
        "BenchmarkLocalPut-2   \t      30\t   7771042 ns/op\t 1048.58 MB/s\n"
        "BenchmarkPlainCopy    \t      30\t   2773871 ns/op\t 2097.15 MB/s\n"
        "BenchmarkNoBytes-2    \t      30\t   2773871 ns/op\n"
    )
    speeds = gobench.mib_per_s(out)
    assert speeds == pytest.approx({"LocalPut": 1000.0, "PlainCopy": 2000.0}, rel=1e-3)
