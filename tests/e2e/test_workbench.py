"""e2e tier: the workbench against a real app: migration status, `migrate up` and the schema of
each driver's database (through the app's own ./cmd/migrate, then read back from the
database), and the request log and Prometheus metrics of the running server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.test_web import PREFIX, production_env
from tests.support import postgres, server
from tests.support.paths import DRIVERS
from tracks.project import find_project
from tracks.workbench.logs import filter_requests, read_log, request_lines, tail_requests
from tracks.workbench.metrics import metrics_url, request_stats, scrape
from tracks.workbench.migrations import migrate_up, migration_status
from tracks.workbench.schema import describe_schema

pytestmark = pytest.mark.e2e


def test_migrations_and_schema(
    rendered_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    driver: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in database_env(driver).items():
        monkeypatch.setenv(key, value)
    project = find_project(rendered_app(driver))
    assert project is not None
    files = sorted(p.name for p in (project.root / "internal/db/migrations").glob("*.sql"))

    before = migration_status(project)
    assert [m.file for m in before.migrations] == files
    assert before.pending == before.migrations and before.current_version is None

    seen: list[str] = []
    result = migrate_up(project, on_line=seen.append)
    assert result.ok, result.output
    assert all(any(name in line for line in seen) for name in files), seen

    after = migration_status(project)
    assert after.pending == ()
    assert after.current_version == max(m.version for m in after.migrations)
    assert all(m.applied_at for m in after.migrations)

    schema = describe_schema(project)
    assert schema.driver == driver
    names = {t.name for t in schema.tables}
    assert {"users", "sessions", "roles", "files", "goose_db_version"} <= names, names
    users = schema.table("users")
    assert users is not None and users.rows == 0
    columns = {c.name: c for c in users.columns}
    assert columns["id"].primary_key and not columns["id"].nullable
    assert not columns["email"].nullable and columns["phone"].nullable
    assert any(i.unique and i.columns == ("email",) for i in users.indexes), users.indexes
    versions = schema.table("goose_db_version")
    assert versions is not None
    assert versions.rows == len(files) + 1  # goose's own version 0, then one row per migration
    if driver == "postgres":
        assert users.schema == "public"
        assert ":xxxxx@" in schema.location and postgres.PASSWORD_MARKER not in schema.location


def test_request_log_and_metrics_of_the_running_app(
    built_app: Callable[[str], Path],
    database_env: Callable[[str], dict[str, str]],
    tmp_path: Path,
) -> None:
    driver = DRIVERS[0]
    app = built_app(driver)
    project = find_project(app)
    assert project is not None
    env = production_env(
        database_env(driver),
        MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
        OBSERVABILITY_METRICS_ADDR="127.0.0.1:0",
    )
    log = tmp_path / "server.log"
    running = server.start(app / "bin/server", app, PREFIX, env, log)
    try:
        running.wait_until("/readyz", 200)
        url = metrics_url(project, read_log(log).lines)
        assert url and url.startswith("http://127.0.0.1:") and not url.endswith(":0/metrics")

        first = scrape(url)
        for path, times in (("/", 5), ("/about", 3), ("/nope", 2)):
            for _ in range(times):
                running.request("GET", path)
        second = scrape(url)

        stats = request_stats(second, first)
        assert stats.requests == 10
        assert stats.rate is not None and stats.rate > 0
        assert stats.p50 is not None and stats.p99 is not None and 0 < stats.p50 <= stats.p99
        assert request_stats(second, first, route="/about").requests == 3

        lines = read_log(log).lines
        missing = tail_requests(log, status=404)
        assert [(r.method, r.path, r.status, r.level) for r in missing] == [
            ("GET", "/nope", 404, "warn"),
            ("GET", "/nope", 404, "warn"),
        ]
        about = filter_requests(lines, path_contains="/about", level="info")
        assert len(about) == 3 and all(r.duration_ms is not None for r in about)
        one = about[-1]
        assert one.request_id and one.trace_id
        assert request_lines(lines, one.request_id)[-1] == one
    finally:
        assert running.terminate() == 0, running.log()
