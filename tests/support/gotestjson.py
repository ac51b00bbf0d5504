"""Read `go test -json` output (the test2json event stream): which tests passed, failed or
skipped, with each failure's own output, so a test can fail naming them.

Events carry Action (run, pass, fail, skip, output, build-output, build-fail, ...), Package (or
ImportPath for build events) and, for a test's own events, Test (subtests as `Parent/sub`).
A package without test files reports `skip` with no Test: that is not a skipped test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Report:
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: Packages that failed as a whole: a build failure, a panic outside a test, TestMain.
    failed_packages: list[str] = field(default_factory=list)
    #: Output per test (`pkg.Test`) and per package (`pkg`), in order.
    output: dict[str, list[str]] = field(default_factory=dict)
    #: Lines that are not events (go's own messages on a broken setup).
    other: list[str] = field(default_factory=list)

    #: Every package that failed, with or without failing tests, in order.
    failing_packages: list[str] = field(default_factory=list)

    def failure_text(self, limit: int = 16000, lines: int = 30) -> str:
        """A summary (failed tests per package), a panic or timeout from its first line, then
        the last lines of each failed package's own output (a build error) and of each failed
        test's, cut to limit characters keeping the start."""
        per_package: dict[str, int] = {}
        for name in self.failed:
            package = name.rsplit(".", 1)[0]
            per_package[package] = per_package.get(package, 0) + 1
        summary = [
            f"{package}: {per_package.get(package, 0)} failed test(s)"
            for package in self.failing_packages
        ]
        parts = ["failed packages:\n  " + "\n  ".join(summary)] if summary else []
        # A timeout or a panic fails the package, but test2json files the panic under the test
        # that was running (which may even end as "pass"): show it from its first line.
        for package in self.failed_packages:
            for name, chunks in self.output.items():
                text = "".join(chunks)
                if name.startswith(package + ".") and "panic: " in text:
                    start = text.splitlines()
                    first = next(i for i, line in enumerate(start) if "panic: " in line)
                    parts.append(f"--- {name}\n" + "\n".join(start[first : first + lines]))
        for name in [*self.failing_packages, *self.failed]:
            tail = "".join(self.output.get(name, [])).splitlines()[-lines:]
            parts.append(f"--- {name}\n" + "\n".join(tail))
        if self.other:
            parts.append("--- not test events\n" + "\n".join(self.other[-lines:]))
        text = "\n".join(parts)
        return text if len(text) <= limit else text[:limit] + "\n..."


def parse(stream: str) -> Report:
    report = Report()
    for line in stream.splitlines():
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            report.other.append(line)
            continue
        if not isinstance(event, dict):
            report.other.append(line)
            continue
        action = event.get("Action")
        # Build events name `pkg [pkg.test]`; their output belongs to the package.
        package = str(event.get("Package") or event.get("ImportPath") or "").split(" ")[0]
        test = event.get("Test")
        name = f"{package}.{test}" if test else package
        if action in ("output", "build-output"):
            report.output.setdefault(name, []).append(str(event.get("Output", "")))
        elif action == "pass" and test:
            report.passed.append(name)
        elif action == "fail":
            (report.failed if test else report.failed_packages).append(name)
        elif action == "skip" and test:
            report.skipped.append(name)
    report.failing_packages = list(report.failed_packages)
    # A package that failed only because some of its tests did is named by those tests.
    failing = {name.rsplit(".", 1)[0] for name in report.failed}
    report.failed_packages = [p for p in report.failed_packages if p not in failing]
    return report
