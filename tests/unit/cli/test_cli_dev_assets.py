"""``tracks assets`` and ``tracks dev``: the app's own programs, run at the project root.

The fake app's ``internal/assets/build.sh`` and a fake ``air`` on the PATH are small shell
scripts that record their working directory; the ``go run`` fallback builds a tiny real
``./cmd/server``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tracks.cli import main
from tracks.commands import dev

from .conftest import tracks_command

pytestmark = pytest.mark.unit

FAKE_SERVER = """\
package main

import (
	"fmt"
	"os"
)

func main() {
	wd, _ := os.Getwd()
	fmt.Println("SERVER RAN")
	fmt.Println("CWD:", wd)
}
"""

# Records its working directory in air-ran.txt, then exits with $AIR_EXIT (default 0).
FAKE_AIR = """\
#!/bin/sh
pwd > "$AIR_LOG"
echo "fake air running"
exit "${AIR_EXIT:-0}"
"""

# Runs until interrupted; `trap` makes SIGINT exit with $AIR_EXIT, without it SIGINT kills it.
FAKE_AIR_WAITING = """\
#!/bin/sh
if [ -n "${AIR_EXIT:-}" ]; then
	trap 'echo "fake air stopping"; exit "$AIR_EXIT"' INT
fi
pwd > "$AIR_LOG"
while :; do sleep 0.1; done
"""


@pytest.fixture
def app(tmp_path: Path, project_factory: Callable[..., Path]) -> Path:
    """A fake go-libsql app with a .air.toml and a tiny ./cmd/server."""
    root = project_factory(tmp_path / "app", database="go-libsql", env_prefix="APP")
    (root / ".air.toml").write_text('root = "."\n', encoding="utf-8")
    server = root / "cmd" / "server"
    server.mkdir(parents=True)
    (server / "main.go").write_text(FAKE_SERVER, encoding="utf-8")
    return root


@pytest.fixture
def subfolder(app: Path) -> Path:
    nested = app / "internal" / "web"
    nested.mkdir(parents=True)
    return nested


def write_build_script(root: Path, exit_code: int) -> Path:
    """An ``internal/assets/build.sh`` that writes its working directory to build-ran.txt."""
    script = root / "internal" / "assets" / "build.sh"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        f'pwd > build-ran.txt\necho "fake build done"\nexit {exit_code}\n', encoding="utf-8"
    )
    return root / "build-ran.txt"


def fake_air(tmp_path: Path, text: str = FAKE_AIR) -> Path:
    """A folder holding an executable ``air`` script; put it first on the PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    air = bin_dir / "air"
    air.write_text(text, encoding="utf-8")
    air.chmod(0o755)
    return bin_dir


def env_with(path: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "PATH": path, **extra}


# tracks assets


@pytest.mark.parametrize("exit_code", [0, 3])
def test_assets_runs_build_script_at_root_and_passes_code(
    app: Path, subfolder: Path, tracks_script, exit_code: int
) -> None:
    marker = write_build_script(app, exit_code)

    result = tracks_script(["assets"], cwd=subfolder)

    assert result.code == exit_code
    assert marker.read_text(encoding="utf-8").strip() == str(app.resolve())
    assert "fake build done" in result.stdout
    assert "Traceback" not in result.stderr


