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

    def failure_text(self, limit: int = 12000) -> str:
        """The output of every failed test and package, for an assertion message."""
        parts: list[str] = []
        for name in [*self.failed, *self.failed_packages]:
            parts.append(f"--- {name}\n" + "".join(self.output.get(name, [])))
        if self.other:
            parts.append("--- not test events\n" + "\n".join(self.other))
        text = "\n".join(parts)
        return text if len(text) <= limit else "...\n" + text[-limit:]


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
    # A package that failed only because some of its tests did is named by those tests.
    failing = {name.rsplit(".", 1)[0] for name in report.failed}
    report.failed_packages = [p for p in report.failed_packages if p not in failing]
    return report
