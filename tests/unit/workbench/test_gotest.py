"""tracks/workbench/gotest.py on real `go test -json` streams (tests/unit/workbench/data: a
small module with a passing, a failing, a skipped, a panicking and a broken package, run with
go 1.26; the module's folder was /home/dev/shop)."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tests.unit.workbench.conftest import DATA
from tracks.workbench.gotest import GoTestStream, parse_go_test_json, read_report

pytestmark = pytest.mark.unit

MODULE = "example.com/shop"
ROOT = Path("/home/dev/shop")
FAILING = (DATA / "gotest.json").read_text()
PASSING = (DATA / "gotest-pass.json").read_text()


def test_counts_tests_and_subtests_as_testreport_does() -> None:
    summary = parse_go_test_json(FAILING, module=MODULE, root=ROOT)
    # TestAdd, TestTable/zero, TestTable/ok, TestFine pass; TestTable/wrong, its parent TestTable
    # and TestCrash fail; TestNeedsDatabase skips; notests has no test files (no skipped test).
    assert (summary.passed, summary.failed, summary.skipped) == (4, 3, 1)
    assert summary.packages == 4
    assert summary.skipped_tests == ("example.com/shop/calc.TestNeedsDatabase",)
    assert set(summary.failed_packages) == {
        "example.com/shop/broken",
        "example.com/shop/calc",
        "example.com/shop/crash",
    }
    assert not summary.ok
    assert summary.line == (
        "4 passed, 3 failed, 1 skipped; 1 package(s) failed as a whole: example.com/shop/broken"
    )


def test_failures_name_the_innermost_test_with_file_and_line() -> None:
    summary = parse_go_test_json(FAILING, module=MODULE, root=ROOT)
    by_name = {f.name: f for f in summary.failures}
    assert set(by_name) == {
        "example.com/shop/calc.TestTable/wrong",  # its parent is not listed again
        "example.com/shop/crash.TestCrash",
        "example.com/shop/broken",
    }
    wrong = by_name["example.com/shop/calc.TestTable/wrong"]
    assert (wrong.package, wrong.test) == ("example.com/shop/calc", "TestTable/wrong")
    # The last message (t.Errorf after a t.Log), relative to the app root.
    assert wrong.location == "calc/calc_test.go:19"
    assert "Add(2, 2) = 4, want 5" in wrong.output
    assert "=== RUN" not in wrong.output

    crash = by_name["example.com/shop/crash.TestCrash"]
    assert crash.location == "crash/crash_test.go:9"  # the app's frame, not runtime's
    assert "panic: assignment to entry in nil map" in crash.output

    broken = by_name["example.com/shop/broken"]
    assert broken.test is None
    assert broken.location == "broken/broken.go:4"
    assert "undefined: undefinedThing" in broken.output
    assert "[build failed]" not in broken.output  # go's result line, said by the summary


def test_without_module_and_root_locations_are_as_go_printed_them() -> None:
    summary = parse_go_test_json(FAILING)
    locations = {f.name: f.location for f in summary.failures}
    assert locations["example.com/shop/calc.TestTable/wrong"] == "calc_test.go:19"
    assert locations["example.com/shop/crash.TestCrash"] == "/home/dev/shop/crash/crash_test.go:9"


def test_a_passing_run() -> None:
    summary = parse_go_test_json(PASSING, module=MODULE)
    assert summary.ok
    assert summary.line == "4 passed, 0 failed, 1 skipped"
    assert summary.failures == ()
    assert summary.packages == 3


def test_the_stream_shows_package_results_and_failures_as_they_come() -> None:
    stream = GoTestStream(module=MODULE, root=ROOT)
    shown = [text for line in PASSING.splitlines() for text in stream.feed(line)]
    assert shown[0].startswith("ok   example.com/shop/crash ")
    assert shown[1].startswith("ok   example.com/shop/calc ")
    assert len(shown) == 2  # passing tests and packages without tests say nothing more

    stream = GoTestStream(module=MODULE, root=ROOT)
    shown = [text for line in FAILING.splitlines() for text in stream.feed(line)]
    text = "\n".join(shown)
    assert "broken/broken.go:4:26: undefined: undefinedThing" in text
    assert "    calc_test.go:19: Add(2, 2) = 4, want 5" in text
    assert any(line.startswith("FAIL example.com/shop/calc ") for line in shown)
    assert stream.summary() == parse_go_test_json(FAILING, module=MODULE, root=ROOT)


def test_lines_that_are_no_events_are_shown_and_kept() -> None:
    echo = "SHOP_TEST_ENV_FILE='/home/dev/shop/.env' go test -json ./..."
    stream = GoTestStream()
    assert stream.feed(echo) == [echo]
    assert stream.feed("") == []
    assert stream.feed("[1, 2]") == ["[1, 2]"]  # JSON, but no event
    for line in PASSING.splitlines():
        stream.feed(line)
    assert stream.summary().other == (echo, "[1, 2]")
    assert stream.summary().passed == 4


def test_read_report(tmp_path: Path) -> None:
    report = tmp_path / "bin" / "test.json"
    report.parent.mkdir()
    report.write_text(FAILING)
    assert read_report(report, module=MODULE).failed == 3
    with pytest.raises(TracksError) as err:
        read_report(tmp_path / "missing.json")
    assert err.value.exit_code == 1
    assert "missing.json" in err.value.message