def test_assets_in_process(
    app: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = write_build_script(app, 5)
    monkeypatch.chdir(app)

    assert main(["assets"]) == 5
    assert marker.is_file()
    assert "fake build done" in capfd.readouterr().out


def test_assets_without_build_script_exits_2(app: Path, tracks_script) -> None:
    result = tracks_script(["assets"], cwd=app)

    assert result.code == 2
    assert "internal/assets/build.sh" in result.stderr
    assert "hint:" in result.stderr


@pytest.mark.parametrize("argv", [["assets"], ["dev"], ["dev", "--no-air"]])
def test_outside_a_project_exits_2(tmp_path: Path, tracks_script, argv: list[str]) -> None:
    result = tracks_script(argv, cwd=tmp_path)

    assert result.code == 2
    assert "not inside a Tracks app" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [["assets", "extra"], ["assets", "--bogus"], ["dev", "x"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "dev" in out
    assert "assets" in out


# tracks dev


@pytest.mark.parametrize("exit_code", [0, 4])
def test_dev_uses_air_when_on_path(
    app: Path, subfolder: Path, tmp_path: Path, tracks_script, exit_code: int
) -> None:
    bin_dir = fake_air(tmp_path)
    log = tmp_path / "air-ran.txt"
    env = env_with(
        f"{bin_dir}{os.pathsep}{os.environ['PATH']}", AIR_LOG=str(log), AIR_EXIT=str(exit_code)
    )

    result = tracks_script(["dev"], cwd=subfolder, env=env)

    assert result.code == exit_code
    assert log.read_text(encoding="utf-8").strip() == str(app.resolve())
    assert "fake air running" in result.stdout
    assert "notice:" not in result.stderr


# Records its arguments and working directory in go-ran.txt.
FAKE_GO = """\
#!/bin/sh
printf '%s\\n' "$*" "$(pwd)" > "$GO_LOG"
"""

GO_MOD_WITH_TOOLS = """\
module example.com/app

go 1.26.0

tool (
\tgithub.com/a-h/templ/cmd/templ // templates
\tgithub.com/air-verse/air
)

tool golang.org/x/tools/cmd/stringer
"""


def test_go_mod_tools_reads_lines_and_blocks(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD_WITH_TOOLS, encoding="utf-8")
    assert dev.go_mod_tools(tmp_path) == {
        "github.com/a-h/templ/cmd/templ",
        "github.com/air-verse/air",
        "golang.org/x/tools/cmd/stringer",
    }
    assert dev.go_mod_tools(tmp_path / "missing") == set()


def test_dev_runs_the_air_pinned_in_go_mod(
    app: Path, subfolder: Path, tmp_path: Path, tracks_script
) -> None:
    (app / "go.mod").write_text(GO_MOD_WITH_TOOLS, encoding="utf-8")
    bin_dir = fake_air(tmp_path)
    (bin_dir / "go").write_text(FAKE_GO, encoding="utf-8")
    (bin_dir / "go").chmod(0o755)
    go_log, air_log = tmp_path / "go-ran.txt", tmp_path / "air-ran.txt"
    env = env_with(
        f"{bin_dir}{os.pathsep}{os.environ['PATH']}", GO_LOG=str(go_log), AIR_LOG=str(air_log)
    )

    result = tracks_script(["dev"], cwd=subfolder, env=env)

    assert result.code == 0, result.stderr
    assert go_log.read_text(encoding="utf-8").splitlines() == ["tool air", str(app.resolve())]
    assert not air_log.exists(), "the air on the PATH ran instead of the app's"
    assert "notice:" not in result.stderr


def test_dev_no_air_runs_go_run(
    require_go: str, app: Path, subfolder: Path, tmp_path: Path, tracks_script
) -> None:
    bin_dir = fake_air(tmp_path)
    log = tmp_path / "air-ran.txt"
    env = env_with(f"{bin_dir}{os.pathsep}{os.environ['PATH']}", AIR_LOG=str(log))

    result = tracks_script(["dev", "--no-air"], cwd=subfolder, env=env)

    assert result.code == 0, result.stderr
    assert "SERVER RAN" in result.stdout
    assert f"CWD: {app.resolve()}" in result.stdout
    assert not log.exists()


def test_dev_without_air_prints_notice_and_runs_go_run(
    require_go: str, app: Path, tracks_script
) -> None:
    go_dir = str(Path(require_go).parent)
    if shutil.which("air", path=go_dir):
        pytest.skip("air is installed next to go")

    result = tracks_script(["dev"], cwd=app, env=env_with(go_dir))

    assert result.code == 0, result.stderr
    assert "SERVER RAN" in result.stdout
    notices = [line for line in result.stderr.splitlines() if line.startswith("notice:")]
    assert len(notices) == 1
    assert "go get -tool github.com/air-verse/air" in notices[0]


def test_dev_without_air_config_falls_back(
    require_go: str, app: Path, tmp_path: Path, tracks_script
) -> None:
    (app / ".air.toml").unlink()
    bin_dir = fake_air(tmp_path)
    log = tmp_path / "air-ran.txt"
    env = env_with(f"{bin_dir}{os.pathsep}{os.environ['PATH']}", AIR_LOG=str(log))

    result = tracks_script(["dev"], cwd=app, env=env)

    assert result.code == 0, result.stderr
    assert "SERVER RAN" in result.stdout
    assert ".air.toml" in result.stderr
    assert not log.exists()


def test_dev_without_server_program_exits_2(app: Path, tracks_script) -> None:
    shutil.rmtree(app / "cmd" / "server")

    result = tracks_script(["dev", "--no-air"], cwd=app)

    assert result.code == 2
    assert "./cmd/server" in result.stderr
    assert "hint:" in result.stderr


def _default_sigint() -> None:
    """Undo an inherited SIG_IGN so Python turns SIGINT into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("air_exit", "expected"), [("0", 0), ("3", 3), ("", 130)])
def test_dev_ctrl_c_returns_the_childs_code(
    app: Path, tmp_path: Path, air_exit: str, expected: int
) -> None:
    bin_dir = fake_air(tmp_path, FAKE_AIR_WAITING)
    log = tmp_path / "air-ran.txt"
    env = env_with(f"{bin_dir}{os.pathsep}{os.environ['PATH']}", AIR_LOG=str(log))
    env["AIR_EXIT"] = air_exit
    process = subprocess.Popen(
        [*tracks_command(), "dev"],
        cwd=app,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 60
        while not log.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert log.exists(), "fake air did not start"
        # Like a terminal's Ctrl-C: SIGINT to the whole foreground process group.
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    assert process.returncode == expected, stderr
    assert "Traceback" not in stderr
    if air_exit:
        assert "fake air stopping" in stdout
