"""e2e tier: `tracks dev` live-reloads a freshly generated app with nothing installed but Go:
Air is a tool of the app's go.mod, and a .templ edit shows up in the served page. Meanwhile the
app's JSON lines go to tmp/dev.log, where `tracks tui` and `tail_logs` read its request lines,
and the terminal shows them in the app's console format."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import server
from tests.support.paths import REPO, TEMPLATE, only_with
from tracks.workbench.logs import LogLine, tail_requests

pytestmark = pytest.mark.e2e

PREFIX = "SHOP"
HOME = "internal/http/views/pages/home.templ"
# First run: Go compiles Air, templ runs, the server builds. Generous, and only a deadline.
DEADLINE = 600.0


def test_air_regenerates_templ_before_it_builds() -> None:
    config = tomllib.loads((TEMPLATE / ".air.toml").read_text(encoding="utf-8"))
    build = config["build"]
    assert build["pre_cmd"][0] == "go tool templ generate"
    assert build["cmd"].startswith("go build ")
    assert "templ" in build["include_ext"]
    assert any("_templ" in pattern for pattern in build["exclude_regex"]), "a rebuild loop"


def home_requests(app: Path) -> list[LogLine]:
    """The request lines of GET / answered 200 in the app's dev log, tmp/dev.log."""
    log = app / "tmp" / "dev.log"
    if not log.is_file():
        return []
    lines = tail_requests(log, limit=1000, status=200)
    return [line for line in lines if line.method == "GET" and line.path == "/"]


def page_text(url: str) -> str | None:
    try:
        resp = server.get(url, timeout=5)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None
    return resp.body.decode(errors="replace") if resp.status == 200 else None


def wait_for(
    url: str, text: str, process: subprocess.Popen[bytes], log: Path, deadline: float
) -> float:
    """Poll url until its page contains text; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            raise AssertionError(f"tracks dev exited {process.returncode}:\n{log.read_text()}")
        body = page_text(url)
        if body is not None and text in body:
            return time.monotonic() - start
        time.sleep(0.25)
    raise AssertionError(f"{url} never showed {text!r}:\n{log.read_text(errors='replace')}")


@only_with("go-libsql")
def test_tracks_dev_reloads_a_templ_edit(app_copy: Callable[[str], Path], tmp_path: Path) -> None:
    app = app_copy("go-libsql")
    port = server.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(f"{PREFIX}_")}
    # No air on the PATH is needed: drop any, so the pinned `go tool air` is what runs.
    env["PATH"] = os.pathsep.join(
        d for d in env["PATH"].split(os.pathsep) if not (Path(d) / "air").exists()
    )
    env[f"{PREFIX}_SERVER_ADDR"] = f"127.0.0.1:{port}"
    env[f"{PREFIX}_OBSERVABILITY_METRICS_ADDR"] = "off"  # not development's 127.0.0.1:9090
    # build.sh may reach for Tailwind through npx: use npm's cache only, never the network.
    env["npm_config_offline"] = "true"
    log = tmp_path / "dev.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tracks", "dev"],
            cwd=app,
            env={**env, "PYTHONPATH": str(REPO)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        first = wait_for(url, "Your app is running.", process, log, DEADLINE)
        # The request line is in the dev log as soon as the request is answered (the app
        # writes each line unbuffered), while tracks dev runs.
        deadline = time.monotonic() + 10
        while not home_requests(app) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert home_requests(app), (app / "tmp" / "dev.log").read_text(errors="replace")
        home = app / HOME
        marker = "Edited while tracks dev ran."
        # A literal paragraph: the page's own sentences are message keys (internal/i18n).
        section = '<section class="space-y-6">'
        source = home.read_text()
        assert section in source, source
        home.write_text(source.replace(section, f"{section}\n\t\t<p>{marker}</p>", 1))
        reload = wait_for(url, marker, process, log, DEADLINE)
        print(f"\ntracks dev: first page after {first:.1f}s, templ edit served after {reload:.1f}s")
    finally:
        # Ctrl-C as a terminal sends it: to the whole process group.
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    assert code == 0, log.read_text(errors="replace")
    terminal = log.read_text(errors="replace")
    assert "notice:" not in terminal
    # Air deleted tmp/ when it stopped (clean_on_exit); tracks dev wrote the log back.
    requests = home_requests(app)
    assert requests and requests[0].request_id, (app / "tmp" / "dev.log").read_text()
    # The terminal showed the same request in the console format, and no JSON line of the app.
    rid = requests[0].request_id
    shown = rf"^\d\d:\d\d:\d\d INF request .*method=GET path=/ .*request_id={rid} "
    assert re.search(shown, terminal, re.MULTILINE), terminal
    assert '"message":"request"' not in terminal
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("processes of tracks dev outlived it")
