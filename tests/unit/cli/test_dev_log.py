"""``tracks dev`` writes the dev log (``tmp/dev.log``) that ``tracks tui`` and ``tail_logs`` read:
the child runs with ``<PREFIX>_LOG_FORMAT=json``; its lines go unchanged to the file and, the JSON
ones rendered as the app's console format renders them, to the terminal.

The child is a fake ``air`` on the PATH (the app has a ``.air.toml``): a shell script that prints
JSON lines and plain lines on stdout and stderr, as Air and the server it runs do.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.unit.workbench.conftest import DATA
from tracks.commands.dev import console_line
from tracks.workbench.logs import read_log, tail_requests

from .conftest import tracks_command

pytestmark = pytest.mark.unit

LISTENING = {
    "level": "info",
    "service": "app",
    "version": "(devel)",
    "env": "development",
    "addr": "127.0.0.1:8080",
    "time": "2026-01-02T10:00:00.000Z",
    "message": "listening",
}
REQUEST = {
    "level": "warn",
    "service": "app",
    "version": "(devel)",
    "env": "development",
    "method": "GET",
    "path": "/nope",
    "status": 404,
    "bytes": 19,
    "duration_ms": 0.250,
    "client_ip": "127.0.0.1",
    "time": "2026-01-02T10:00:01.500Z",
    "request_id": "R1",
    "message": "request",
}
# As the app's console format (zerolog's ConsoleWriter, internal/logging) shows them, in UTC.
LISTENING_SHOWN = "10:00:00 INF listening addr=127.0.0.1:8080"
REQUEST_SHOWN = (
    "10:00:01 WRN request bytes=19 client_ip=127.0.0.1 duration_ms=0.250 method=GET path=/nope "
    "request_id=R1 status=404"
)


def fake_air(folder: Path) -> Path:
    """An ``air`` that prints what Air and the app print: its own plain lines, the app's JSON
    lines (the format it was given in $APP_LOG_FORMAT), a compiler error on stderr. With
    $CLEAN_TMP it deletes tmp/ before it exits, as Air's clean_on_exit does."""
    folder.mkdir(exist_ok=True)
    script = folder / "air"
    listening = json.dumps(LISTENING, separators=(",", ":"))
    request = json.dumps(REQUEST, separators=(",", ":")).replace("0.25,", "0.250,")
    script.write_text(
        "#!/bin/sh\n"
        'echo "watching ."\n'
        "echo 'main.go:3:2: undefined: x' >&2\n"
        f"echo '{listening}'\n"
        'echo "LOG_FORMAT=${APP_LOG_FORMAT:-unset}"\n'
        f"echo '{request}'\n"
        "printf 'no newline at the end' >&2\n"
        'if [ -n "${CLEAN_TMP:-}" ]; then rm -rf tmp; fi\n'
        'exit "${AIR_EXIT:-0}"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return folder


@pytest.fixture
def app(tmp_path: Path, project_factory: Callable[..., Path]) -> Path:
    root = project_factory(tmp_path / "app", database="go-libsql", env_prefix="APP")
    (root / ".air.toml").write_text('root = "."\n', encoding="utf-8")
    return root


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The fake air first on the PATH, no APP_* variable, the local time UTC."""
    bin_dir = fake_air(tmp_path / "bin")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    return {**clean, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "TZ": "UTC"}


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def written_lines() -> list[str]:
    """What the fake air writes, in order per stream."""
    listening = json.dumps(LISTENING, separators=(",", ":"))
    request = json.dumps(REQUEST, separators=(",", ":")).replace("0.25,", "0.250,")
    return [
        "watching .",
        "main.go:3:2: undefined: x",
        listening,
        "LOG_FORMAT=json",
        request,
        "no newline at the end",
    ]


def test_the_log_gets_every_line_and_the_terminal_a_readable_one(
    app: Path, env: dict[str, str], tracks_script
) -> None:
    result = tracks_script(["dev"], cwd=app, env={**env, "AIR_EXIT": "3"})

    assert result.code == 3, result.stderr
    # The terminal: JSON lines rendered, the others unchanged, each on its own stream.
    assert result.stdout.splitlines() == [
        "watching .",
        LISTENING_SHOWN,
        "LOG_FORMAT=json",
        REQUEST_SHOWN,
    ]
    assert result.stderr.splitlines() == [
        "main.go:3:2: undefined: x",
        "no newline at the end",
    ]
    # The file (tmp/ created): every line as written, stdout's in order and stderr's in order.
    log = app / "tmp" / "dev.log"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(written_lines())
    stdout_lines = [line for line in lines if line in {written_lines()[i] for i in (0, 2, 3, 4)}]
    assert stdout_lines == [written_lines()[i] for i in (0, 2, 3, 4)]
    assert log.read_bytes().endswith(b"\n")
    # What the TUI and tail_logs read from it.
    read = read_log(log)
    assert [line.message for line in read.lines] == ["listening", "request"]
    assert read.skipped == 4
    [request] = tail_requests(log)
    assert (request.path, request.status, request.request_id) == ("/nope", 404, "R1")


def test_each_run_starts_the_log_afresh(app: Path, env: dict[str, str], tracks_script) -> None:
    log = app / "tmp" / "dev.log"
    log.parent.mkdir()
    log.write_text("a line of an earlier run\n", encoding="utf-8")

    assert tracks_script(["dev"], cwd=app, env=env).code == 0

    text = log.read_text(encoding="utf-8")
    assert "earlier run" not in text
    assert text.count('"message":"request"') == 1


def test_the_log_outlives_airs_clean_on_exit(app: Path, env: dict[str, str], tracks_script) -> None:
    result = tracks_script(["dev"], cwd=app, env={**env, "CLEAN_TMP": "1"})

    assert result.code == 0, result.stderr
    log = app / "tmp" / "dev.log"
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == sorted(written_lines())


def test_an_explicit_log_format_is_kept_with_a_notice(
    app: Path, env: dict[str, str], tracks_script
) -> None:
    result = tracks_script(["dev"], cwd=app, env={**env, "APP_LOG_FORMAT": "console"})

    assert result.code == 0
    assert "LOG_FORMAT=console" in result.stdout
    notices = [line for line in result.stderr.splitlines() if line.startswith("notice:")]
    assert len(notices) == 1 and "APP_LOG_FORMAT=console" in notices[0], result.stderr
    assert "tmp/dev.log" in notices[0]


def test_the_old_redirect_into_the_log_writes_it_once(app: Path, env: dict[str, str]) -> None:
    """``APP_LOG_FORMAT=json tracks dev > tmp/dev.log 2>&1``, as docs/tui.md said before: the
    file gets the lines once, as written."""
    log = app / "tmp" / "dev.log"
    log.parent.mkdir()
    with log.open("wb") as out:
        code = subprocess.run(
            [*tracks_command(), "dev"],
            cwd=app,
            env={**env, "APP_LOG_FORMAT": "json"},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=120,
        ).returncode
    assert code == 0
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == sorted(written_lines())


WAITING_AIR = """\
#!/bin/sh
trap 'echo "fake air stopping on TERM"; exit 0' TERM
echo '{"level":"info","time":"2026-01-02T10:00:00Z","message":"listening"}'
touch started
while :; do sleep 0.1; done
"""


def test_sigterm_is_passed_on_to_the_child(app: Path, env: dict[str, str]) -> None:
    """A SIGTERM for tracks dev alone (kill PID) stops the child cleanly, and tracks dev
    returns its exit code after its last lines."""
    air = Path(env["PATH"].split(os.pathsep)[0]) / "air"
    air.write_text(WAITING_AIR, encoding="utf-8")
    process = subprocess.Popen(
        [*tracks_command(), "dev"],
        cwd=app,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (app / "started").exists() and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, stderr
    assert stdout.splitlines() == ["10:00:00 INF listening", "fake air stopping on TERM"]
    assert "fake air stopping on TERM" in (app / "tmp" / "dev.log").read_text(encoding="utf-8")


# The console format, line by line. Expected lines are what zerolog v1.35.1's ConsoleWriter
# (TimeFormat time.TimeOnly, NoColor, the service fields excluded) printed for the same input.


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (json.dumps(LISTENING), LISTENING_SHOWN),
        (
            '{"level":"error","time":"2026-01-02T10:00:02.5Z","message":"boom",'
            '"error":"no such table: posts","zeta":"a b","alpha":"quote\\"d","n":1.50,'
            '"big":1e21,"obj":{"b":1,"a":"<x>&","c":[1,2.0,"s"]},"t":true,"nul":null,'
            '"uni":"h\u00e9llo","ctl":"a\\u0001b\\tc"}',
            '10:00:02 ERR boom error="no such table: posts" alpha="quote\\"d" big=1e21 '
            'ctl="a\\x01b\\tc" n=1.50 nul=null obj={"a":"<x>&","b":1,"c":[1,2.0,"s"]} t=true '
            'uni="h\u00e9llo" zeta="a b"',
        ),
        ('{"time":"2026-01-02T10:00:02Z","message":"no level"}', "10:00:02 ??? no level"),
        ('{"level":"weird","time":"not a time","message":""}', "not a time WEI"),
        (
            '{"level":"INFO","time":"2026-06-02T23:59:59.999+02:00","message":"x"}',
            "21:59:59 INF x",
        ),
        (
            '{"level":"debug","time":"2026-06-02T23:59:59Z","message":"x","error":{"k":"v"},'
            '"arr":[]}',
            '23:59:59 DBG x error={"k":"v"} arr=[]',
        ),
    ],
)
def test_json_lines_read_as_the_apps_console_format(utc: None, line: str, shown: str) -> None:
    assert console_line(line) == shown


def test_the_local_time_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        assert console_line(json.dumps(LISTENING)) == LISTENING_SHOWN.replace("10:00", "15:30")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_caller_is_relative_to_the_app(utc: None, tmp_path: Path) -> None:
    line = json.dumps({"level": "info", "time": "2026-01-02T10:00:00Z", "caller": "", "m": 1})
    assert console_line(line) == "10:00:00 INF m=1"
    line = json.dumps(
        {"level": "info", "time": "2026-01-02T10:00:00Z", "caller": f"{tmp_path}/cmd/x.go:3"}
    )
    assert console_line(line, cwd=tmp_path) == "10:00:00 INF cmd/x.go:3 >"


@pytest.mark.parametrize(
    "line",
    [
        "watching .",
        "",
        "{not json",
        '["a", "list"]',
        '{"level":"info","message":"no time"}',
        '  {"time": "2026-01-02T10:00:00Z"}',
    ],
)
def test_other_lines_are_left_as_they_are(line: str) -> None:
    assert console_line(line) is None


def test_every_line_of_a_real_dev_log(utc: None) -> None:
    """A generated app's own JSON lines (tests/unit/workbench/data/dev.log) all render; the
    console-format line in it is left alone."""
    raw = (DATA / "dev.log").read_text(encoding="utf-8").splitlines()
    shown = [console_line(line) for line in raw]
    assert [line for line, out in zip(raw, shown, strict=True) if out is None] == [
        line for line in raw if not line.startswith("{")
    ]
    assert (
        "22:29:10 INF request bytes=3368 client_ip=127.0.0.1 duration_ms=0.593 method=GET "
        "path=/ request_id=3KXCKTIQKSQS7ED6ZJRK7FKIZD span_id=f4613f048ad1e79e status=200 "
        "trace_id=86c6190020c5583975c5e60bc3c68b3b"
    ) in shown
    assert not any("service=" in out for out in shown if out)
