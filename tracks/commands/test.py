"""``tracks test [PACKAGE...] [--run REGEX] [--ci]``: run the app's tests through its Makefile
and end with ``N passed, N failed, N skipped``.

The Makefile owns how the app's tests run: its ``GO_TEST`` variable is ``go test`` with what
the driver needs (on PostgreSQL, the ``.env`` the tests read the server from). So:

- ``tracks test`` runs ``make test`` with one more makefile after the app's, which adds
  ``-json`` to ``GO_TEST`` (and ``-run REGEX`` with ``--run``); with packages it runs
  ``$(GO_TEST) PACKAGE...`` the same way. The event stream is read as it comes
  (:class:`tracks.workbench.gotest.GoTestStream`): a line per package, the output of each
  failing test, then the summary.
- ``tracks test --ci`` runs ``make test-ci`` as it is (fresh generated code, race detector,
  coverage floor, end-to-end tests, no test may skip), whose own ``tests/testreport`` shows the
  progress and keeps the events in ``bin/test.json`` and ``bin/test-e2e.json``; the summary
  is read from those files.

An app without a Makefile (or one without ``GO_TEST``, or no ``make`` here) runs
``go test -json ./...`` instead, with a notice. Exit codes: 0 every test passed, 1 a test or a
step failed, 2 not inside an app (or ``--ci`` with packages).
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hooks import runner
from model.errors import TracksError
from tracks.commands.db import GO_HINT
from tracks.project import Project, require_project
from tracks.workbench.gotest import GoTestStream, TestSummary, parse_go_test_json
from tracks.workbench.process import OnLine, run_lines

MAKEFILE = "Makefile"
#: The raw event streams ``make test-ci`` keeps (tests/testreport -o).
CI_REPORTS = ("bin/test.json", "bin/test-e2e.json")
TARGET = "tracks-test"
_GO_TEST = re.compile(r"^GO_TEST\s*:?=", re.M)
#: Read after the app's Makefile: the same GO_TEST, with -json; a target for given packages.
JSON_MAKEFILE = f"""\
# Written by `tracks test`: the app's GO_TEST, reporting test2json events.
GO_TEST := $(GO_TEST) -json
ifdef TRACKS_GO_TEST_FLAGS
GO_TEST := $(GO_TEST) $(TRACKS_GO_TEST_FLAGS)
endif

