"""Render tier: bad answers and missing trust stop Copier before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from plumbum import local

from model import versions
from tests.support.paths import REPO

pytestmark = pytest.mark.render

BAD_NAMES = [
    "",
    "a",
    "A",
    "MyApp",
    "1app",
    "_app",
    "-app",
    "app-",
    "app_",
    "my--app",
    "my__app",
    "my-_app",
    "my app",
    "app!",
    "café",
    "func",
    "type",
    "test",
    "main",
    "internal",
    "vendor",
    "go",
    "tracks",
    "x" * 51,
]
BAD_MODULES = [
    "/shop",
    "shop/",
    "example.com//shop",
    "example..com/shop",
    ".example.com/shop",
    "example.com/shop.",
    "Example.com/shop",
    "example.com/sh op",
    "example.com/shop?x",
    "example.com/shop#x",
    "example.com/ünï",
    "github.com/acme/../shop",
    "exa mple.com/x",
    "example.com/shop/",
    "shop/x",
    "UPPER",
    "example.com/sh*p",
    "example.com/$x",
    "example.com/a\\b",
    "example.com/x//y",
]
BAD_PREFIXES = [
    "",
    "app",
    "App",
    "1APP",
    "_APP",
    "APP_",
    "APP-X",
    "APP X",
    "APP.X",
    "ÄPP",
    "A" * 31,
    "app_x",
    "APP__",
    "X-",
    "$APP",
    "APP!",
    "ap",
    "a1",
    "APP\n",
    "Z_",
]


def copier_copy(dst: Path, *args: str, trust: bool = True) -> tuple[int, str]:
    cmd = local["copier"]["copy", "-r", "HEAD", "--defaults"]
    if trust:
        cmd = cmd["--trust"]
    cmd = cmd[(*args, str(REPO), str(dst))]
    code, out, err = cmd.run(retcode=None, timeout=300)
    return code, out + err


def test_copy_without_trust_is_refused(tmp_path: Path) -> None:
    dst = tmp_path / "app"
    code, output = copier_copy(dst, "-d", "project_name=shop", trust=False)
    assert code != 0, output
    assert not dst.exists()


def test_the_answers_are_refused_by_the_cli_with_a_message(tmp_path: Path) -> None:
    """One of each kind through the real `copier` command: non-zero exit and no destination."""
    cases = [
        (["-d", "project_name=func"], "keyword"),
        (["-d", "project_name=shop", "-d", "module_path=example.com//shop"], "//"),
        (["-d", "project_name=shop", "-d", "env_prefix=shop"], "A-Z"),
    ]
    for i, (args, fragment) in enumerate(cases):
        dst = tmp_path / f"app{i}"
        code, output = copier_copy(dst, *args)
        assert code != 0, output
        assert fragment in output, output
        assert not dst.exists()


def refused(tmp_path: Path, data: dict[str, str], question: str) -> str:
    """Render through the Python API; return the validation message for `question`.

    Asserts that the message names the question and shows a valid example, and that nothing
    was written.
    """
    import copier

    dst = tmp_path / "app"
    with pytest.raises(ValueError, match=f"Validation error for question '{question}'") as excinfo:
        copier.run_copy(
            str(REPO), str(dst), data=data, vcs_ref="HEAD", defaults=True, unsafe=True, quiet=True
        )
    assert not dst.exists(), "a refused render left a destination behind"
    message = str(excinfo.value)
    assert "Example" in message, message
    return message


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_project_names_are_refused(tmp_path: Path, name: str) -> None:
    refused(
        tmp_path,
        {"project_name": name, "module_path": "example.com/x", "env_prefix": "X"},
        "project_name",
    )


@pytest.mark.parametrize("module", BAD_MODULES)
def test_bad_module_paths_are_refused(tmp_path: Path, module: str) -> None:
    refused(tmp_path, {"project_name": "shop", "module_path": module}, "module_path")


@pytest.mark.parametrize("prefix", BAD_PREFIXES)
def test_bad_env_prefixes_are_refused(tmp_path: Path, prefix: str) -> None:
    refused(tmp_path, {"project_name": "shop", "env_prefix": prefix}, "env_prefix")


def test_offline_render_names_the_failing_go_command_and_leaves_nothing(tmp_path: Path) -> None:
    """Without the module proxy and with an empty cache the first step that needs modules fails.

    That step is templ's generator (pinned, run with `go run`): it must precede `go mod tidy`,
    which needs the generated view packages to exist. The message names the exact command.
    """
    dst = tmp_path / "app"
    env = {
        "GOPROXY": "off",
        "GOMODCACHE": str(tmp_path / "empty-modcache"),
        "GOFLAGS": "-modcacherw",
    }
    with local.env(**env):
        code, output = copier_copy(dst, "-d", "project_name=shop")
    assert code != 0, output
    assert "tracks: step templ-generate failed" in output, output
    command = f"`go run github.com/a-h/templ/cmd/templ@{versions.TEMPL} generate`"
    assert f"{command} exited with status" in output, output
    assert not dst.exists()
