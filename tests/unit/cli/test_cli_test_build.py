"""``tracks test`` and ``tracks build`` on small Go apps made here: through the Makefile's
GO_TEST (and without a Makefile), the summary line, the exit codes; the programs of ./cmd with
the version stamped in and each driver's cgo setting."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from plumbum import local

from tests.unit.cli.conftest import write_answers
from tracks.cli import main

pytestmark = pytest.mark.unit

PASSING = """\
package calc

import (
	"os"
	"testing"
)

func TestAdd(t *testing.T) {
	for _, name := range []string{"small", "large"} {
		t.Run(name, func(t *testing.T) {})
	}
}

func TestThroughMake(t *testing.T) {
	if os.Getenv("FAKE_GO_TEST") == "" {
		t.Skip("not run through the Makefile's GO_TEST")
	}
}
"""
FAILING = """\
package calc

import "testing"

func TestBroken(t *testing.T) {
	t.Log("checking")
	t.Fatalf("want %d", 3)
}
"""
#: The shape of the app's Makefile: GO_TEST carries what the tests need, `test` runs it, and
#: `test-ci` keeps the event stream in bin/test.json as tests/testreport does.
MAKEFILE = """\
GO ?= go
GO_TEST := FAKE_GO_TEST=1 $(GO) test

test:
\t$(GO_TEST) ./...

test-ci:
\t@mkdir -p bin
\t@{ $(GO_TEST) -json ./... 2>&1; echo $$? > bin/test.exit; } > bin/test.json
\t@echo "testreport: done"
\t@test "$$(cat bin/test.exit)" = 0
"""
BUILDINFO = """\
package buildinfo

var (
	Version  = ""
	Revision = ""
)
"""
HELLO = """\
package main

import (
	"fmt"

	"example.com/shop/internal/buildinfo"
)

