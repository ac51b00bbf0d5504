"""Tools that check the app: run_tests (`tracks test`), check_coverage (`make cover`) and lint
(`make lint`: go vet, gofmt, golangci-lint)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from model.errors import TracksError
from tracks.mcp.common import App, call, progress, tail
from tracks.mcp.safety import confine_package
from tracks.project import Project

if TYPE_CHECKING:  # the runner loads plumbum: imported when a tool runs a program
    from tracks.workbench.process import CommandResult, OnLine

CHECKS = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)
#: The failing tests' output kept per failure.
FAILURE_OUTPUT = 4000
COVERAGE_TOTAL = re.compile(r"^total:\s+\(statements\)\s+([\d.]+)%", re.M)
COVERAGE_MIN = re.compile(r"^COVERAGE_MIN\s*\??:?=\s*([\d.]+)", re.M)
#: golangci-lint's and go vet's `file:line:col: message (linter)` lines.
ISSUE = re.compile(r"^(?:vet: )?(?P<file>[\w./-]+\.go):(?P<line>\d+)(?::\d+)?: (?P<text>.+)$")
LINTER = re.compile(r"^(?P<text>.*) \((?P<linter>[\w-]+)\)$")

Package = Annotated[str, Field(min_length=1, max_length=300)]


def make(project: Project, target: str, on_line: OnLine) -> CommandResult:
    """``make TARGET`` at the app root, output handed to ``on_line``."""
    from tracks.workbench.process import run_lines

    if not (project.root / "Makefile").is_file():
        raise TracksError(f"{project.root} has no Makefile, so no `make {target}`")
    return run_lines(
        ["make", "--no-print-directory", target],
        cwd=project.root,
        on_line=on_line,
        hint="install make",
    )


def coverage_summary(output: str, makefile: str) -> dict[str, Any]:
    totals = COVERAGE_TOTAL.findall(output)
    minimum = COVERAGE_MIN.search(makefile)
    return {
        "total_percent": float(totals[-1]) if totals else None,
        "minimum_percent": float(minimum.group(1)) if minimum else None,
    }


def lint_issues(output: str) -> list[dict[str, str | int | None]]:
    issues: list[dict[str, str | int | None]] = []
    for line in output.splitlines():
        match = ISSUE.match(line.strip())
        if match is None:
            continue
        text = match.group("text")
        linter = LINTER.match(text)
        issues.append(
            {
                "location": f"{match.group('file')}:{match.group('line')}",
                "message": linter.group("text") if linter else text,
                "linter": linter.group("linter") if linter else None,
            }
        )
    return issues


def register(server: MCPServer, app: App) -> None:
    @server.tool(annotations=CHECKS)
    async def run_tests(
        ctx: Context,
        packages: Annotated[
            list[Package],
            Field(max_length=50, description="only these packages, e.g. ./internal/..."),
        ] = [],  # noqa: B006 - pydantic copies defaults
        run: Annotated[
            str | None, Field(max_length=300, description="only tests matching (go -run)")
        ] = None,
    ) -> dict[str, Any]:
        """Run the app's tests (`tracks test`: its Makefile's GO_TEST, -json): passed, failed
        and skipped counts, and each failure with its file:line and output."""
        from tracks.commands.test import run_tests as run_app_tests

        project = await call(app.project)
        chosen = [await call(confine_package, project.root, p) for p in packages]
        outcome = await call(run_app_tests, project, chosen, run, False, progress(ctx))
        summary = outcome.summary
        result: dict[str, Any] = {
            "ok": outcome.ok,
            "exit_code": outcome.code,
            "packages": chosen or ["./..."],
        }
        if summary is None:
            result["summary"] = None
            result["output"] = tail(outcome.output)
            return result
        result["summary"] = {
            "passed": summary.passed,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "packages": summary.packages,
            "line": summary.line,
        }
        result["failed_packages"] = list(summary.failed_packages)
        result["failures"] = [
            {
                "name": failure.name,
                "package": failure.package,
                "location": failure.location,
                "output": failure.output[-FAILURE_OUTPUT:],
            }
            for failure in summary.failures
        ]
        return result

    @server.tool(annotations=CHECKS)
    async def check_coverage(ctx: Context) -> dict[str, Any]:
        """`make cover`: the app's test coverage (generated code left out) against its
        COVERAGE_MIN; bin/cover.html shows each line."""
        project = await call(app.project)
        outcome = await call(make, project, "cover", progress(ctx))
        makefile = (project.root / "Makefile").read_text(encoding="utf-8", errors="replace")
        return {
            "ok": outcome.ok,
            "exit_code": outcome.code,
            **coverage_summary(outcome.output, makefile),
            "output": tail(outcome.output, 20),
        }

    @server.tool(annotations=CHECKS)
    async def lint(ctx: Context) -> dict[str, Any]:
        """`make lint`: go vet, gofmt and golangci-lint (the first run builds golangci-lint):
        each issue with its file:line and linter."""
        project = await call(app.project)
        outcome = await call(make, project, "lint", progress(ctx))
        issues = lint_issues(outcome.output)
        return {
            "ok": outcome.ok,
            "exit_code": outcome.code,
            "issues": issues[:200],
            "issue_count": len(issues),
            "output": tail(outcome.output, 30),
        }
