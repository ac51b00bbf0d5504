"""tests.support.gotestjson reads `go test -json`: skips named, package skips ignored."""

from __future__ import annotations

import json

import pytest

from tests.support.gotestjson import parse

pytestmark = pytest.mark.unit


def events(*items: dict[str, object]) -> str:
    return "\n".join(json.dumps(item) for item in items) + "\n"


# What go 1.26 prints for: a package with a passing test and subtest, a skipped and a failing
# test; a package without test files; a package whose test does not compile.
STREAM = events(
    {"ImportPath": "m/c [m/c.test]", "Action": "build-output", "Output": "# m/c [m/c.test]\n"},
    {
        "ImportPath": "m/c [m/c.test]",
        "Action": "build-output",
        "Output": "c_test.go:5: undefined\n",
    },
    {"ImportPath": "m/c [m/c.test]", "Action": "build-fail"},
    {"Action": "start", "Package": "m/b"},
    {"Action": "skip", "Package": "m/b", "Elapsed": 0},
    {"Action": "output", "Package": "m/c", "Output": "FAIL\tm/c [build failed]\n"},
    {"Action": "fail", "Package": "m/c", "Elapsed": 0, "FailedBuild": "m/c [m/c.test]"},
    {"Action": "run", "Package": "m/a", "Test": "TestPass"},
    {"Action": "pass", "Package": "m/a", "Test": "TestPass/sub", "Elapsed": 0},
    {"Action": "pass", "Package": "m/a", "Test": "TestPass", "Elapsed": 0},
    {"Action": "output", "Package": "m/a", "Test": "TestSkip", "Output": "    no server\n"},
    {"Action": "skip", "Package": "m/a", "Test": "TestSkip", "Elapsed": 0},
    {"Action": "output", "Package": "m/a", "Test": "TestFail", "Output": "    a_test.go:7: boom\n"},
    {"Action": "fail", "Package": "m/a", "Test": "TestFail", "Elapsed": 0},
    {"Action": "fail", "Package": "m/a", "Elapsed": 0.004},
)


def test_parse_names_each_outcome() -> None:
    report = parse(STREAM + "go: downloading example.com/x v1.0.0\n")
    assert report.passed == ["m/a.TestPass/sub", "m/a.TestPass"]
    assert report.skipped == ["m/a.TestSkip"], "a package without tests is not a skipped test"
    assert report.failed == ["m/a.TestFail"]
    assert report.failed_packages == ["m/c"]
    assert report.other == ["go: downloading example.com/x v1.0.0"]
    text = report.failure_text()
    assert "boom" in text and "c_test.go:5: undefined" in text
    assert "FAIL\tm/c [build failed]" in text


def test_failure_text_summarises_then_shows_each_tail() -> None:
    stream = events(
        *(
            {"Action": "output", "Package": "m/a", "Test": "TestX", "Output": f"line {i}\n"}
            for i in range(100)
        ),
        {"Action": "fail", "Package": "m/a", "Test": "TestX"},
        {"Action": "output", "Package": "m/a", "Output": "panic: test timed out after 10m0s\n"},
        {"Action": "fail", "Package": "m/a"},
    )
    report = parse(stream)
    assert report.failed_packages == [] and report.failing_packages == ["m/a"]
    text = report.failure_text(lines=5)
    assert text.startswith("failed packages:\n  m/a: 1 failed test(s)")
    assert "line 99" in text and "line 94" not in text
    assert "panic: test timed out" in text, "the package's own output is shown"
    cut = report.failure_text(limit=40)
    assert cut.endswith("...") and cut.startswith("failed packages:")


def test_empty_stream() -> None:
    report = parse("")
    assert (report.passed, report.failed, report.skipped, report.failed_packages) == (
        [],
        [],
        [],
        [],
    )


def test_a_timeout_filed_under_a_test_is_shown() -> None:
    """Go 1.26's test2json puts a timeout's panic in the running test's output and may end
    that test with "pass"; the package's failure must still show the panic."""
    stream = events(
        {"Action": "run", "Package": "m/p", "Test": "TestSlow"},
        {"Action": "output", "Package": "m/p", "Test": "TestSlow", "Output": "setup\n"},
        {
            "Action": "output",
            "Package": "m/p",
            "Test": "TestSlow",
            "Output": "panic: test timed out after 10m0s\n",
        },
        {"Action": "output", "Package": "m/p", "Test": "TestSlow", "Output": "\trunning tests:\n"},
        {
            "Action": "output",
            "Package": "m/p",
            "Test": "TestSlow",
            "Output": "\t\tTestSlow (10m0s)\n",
        },
        {"Action": "pass", "Package": "m/p", "Test": "TestSlow"},
        {"Action": "output", "Package": "m/p", "Output": "FAIL\tm/p\t600.019s\n"},
        {"Action": "fail", "Package": "m/p", "Elapsed": 600.019},
    )
    report = parse(stream)
    assert report.failed == [] and report.failed_packages == ["m/p"]
    text = report.failure_text()
    assert "--- m/p.TestSlow\npanic: test timed out after 10m0s" in text
    assert "TestSlow (10m0s)" in text and "setup" not in text
