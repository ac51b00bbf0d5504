"""Read ``go test -json`` (the test2json event stream) into a summary: how many tests passed,
failed and skipped (subtests included, as the app's own tests/testreport counts them), and each
failure with its package, test, ``file:line`` and output.

Events carry ``Action`` (run, pause, cont, pass, fail, skip, output, build-output, build-fail,
start), ``Package`` (build events: ``ImportPath``, e.g. ``example.com/x [example.com/x.test]``) and,
for a test's own events, ``Test`` (subtests as ``Parent/sub``). A package without test
files reports ``skip`` without a ``Test``: that is no skipped test. A package that failed to
build ends with ``fail`` and ``FailedBuild`` naming the build that failed.

:class:`GoTestStream` reads the stream a line at a time and says what to show as it goes
(``tracks test``'s progress); :func:`parse_go_test_json` reads a whole stream, and
:func:`read_report` the file ``make test-ci`` keeps (``bin/test.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from model.errors import TracksError

#: A test's message or a compiler error: ``    posts_test.go:42: got ...``,
#: ``internal/x/x.go:12:3: undefined: y``.
_MESSAGE_AT = re.compile(r"^\s*(?P<file>[^\s:]+\.go):(?P<line>\d+)(?::\d+)?: ")
#: A frame of a panic's stack: ``\t/home/me/shop/internal/x/x_test.go:31 +0x1d``.
_FRAME_AT = re.compile(r"^\t(?P<file>\S+\.go):(?P<line>\d+)(?: \+0x[0-9a-f]+)?$")
#: Frames of Go itself, which never locate the app's failure.
_GO_FRAMES = ("/src/runtime/", "/src/testing/", "/src/reflect/", "/src/internal/")


@dataclass(frozen=True)
class TestFailure:
    """One failure: a test (the innermost failing subtest), or a package that failed as a whole
    (``test`` None: a build error, a panic outside a test, a failing TestMain)."""

    __test__ = False  # not a pytest class

    package: str
    test: str | None
    #: ``file:line`` of the test's last message (``t.Fatal`` ends a test; a build error: its
    #: first), else of the first frame of the app's code in a panic; the file relative to the
    #: app root when the module path (or for a frame, the root) is known; else None.
    location: str | None
    output: str

    @property
    def name(self) -> str:
        """``package.Test/sub``, or the package."""
        return f"{self.package}.{self.test}" if self.test else self.package


@dataclass(frozen=True)
class TestSummary:
    """What a ``go test -json`` run said."""

    __test__ = False  # not a pytest class

    passed: int
    failed: int
    skipped: int
    #: Packages that reported a result.
    packages: int
    #: Every package that failed, with or without failing tests, in the order they finished.
    failed_packages: tuple[str, ...]
    failures: tuple[TestFailure, ...]
    #: Lines that were no events (make's echo of the command, go's own early errors).
    other: tuple[str, ...] = ()
    #: Skipped tests (``package.Test``), in order.
    skipped_tests: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """No test and no package failed (skips are fine)."""
        return self.failed == 0 and not self.failed_packages

    @property
    def line(self) -> str:
        """``N passed, N failed, N skipped``, and the packages that failed without a failing
        test (a build error, say) when there are any."""
        text = f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"
        broken = [f.package for f in self.failures if f.test is None]
        if broken:
            text += f"; {len(broken)} package(s) failed as a whole: {', '.join(broken)}"
        return text


@dataclass
class GoTestStream:
    """An incremental reader of ``go test -json``: :meth:`feed` each line as it arrives, show
    what it returns, and take :meth:`summary` at the end.

    ``module`` (the app's module path) turns a bare file name in a location into a path
    relative to the app root, and ``root`` (the app root) an absolute path of a panic's frame.
    """

    module: str | None = None
    root: Path | None = None
    _passed: int = field(default=0, init=False, repr=False)
    _skipped: list[str] = field(default_factory=list, init=False, repr=False)
    _failed: list[tuple[str, str]] = field(default_factory=list, init=False, repr=False)
    _packages: int = field(default=0, init=False, repr=False)
    _failed_packages: list[str] = field(default_factory=list, init=False, repr=False)
    _package_output: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _output: dict[tuple[str, str], list[str]] = field(default_factory=dict, init=False, repr=False)
    _failure_output: dict[tuple[str, str], str] = field(
        default_factory=dict, init=False, repr=False
    )
    _other: list[str] = field(default_factory=list, init=False, repr=False)

    def feed(self, line: str) -> list[str]:
        """Read one line of the stream; return the lines to show for it now: a package's
        result (``ok   pkg 0.3s``, ``FAIL pkg 1.2s``), a failed test's output, and any line
        that is not an event, as it is."""
        if not line.strip():
            return []
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            event = None
        if not isinstance(event, dict):
            self._other.append(line)
            return [line]
        return self._event(event)

    def _event(self, event: dict) -> list[str]:
        action = str(event.get("Action") or "")
        package = str(event.get("Package") or "")
        import_path = str(event.get("ImportPath") or "")
        test = str(event.get("Test") or "")
        if action in ("output", "build-output"):
            text = str(event.get("Output") or "")
            if import_path and not package:  # build output: `pkg [pkg.test]`
                self._package_output[import_path] = self._package_output.get(import_path, "") + text
            else:
                self._output.setdefault((package, test), []).append(text)
            return []
        if action not in ("pass", "fail", "skip") or not package:
            return []
        elapsed = float(event.get("Elapsed") or 0)
        key = (package, test)
        text = _strip_framing("".join(self._output.pop(key, [])))
        if test:
            if action == "pass":
                self._passed += 1
            elif action == "skip":
                self._skipped.append(f"{package}.{test}")
            else:
                self._failed.append(key)
                self._failure_output[key] = text
                return text.splitlines()
            return []
        self._packages += 1
        if action == "pass":
            return [f"ok   {package} {elapsed:.1f}s"]
        if action == "fail":
            self._failed_packages.append(package)
            build = str(event.get("FailedBuild") or "")
            own = _strip_results(self._package_output.get(build, "") if build else "", text)
            self._package_output[package] = own
            failing_tests = any(p == package for p, _ in self._failed)
            shown = [] if failing_tests else own.splitlines()
            return [*shown, f"FAIL {package} {elapsed:.1f}s"]
        return []  # a package without test files

    def summary(self) -> TestSummary:
        """The totals and failures read so far."""
        failed_tests = [f"{package}.{test}" for package, test in self._failed]
        failures: list[TestFailure] = []
        for package, test in self._failed:
            name = f"{package}.{test}"
            if any(other.startswith(name + "/") for other in failed_tests):
                continue  # a parent: its failing subtest says more
            output = self._failure_output.get((package, test), "")
            location = self._locate(package, output, last=True)
            failures.append(TestFailure(package, test, location, output))
        with_tests = {package for package, _ in self._failed}
        for package in self._failed_packages:
            if package not in with_tests:
                output = self._package_output.get(package, "")
                failures.append(TestFailure(package, None, self._locate(package, output), output))
        return TestSummary(
            passed=self._passed,
            failed=len(self._failed),
            skipped=len(self._skipped),
            packages=self._packages,
            failed_packages=tuple(self._failed_packages),
            failures=tuple(failures),
            other=tuple(self._other),
            skipped_tests=tuple(self._skipped),
        )

    def _locate(self, package: str, output: str, last: bool = False) -> str | None:
        """The first (``last``: the last) message's ``file:line``, else the first frame of
        the app's own code in a panic's stack."""
        messages = [m for line in output.splitlines() if (m := _MESSAGE_AT.match(line))]
        if messages:
            m = messages[-1] if last else messages[0]
            return f"{self._relative(package, m['file'])}:{m['line']}"
        for line in output.splitlines():
            m = _FRAME_AT.match(line)
            if m and not any(part in m["file"] for part in _GO_FRAMES):
                return f"{self._app_path(m['file'])}:{m['line']}"
        return None

    def _relative(self, package: str, file: str) -> str:
        """A bare file name Go printed for a test message, relative to the app root."""
        if "/" in file or not self.module:
            return file
        if package == self.module:
            return file
        if package.startswith(self.module + "/"):
            return f"{package.removeprefix(self.module + '/')}/{file}"
        return file

    def _app_path(self, path: str) -> str:
        """An absolute path of a stack frame, relative to the app root when it is inside it."""
        if self.root is not None:
            try:
                return Path(path).relative_to(self.root).as_posix()
            except ValueError:
                pass
        return path


def _strip_results(*texts: str) -> str:
    """A package's output without go test's result lines (``PASS``, ``FAIL``,
    ``ok  <TAB>pkg``, ``FAIL<TAB>pkg``), which the summary says again."""
    lines = "".join(texts).splitlines(keepends=True)
    kept = [
        line
        for line in lines
        if line.strip() not in ("PASS", "FAIL") and not line.startswith(("ok  \t", "FAIL\t"))
    ]
    return "".join(kept)


def _strip_framing(text: str) -> str:
    """A test's output without go test's framing lines (``=== RUN``, ``=== PAUSE``,
    ``=== CONT``, ``=== NAME``)."""
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith("=== ")]
    return "".join(kept)


def parse_go_test_json(
    text: str, module: str | None = None, root: Path | None = None
) -> TestSummary:
    """The summary of a whole ``go test -json`` stream (see :class:`GoTestStream`)."""
    stream = GoTestStream(module=module, root=root)
    for line in text.splitlines():
        stream.feed(line)
    return stream.summary()


def read_report(path: Path, module: str | None = None, root: Path | None = None) -> TestSummary:
    """The summary of a saved stream, such as the ``bin/test.json`` of ``make test-ci``.

    Raises TracksError (exit code 1) when the file cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise TracksError(
            f"cannot read the test report {path}: {exc.strerror or exc}",
            hint="run the tests first (`tracks test --ci` writes bin/test.json)",
            exit_code=1,
        ) from exc
    return parse_go_test_json(text, module=module, root=root)