.PHONY: {TARGET}
{TARGET}:
\t$(GO_TEST) $(TRACKS_PACKAGES)
"""


@dataclass(frozen=True)
class TestRun:
    """A finished test run: the command, its exit code, the summary of its events (None when
    no test reported: a step before the tests failed) and every line it printed that was no
    test event (for ``--ci``: all of them)."""

    __test__ = False  # not a pytest class

    argv: tuple[str, ...]
    code: int
    summary: TestSummary | None
    output: str

    @property
    def ok(self) -> bool:
        return self.code == 0 and (self.summary is None or self.summary.ok)


def module_path(project: Project) -> str | None:
    """The app's Go module path: go.mod's ``module`` line, else the answer."""
    try:
        text = (project.root / "go.mod").read_text(encoding="utf-8")
    except OSError:
        text = ""
    m = re.search(r"^module\s+(\S+)", text, re.M)
    if m:
        return m.group(1)
    answer = project.answers.get("module_path")
    return str(answer) if answer else None


def uses_make(project: Project) -> bool:
    """Whether the app's tests can run through its Makefile: it defines GO_TEST, and make is
    here."""
    try:
        text = (project.root / MAKEFILE).read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(_GO_TEST.search(text)) and runner.which("make") is not None


def go_test_flags(run: str | None) -> list[str]:
    return ["-run", run] if run else []


def make_words(words: Sequence[str]) -> str:
    """``words`` as a make variable's value that reaches the shell as these words: quoted for
    the shell, and ``$`` doubled so make does not expand it (``-run 'TestA$|TestB'``)."""
    return shlex.join(words).replace("$", "$$")


def check_args(ci: bool, packages: Sequence[str], run: str | None) -> None:
    if ci and (packages or run):
        raise TracksError(
            "--ci runs the app's whole `make test-ci`: it takes no packages and no --run",
            hint="run `tracks test PACKAGE... [--run REGEX]` for a part of the tests",
        )
    for package in packages:
        if package.startswith("-"):
            raise TracksError(
                f"not a package: {package!r}", hint="for example: tracks test ./internal/..."
            )


def run_tests(
    project: Project,
    packages: Sequence[str] = (),
    run: str | None = None,
    ci: bool = False,
    on_line: OnLine | None = None,
) -> TestRun:
    """Run the app's tests (see the module's docstring) at the project root, handing each line
    to show to ``on_line`` as it comes, and return the run.

    Raises TracksError for bad arguments (exit code 2), a missing make for ``--ci`` or a
    missing go (exit code 1); a failing test is no error here: see :attr:`TestRun.ok`.
    """
    check_args(ci, packages, run)
    if ci:
        return _run_ci(project, on_line)
    module = module_path(project)
    stream = GoTestStream(module=module, root=project.root)
    shown: list[str] = []

    def feed(line: str) -> None:
        for text in stream.feed(line):
            shown.append(text)
            if on_line is not None:
                on_line(text)

    if uses_make(project):
        with tempfile.TemporaryDirectory(prefix="tracks-test-") as tmp:
            extra = Path(tmp) / "tracks-test.mk"
            extra.write_text(JSON_MAKEFILE, encoding="utf-8")
            argv = ["make", "--no-print-directory", "-f", MAKEFILE, "-f", str(extra)]
            argv.append(TARGET if packages else "test")
            if packages:
                argv.append("TRACKS_PACKAGES=" + make_words(packages))
            if run:
                argv.append("TRACKS_GO_TEST_FLAGS=" + make_words(go_test_flags(run)))
            result = run_lines(argv, cwd=project.root, on_line=feed)
    else:
        print(
            "notice: the app has no Makefile with GO_TEST (or make is missing): running "
            "`go test -json` directly",
            file=sys.stderr,
        )
        argv = ["go", "test", "-json", *go_test_flags(run), *(packages or ["./..."])]
        result = run_lines(argv, cwd=project.root, on_line=feed, hint=GO_HINT)
    summary = stream.summary()
    reported = summary.packages > 0
    return TestRun(result.argv, result.code, summary if reported else None, "\n".join(shown))


def _run_ci(project: Project, on_line: OnLine | None) -> TestRun:
    if not (project.root / MAKEFILE).is_file():
        raise TracksError(
            f"{project.root} has no {MAKEFILE}, so no `make test-ci`",
            hint="run `tracks test` (plain `go test`) instead",
        )
    if runner.which("make") is None:
        raise TracksError(
            "make not found on PATH", hint="install make (`make test-ci` needs it)", exit_code=1
        )
    reports = [project.root / rel for rel in CI_REPORTS]
    for report in reports:
        report.unlink(missing_ok=True)  # a report left by an earlier run must not count
    result = run_lines(["make", "--no-print-directory", "test-ci"], project.root, on_line)
    streams = [r.read_text(encoding="utf-8", errors="replace") for r in reports if r.is_file()]
    summary = (
        parse_go_test_json("\n".join(streams), module=module_path(project), root=project.root)
        if streams
        else None
    )
    if summary is not None and summary.packages == 0:
        summary = None
    return TestRun(result.argv, result.code, summary, result.output)


def test(
    packages: Sequence[str] = (),
    run: str | None = None,
    ci: bool = False,
    cwd: Path | None = None,
) -> int:
    """``tracks test``: run the tests with progress, then the failures and the summary line;
    0 when every test passed."""
    project = require_project(cwd)
    outcome = run_tests(project, packages, run=run, ci=ci, on_line=lambda line: print(line))
    summary = outcome.summary
    if summary is not None:
        if summary.failures:
            print("\nfailures:")
            for failure in summary.failures:
                where = f" ({failure.location})" if failure.location else ""
                print(f"  {failure.name}{where}")
        print(summary.line)
    if outcome.ok:
        return 0
    if summary is not None and not summary.ok:
        raise TracksError(
            f"{summary.failed} test(s) failed" if summary.failed else "a package failed",
            hint="their output is above",
            exit_code=1,
        )
    command = "make test-ci" if ci else "make test" if outcome.argv[0] == "make" else "go test"
    raise TracksError(
        f"`{command}` exited with status {outcome.code} (its output is above)",
        hint="the step before the tests failed" if summary is None else None,
        exit_code=1,
    )
