"""tracks/workbench/logs.py on real JSON log lines of a generated app (data/dev.log: a
go-libsql app's startup and request lines, a console-format line, and a recovered panic with
its 500 request line shaped as internal/http/middleware/recoverer.go writes them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tests.unit.workbench.conftest import DATA
from tracks.project import Project
from tracks.workbench.logs import (
    DEV_LOG,
    dev_log_path,
    filter_requests,
    group_by_request,
    parse_line,
    read_log,
    request_lines,
    tail_requests,
)

pytestmark = pytest.mark.unit

LOG = DATA / "dev.log"
PANIC_REQUEST = "Q4ZC6LRJ2NYXUBKD2WTHOJ3V7M"


def test_reads_every_json_line_and_counts_the_others() -> None:
    read = read_log(LOG)
    assert len(read.lines) == 20
    assert read.skipped == 1  # the console-format line
    assert read.offset == LOG.stat().st_size
    assert [line.number for line in read.lines[:2]] == [1, 2]
    first_request = next(line for line in read.lines if line.is_request)
    assert first_request.method == "GET"
    assert first_request.path == "/"
    assert first_request.status == 200
    assert first_request.duration_ms == pytest.approx(0.593)
    assert first_request.level == "info"
    assert first_request.request_id == "3KXCKTIQKSQS7ED6ZJRK7FKIZD"
    assert first_request.trace_id == "86c6190020c5583975c5e60bc3c68b3b"
    assert first_request.fields["client_ip"] == "127.0.0.1"


def test_only_the_middleware_lines_are_requests() -> None:
    lines = read_log(LOG).lines
    probe = next(line for line in lines if line.message == "probe")
    panic = next(line for line in lines if line.message == "panic")
    assert not probe.is_request  # has a path, but no method
    assert not panic.is_request  # has method and path, but is the Recoverer's line
    assert sum(line.is_request for line in lines) == 11


def test_filters() -> None:
    lines = read_log(LOG).lines
    paths = lambda found: [line.path for line in found]  # noqa: E731
    assert paths(filter_requests(lines, level="warn")) == ["/nope", "/login", "/posts/7"]
    assert paths(filter_requests(lines, level="error")) == ["/login", "/posts/7"]
    assert paths(filter_requests(lines, status="5xx")) == ["/login", "/posts/7"]
    assert paths(filter_requests(lines, status=404)) == ["/nope", "/assets/x.css"]
    assert paths(filter_requests(lines, status="404", level="debug")) == ["/nope", "/assets/x.css"]
    assert paths(filter_requests(lines, path_contains="about")) == ["/about", "/about"]
    assert paths(filter_requests(lines, request_id=PANIC_REQUEST)) == ["/posts/7"]
    assert paths(filter_requests(lines, limit=2)) == ["/login", "/posts/7"]
    assert len(filter_requests(lines, limit=None)) == 11
    assert filter_requests(lines, limit=0) == []
    assert filter_requests(lines, status="2xx", path_contains="/posts") == []


@pytest.mark.parametrize(("level", "status"), [("loud", None), (None, "5x"), (None, "abc")])
def test_bad_filters_are_refused(level: str | None, status: str | None) -> None:
    with pytest.raises(TracksError) as err:
        filter_requests([], level=level, status=status)
    assert err.value.exit_code == 2


def test_tail_requests_reads_the_file() -> None:
    found = tail_requests(LOG, limit=3, level="info")
    assert [(line.method, line.path, line.status) for line in found] == [
        ("GET", "/", 200),
        ("POST", "/login", 503),
        ("GET", "/posts/7", 500),
    ]


def test_lines_of_one_request() -> None:
    lines = read_log(LOG).lines
    mine = request_lines(lines, PANIC_REQUEST)
    assert [line.message for line in mine] == ["panic", "request"]
    assert "nil pointer dereference" in mine[0].fields["panic"]
    groups = group_by_request(lines)
    assert len(groups) == 11  # every request line, and the panic joins its request
    assert next(iter(groups)) == "3KXCKTIQKSQS7ED6ZJRK7FKIZD"
    assert groups[PANIC_REQUEST] == mine


def test_following_a_file_that_grows_and_is_truncated(tmp_path: Path) -> None:
    log = tmp_path / "dev.log"
    text = LOG.read_text().splitlines(keepends=True)
    log.write_text(text[0] + text[5][:40])  # the second line is half written
    first = read_log(log)
    assert [line.message for line in first.lines] == ["metrics listening"]
    with log.open("a") as handle:
        handle.write(text[5][40:] + text[6])
    second = read_log(log, first.offset, first_number=2)
    assert [(line.number, line.path) for line in second.lines] == [(2, "/"), (3, "/about")]
    log.write_text(text[7])  # rotated: shorter than the offset
    third = read_log(log, second.offset, first_number=4)
    assert [(line.number, line.path) for line in third.lines] == [(1, "/nope")]


def test_parse_line_rejects_what_is_not_an_object() -> None:
    assert parse_line("[1, 2]") is None
    assert parse_line("12:00:01 INF request method=GET") is None
    line = parse_line('{"message": "request", "method": "GET", "status": "200"}', 7)
    assert line is not None and line.number == 7
    assert line.status is None  # a status that is no number is not guessed


def test_unreadable_log(tmp_path: Path) -> None:
    with pytest.raises(TracksError) as err:
        read_log(tmp_path / "none.log")
    assert err.value.exit_code == 1
    assert "none.log" in err.value.message


def test_dev_log_path(tmp_path: Path) -> None:
    project = Project(root=tmp_path, answers={"database": "sqlite3"})
    assert dev_log_path(project) == tmp_path / DEV_LOG
    assert DEV_LOG.startswith("tmp/")  # git-ignored and outside Air's watch in every app