func main() { fmt.Println(buildinfo.Version, buildinfo.Revision) }
"""


def go_app(root: Path, database: str = "sqlite3", makefile: bool = True) -> Path:
    write_answers(
        root,
        _commit="v0.1.0",
        _src_path="/t",
        project_name="shop",
        env_prefix="SHOP",
        module_path="example.com/shop",
        database=database,
    )
    (root / "go.mod").write_text("module example.com/shop\n\ngo 1.25\n")
    (root / "internal/calc").mkdir(parents=True)
    (root / "internal/calc/calc_test.go").write_text(PASSING)
    (root / "internal/other").mkdir(parents=True)
    (root / "internal/other/other_test.go").write_text(
        'package other\n\nimport "testing"\n\nfunc TestOther(t *testing.T) {}\n'
    )
    if makefile:
        (root / "Makefile").write_text(MAKEFILE)
    return root


@pytest.fixture
def in_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    def make(**options: object) -> Path:
        app = go_app(tmp_path / "shop", **options)  # type: ignore[arg-type]
        (app / "internal").mkdir(exist_ok=True)
        monkeypatch.chdir(app / "internal")  # found from a subfolder, run at the root
        return app

    return make


def test_make_test_with_a_summary(in_app: Callable[..., Path], capfd) -> None:
    in_app()
    assert main(["test"]) == 0
    out = capfd.readouterr().out
    assert "FAKE_GO_TEST=1 go test -json ./..." in out  # make's echo: the Makefile's GO_TEST
    assert re.search(r"^ok   example.com/shop/internal/calc ", out, re.M)
    assert out.rstrip().endswith("5 passed, 0 failed, 0 skipped")


def test_packages_and_run_filter(in_app: Callable[..., Path], capfd) -> None:
    in_app()
    # `$` and `|` reach go as written (make would expand `$|`).
    assert main(["test", "./internal/calc/...", "--run", "TestAdd$|TestThroughMake"]) == 0
    out = capfd.readouterr().out
    assert "example.com/shop/internal/other" not in out
    assert out.rstrip().endswith("4 passed, 0 failed, 0 skipped")


def test_a_failing_test(in_app: Callable[..., Path], capfd) -> None:
    app = in_app()
    (app / "internal/calc/broken_test.go").write_text(FAILING)
    assert main(["test"]) == 1
    captured = capfd.readouterr()
    assert "    broken_test.go:7: want 3" in captured.out
    assert "  example.com/shop/internal/calc.TestBroken (internal/calc/broken_test.go:7)" in (
        captured.out
    )
    assert "5 passed, 1 failed, 0 skipped" in captured.out
    assert "error: 1 test(s) failed" in captured.err


def test_without_a_makefile_go_test_runs(in_app: Callable[..., Path], capfd) -> None:
    in_app(makefile=False)
    assert main(["test"]) == 0
    captured = capfd.readouterr()
    assert "notice: the app has no Makefile with GO_TEST" in captured.err
    assert captured.out.rstrip().endswith("4 passed, 0 failed, 1 skipped")


def test_ci_reads_the_report_make_test_ci_keeps(in_app: Callable[..., Path], capfd) -> None:
    app = in_app()
    (app / "bin").mkdir()
    # Left by an earlier run: it must not count.
    (app / "bin/test-e2e.json").write_text(
        '{"Action":"fail","Package":"example.com/shop/tests/e2e","Test":"TestOld"}\n'
        '{"Action":"fail","Package":"example.com/shop/tests/e2e"}\n'
    )
    assert main(["test", "--ci"]) == 0
    out = capfd.readouterr().out
    assert "testreport: done" in out
    assert out.rstrip().endswith("5 passed, 0 failed, 0 skipped")
    assert not (app / "bin/test-e2e.json").exists()


def test_ci_failure(in_app: Callable[..., Path], capfd) -> None:
    app = in_app()
    (app / "internal/calc/broken_test.go").write_text(FAILING)
    assert main(["test", "--ci"]) == 1
    captured = capfd.readouterr()
    assert "5 passed, 1 failed, 0 skipped" in captured.out
    assert "error: 1 test(s) failed" in captured.err


def test_ci_failing_before_the_tests(in_app: Callable[..., Path], capfd) -> None:
    app = in_app()
    (app / "Makefile").write_text("test-ci:\n\t@echo stale generated code; exit 1\n")
    assert main(["test", "--ci"]) == 1
    captured = capfd.readouterr()
    assert "stale generated code" in captured.out
    assert "passed" not in captured.out
    assert "error: `make test-ci` exited with status 2" in captured.err


@pytest.mark.parametrize(
    "argv", [["test", "--ci", "./internal/..."], ["test", "--ci", "--run", "X"], ["test", "-x"]]
)
def test_bad_arguments(in_app: Callable[..., Path], capfd, argv: list[str]) -> None:
    in_app()
    assert main(argv) == 2
    assert "Traceback" not in capfd.readouterr().err


def test_ci_needs_a_makefile(in_app: Callable[..., Path], capfd) -> None:
    in_app(makefile=False)
    assert main(["test", "--ci"]) == 2
    assert "has no Makefile" in capfd.readouterr().err


@pytest.mark.parametrize("command", ["test", "build"])
def test_outside_an_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd, command) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([command]) == 2
    assert "not inside a Tracks app" in capfd.readouterr().err


def programs(app: Path) -> None:
    (app / "internal/buildinfo").mkdir(parents=True)
    (app / "internal/buildinfo/buildinfo.go").write_text(BUILDINFO)
    for name in ("hello", "admin"):
        (app / "cmd" / name).mkdir(parents=True)
        (app / "cmd" / name / "main.go").write_text(HELLO)
    (app / "cmd/shared").mkdir()
    (app / "cmd/shared/shared.go").write_text("package shared\n")  # no program


def go_setting(binary: Path, key: str) -> str:
    out = local["go"]["version", "-m", str(binary)]()
    m = re.search(rf"^\s*build\s+{key}=(.*)$", out, re.M)
    return m.group(1).strip() if m else ""


@pytest.mark.parametrize(("database", "cgo"), [("sqlite3", "1"), ("postgres", "0")])
def test_build_every_program_with_its_version(
    in_app: Callable[..., Path], capfd, database: str, cgo: str
) -> None:
    app = in_app(database=database)
    programs(app)
    assert main(["build", "--version", "v9.9.9", "--revision", "abc123"]) == 0
    out = capfd.readouterr().out
    assert "build ./cmd/admin -> bin/admin" in out
    assert sorted(p.name for p in (app / "bin").iterdir()) == ["admin", "hello"]
    assert local[str(app / "bin/hello")]().strip() == "v9.9.9 abc123"
    assert go_setting(app / "bin/hello", "CGO_ENABLED") == cgo
    assert out.rstrip().endswith(
        f"2 programs built into bin/ (version v9.9.9, revision abc123, CGO_ENABLED={cgo})"
    )


def test_build_takes_the_version_from_git(in_app: Callable[..., Path], capfd) -> None:
    app = in_app()
    programs(app)
    assert main(["build"]) == 0
    assert local[str(app / "bin/hello")]().strip() == "dev unknown"  # the Dockerfile's defaults
    git = local["git"]["-C", str(app), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "app")
    git("tag", "v1.2.0")
    head = git("rev-parse", "HEAD").strip()
    assert main(["build"]) == 0
    assert local[str(app / "bin/hello")]().strip() == f"v1.2.0 {head}"


def test_build_failure_stops(in_app: Callable[..., Path], capfd) -> None:
    app = in_app()
    programs(app)
    (app / "cmd/admin/main.go").write_text("package main\n\nfunc main() { nope() }\n")
    assert main(["build"]) == 1
    captured = capfd.readouterr()
    assert "undefined: nope" in captured.out
    assert "error: `go build ./cmd/admin` exited with status 1" in captured.err
    assert not (app / "bin/hello").exists()  # after the failing one: not built


def test_build_needs_programs(in_app: Callable[..., Path], capfd) -> None:
    in_app()
    assert main(["build"]) == 2
    assert "has no programs under ./cmd" in capfd.readouterr().err
