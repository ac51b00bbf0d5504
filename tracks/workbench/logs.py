"""The app's JSON log lines (zerolog), read from a file: the request lines its logging
middleware writes, filtered, and every line of one request.

A JSON line has ``time``, ``level`` and ``message``; lines written in a request's context also
carry ``request_id``, ``trace_id`` and ``span_id`` (the app's ``logging.ContextHook``). The
request line (``internal/http/middleware/logger.go``) is the one with the message ``request``
and the fields ``method``, ``path``, ``status``, ``bytes``, ``duration_ms``, ``client_ip`` (and
``aborted`` for a request that never completed). The app logs JSON unless
``<PREFIX>_LOG_FORMAT=console``, which development defaults to: ``tracks dev`` runs the dev
server with ``<PREFIX>_LOG_FORMAT=json`` and writes its lines to :func:`dev_log_path`. Lines
that are not JSON objects (console format, a panic's stack) are counted and left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.errors import TracksError
from tracks.project import Project

#: Where the dev server's JSON lines go, relative to the app root: ``tmp/`` is git-ignored and
#: left out of Air's watch list in every app.
DEV_LOG = "tmp/dev.log"
#: The message of the logging middleware's line, one per request.
REQUEST_MESSAGE = "request"
#: zerolog's levels, least severe first.
LEVELS = ("trace", "debug", "info", "warn", "error", "fatal", "panic")


@dataclass(frozen=True)
class LogLine:
    """One JSON log line. The request fields are None on lines that do not have them."""

    #: 1-based line number in the file read.
    number: int
    time: str | None
    level: str | None
    message: str
    request_id: str | None
    trace_id: str | None
    method: str | None
    path: str | None
    status: int | None
    duration_ms: float | None
    #: Every field of the line, as written.
    fields: Mapping[str, Any]

    @property
    def is_request(self) -> bool:
        """The logging middleware's line for a completed (or aborted) request."""
        return self.message == REQUEST_MESSAGE and self.method is not None


@dataclass(frozen=True)
class LogRead:
    """What one read of a log file found: the JSON lines, the byte offset to read on from (the
    end of the last whole line), and how many lines were not JSON objects."""

    lines: tuple[LogLine, ...]
    offset: int
    skipped: int


def dev_log_path(project: Project) -> Path:
    """The file the dev server's JSON lines are written to (:data:`DEV_LOG`)."""
    return project.root / DEV_LOG


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def parse_line(text: str, number: int = 0) -> LogLine | None:
    """A log line from its JSON text; None when it is not a JSON object."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    status = _number(data.get("status"))
    return LogLine(
        number=number,
        time=_str(data.get("time")),
        level=_str(data.get("level")),
        message=str(data.get("message") or ""),
        request_id=_str(data.get("request_id")),
        trace_id=_str(data.get("trace_id")),
        method=_str(data.get("method")),
        path=_str(data.get("path")),
        status=int(status) if status is not None else None,
        duration_ms=_number(data.get("duration_ms")),
        fields=data,
    )


def parse_lines(text: str, first_number: int = 1) -> tuple[list[LogLine], int]:
    """The JSON lines of ``text`` and the number of non-empty lines that were not JSON."""
    lines: list[LogLine] = []
    skipped = 0
    for number, raw in enumerate(text.splitlines(), start=first_number):
        if not raw.strip():
            continue
        line = parse_line(raw, number)
        if line is None:
            skipped += 1
        else:
            lines.append(line)
    return lines, skipped


def read_log(path: Path, offset: int = 0, first_number: int = 1) -> LogRead:
    """The whole lines of ``path`` from byte ``offset`` on; a half-written last line is left for
    the next read. To follow a file, pass the returned ``offset`` (and line count + 1) back in.
    A file that shrank (rotated, truncated) is read from its start.

    Raises TracksError (exit code 1) when the file cannot be read.
    """
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            if offset > size:
                offset, first_number = 0, 1
            handle.seek(offset)
            data = handle.read()
    except OSError as exc:
        raise TracksError(
            f"cannot read the log {path}: {exc.strerror or exc}",
            hint="run the dev server with its JSON lines sent to that file "
            "(<PREFIX>_LOG_FORMAT=json)",
            exit_code=1,
        ) from exc
    end = data.rfind(b"\n") + 1
    lines, skipped = parse_lines(data[:end].decode(errors="replace"), first_number)
    return LogRead(tuple(lines), offset + end, skipped)


def _level_at_least(level: str | None, minimum: str) -> bool:
    if level not in LEVELS:
        return False
    return LEVELS.index(level) >= LEVELS.index(minimum)


def _status_matches(status: int | None, wanted: int | str) -> bool:
    """``wanted`` is a code (404, "404") or a class ("4xx")."""
    if status is None:
        return False
    text = str(wanted).lower()
    if len(text) == 3 and text.endswith("xx") and text[0].isdigit():
        return status // 100 == int(text[0])
    return text.isdigit() and status == int(text)


def check_filters(level: str | None = None, status: int | str | None = None) -> None:
    """Refuse a level or a status that no line can have (TracksError, exit code 2)."""
    if level is not None and level not in LEVELS:
        raise TracksError(f"unknown log level {level!r}", hint=f"one of {', '.join(LEVELS)}")
    if status is not None:
        text = str(status).lower()
        if not (text.isdigit() or (len(text) == 3 and text.endswith("xx") and text[0].isdigit())):
            raise TracksError(
                f"bad status filter {status!r}", hint="a code such as 404, or a class such as 5xx"
            )


def filter_requests(
    lines: Iterable[LogLine],
    limit: int | None = 50,
    level: str | None = None,
    path_contains: str | None = None,
    status: int | str | None = None,
    request_id: str | None = None,
) -> list[LogLine]:
    """The last ``limit`` request lines (None: all), oldest first, that match every filter
    given: ``level`` and more severe (``warn`` gives warn, error, ...), a ``path`` containing
    ``path_contains``, a ``status`` code or class (``404``, ``"5xx"``), a ``request_id``.

    Raises TracksError (exit code 2) for an unknown level or a malformed status.
    """
    check_filters(level, status)
    found = [
        line
        for line in lines
        if line.is_request
        and (level is None or _level_at_least(line.level, level))
        and (path_contains is None or path_contains in (line.path or ""))
        and (status is None or _status_matches(line.status, status))
        and (request_id is None or line.request_id == request_id)
    ]
    return found if limit is None else found[-limit:] if limit > 0 else []


def tail_requests(
    path: Path,
    limit: int = 50,
    level: str | None = None,
    path_contains: str | None = None,
    status: int | str | None = None,
    request_id: str | None = None,
) -> list[LogLine]:
    """:func:`filter_requests` over the whole file ``path``."""
    check_filters(level, status)
    return filter_requests(
        read_log(path).lines,
        limit=limit,
        level=level,
        path_contains=path_contains,
        status=status,
        request_id=request_id,
    )


def group_by_request(lines: Iterable[LogLine]) -> dict[str, list[LogLine]]:
    """Lines by request id, in the order each request first appears; lines without one are
    left out."""
    groups: dict[str, list[LogLine]] = {}
    for line in lines:
        if line.request_id:
            groups.setdefault(line.request_id, []).append(line)
    return groups


def request_lines(lines: Iterable[LogLine], request_id: str) -> list[LogLine]:
    """Every line of one request: what its handlers logged, then its request line."""
    return [line for line in lines if line.request_id == request_id]
