"""Tests for model/validation.py: the Copier answer validators.

Each bad sample is paired with a fragment of the message it must produce, so a test
fails if an answer is refused for the wrong reason, not only if it is accepted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

# --------------------------------------------------------------------------------------
# Project name
# --------------------------------------------------------------------------------------

GOOD_PROJECT_NAMES = [
    "ab",
    "shop",
    "my-app",
    "my_app",
    "blog2",
    "a1",
    "my-shop-2",
    "x-y_z",
    "a" * 50,
    "gopher",
    "tests",
    "maintenance",
    "v1-app",
    "version",
]

BAD_PROJECT_NAMES = [
    ("", "required"),
    ("a", "2 to 50 characters"),
    ("a" * 51, "2 to 50 characters"),
    ("MyApp", "start with a lowercase letter"),
    ("1app", "start with a lowercase letter"),
    ("-app", "start with a lowercase letter"),
    ("_app", "start with a lowercase letter"),
    (" app", "start with a lowercase letter"),
    ("ébc", "start with a lowercase letter"),
    ("myApp", "may only contain"),
    ("my app", "may only contain"),
    ("my.app", "may only contain"),
    ("my/app", "may only contain"),
    ("app!", "may only contain"),
    ("café", "may only contain"),
    ("app\n", "may only contain"),
    ("app-", "must not end with a separator"),
    ("app_", "must not end with a separator"),
    ("my--app", "doubled separators"),
    ("my__app", "doubled separators"),
    ("my-_app", "doubled separators"),
    ("my_-app", "doubled separators"),
    ("func", "Go keyword"),
    ("type", "Go keyword"),
    ("go", "Go keyword"),
    ("test", "reserved"),
    ("main", "reserved"),
    ("internal", "reserved"),
    ("vendor", "reserved"),
    ("testdata", "reserved"),
    ("tracks", "reserved"),
    ("con", "reserved file name on Windows"),
    ("lpt1", "reserved file name on Windows"),
    ("v1", "major version suffix"),
    ("v22", "major version suffix"),
]


@pytest.mark.parametrize("name", GOOD_PROJECT_NAMES)
def test_good_project_names(validation: ModuleType, name: str) -> None:
    assert validation.project_name_error(name) == ""


@pytest.mark.parametrize(("name", "rule"), BAD_PROJECT_NAMES)
def test_bad_project_names(validation: ModuleType, name: str, rule: str) -> None:
    message = validation.project_name_error(name)
    assert rule in message
    assert "Example of a valid name: my-shop" in message
    assert validation.project_name_error("my-shop") == ""


_PROJECT_NAME_CANDIDATES = st.from_regex(r"[a-z][a-z0-9_-]{1,49}", fullmatch=True)


@given(_PROJECT_NAME_CANDIDATES)
def test_valid_project_names_give_valid_derived_answers(
    validation: ModuleType, naming: ModuleType, name: str
) -> None:
    """copier.yml derives defaults from the project name; they must pass their validators."""
    assume(validation.project_name_error(name) == "")
    assert validation.module_path_error(name) == ""
    assert validation.module_path_error(f"example.com/{name}") == ""
    assert naming.is_go_identifier(naming.pascal(name))
    assert naming.is_go_identifier(naming.go_identifier(name))
    prefix = naming.upper_snake(name)
    # A prefix may be at most 30 characters, a project name up to 50.
    assert validation.env_prefix_error(prefix) == "" or len(prefix) > 30


def test_project_name_none_is_required(validation: ModuleType) -> None:
    assert "required" in validation.project_name_error(None)


# --------------------------------------------------------------------------------------
# Module path
# --------------------------------------------------------------------------------------

GOOD_MODULE_PATHS = [
    "myapp",
    "my-app",
    "my_app",
    "example.com",
    "example.com/x",
    "github.com/acme/shop",
    "gitlab.example.org/team/sub/project",
    "example.com/Foo",
    "example.com/x/v2",
    "example.com/x/v10",
    "example.com/x.v2",
    "example.com/a_b~c",
    "example.com/v1x",
    "gopkg.in/yaml.v3",
    "my-domain.io/app",
    "example.com/con-tent",
]

BAD_MODULE_PATHS = [
    ("", "required"),
    ("my app", "may only contain"),
    ("example.com/a b", "may only contain"),
    ("example.com/x?y", "may only contain"),
    ("example.com/ü", "may only contain"),
    ("example.com\\x", "may only contain"),
    ("http://example.com/x", "may only contain"),
    ("/example.com/x", "must not start or end"),
    ("example.com/x/", "must not start or end"),
    (".example.com/x", "must not start or end"),
    ("example.com/x.", "must not start or end"),
    ("example.com//x", "'//'"),
    ("example.com/../x", "'..'"),
    ("example.com/a..b", "'..'"),
    ("MyApp", "single-element path must be lowercase"),
    ("123", "single-element path must be lowercase"),
    ("-app", "single-element path must be lowercase"),
    ("go", "reserved by Go"),
    ("toolchain", "reserved by Go"),
    ("std", "reserved by Go"),
    ("Example.com/x", "must be lowercase"),
    ("GitHub.com/acme/shop", "must be lowercase"),
    ("example/x", "containing a dot"),
    ("ex_ample.com/x", "may only contain a-z, 0-9"),
    ("-example.com/x", "may only contain a-z, 0-9"),
    ("ex~ample.com/x", "may only contain a-z, 0-9"),
    ("example.com/.hidden", "must not start with a dot"),
    ("example.com/x./y", "must not end with a dot"),
    ("example.com/con", "reserved file name on Windows"),
    ("example.com/NUL.txt", "reserved file name on Windows"),
    ("example.com/lpt9", "reserved file name on Windows"),
    ("example.com/x~1", "'~' and digits"),
    ("example.com/x/v1", "major version suffix"),
    ("example.com/x/v0", "major version suffix"),
    ("example.com/x/v02", "major version suffix"),
    ("example.com/x/v2.1", "major version suffix"),
    ("gopkg.in/foo", ".vN version suffix"),
]


@pytest.mark.parametrize("path", GOOD_MODULE_PATHS)
def test_good_module_paths(validation: ModuleType, path: str) -> None:
    assert validation.module_path_error(path) == ""


@pytest.mark.parametrize(("path", "rule"), BAD_MODULE_PATHS)
def test_bad_module_paths(validation: ModuleType, path: str, rule: str) -> None:
    message = validation.module_path_error(path)
    assert rule in message
    assert "Example" in message


def _go_mod_init(path: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``go mod init`` offline in ``workdir``, which must not hold a go.mod yet."""
    go = shutil.which("go")
    assert go is not None
    workdir.mkdir()
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "", "GOWORK": "off"}
    return subprocess.run(
        [go, "mod", "init", path],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(shutil.which("go") is None, reason="needs the go command")
def test_go_agrees_with_the_validator(validation: ModuleType, tmp_path: Path) -> None:
    """Accepted paths pass ``go mod init``; for these refused ones Go refuses too."""
    accepted = ["myapp", "example.com/x", "github.com/acme/shop", "example.com/x/v2"]
    refused = ["example.com/con", "example.com/x~1", "example.com/x/v1", "gopkg.in/foo", "go"]
    for index, path in enumerate(accepted):
        assert validation.module_path_error(path) == ""
        result = _go_mod_init(path, tmp_path / f"ok{index}")
        assert result.returncode == 0, (path, result.stderr)
    for index, path in enumerate(refused):
        assert validation.module_path_error(path) != ""
        result = _go_mod_init(path, tmp_path / f"bad{index}")
        assert result.returncode != 0, (path, result.stderr)


# --------------------------------------------------------------------------------------
# Environment variable prefix
# --------------------------------------------------------------------------------------

GOOD_ENV_PREFIXES = ["A", "APP", "MY_APP", "MY_SHOP2", "A1_B2", "MY__APP", "A" * 30, "X9"]

BAD_ENV_PREFIXES = [
    ("", "required"),
    ("A" * 31, "at most 30"),
    ("my_app", "start with an uppercase letter"),
    ("app", "start with an uppercase letter"),
    ("1APP", "start with an uppercase letter"),
    ("9", "start with an uppercase letter"),
    ("_APP", "start with an uppercase letter"),
    ("_", "start with an uppercase letter"),
    ("-", "start with an uppercase letter"),
    (" APP", "start with an uppercase letter"),
    ("ÄPP", "start with an uppercase letter"),
    ("My", "may only contain"),
    ("APp", "may only contain"),
    ("MY-APP", "may only contain"),
    ("A-B", "may only contain"),
    ("MY APP", "may only contain"),
    ("APP ", "may only contain"),
    ("APP.X", "may only contain"),
    ("APP$", "may only contain"),
    ("MYÄPP", "may only contain"),
    ("APP_", "must not end with '_'"),
    ("A_B_", "must not end with '_'"),
    ("APP__", "must not end with '_'"),
]


@pytest.mark.parametrize("prefix", GOOD_ENV_PREFIXES)
def test_good_env_prefixes(validation: ModuleType, prefix: str) -> None:
    assert validation.env_prefix_error(prefix) == ""


@pytest.mark.parametrize(("prefix", "rule"), BAD_ENV_PREFIXES)
def test_bad_env_prefixes(validation: ModuleType, prefix: str, rule: str) -> None:
    message = validation.env_prefix_error(prefix)
    assert rule in message
    assert "Example of a valid prefix: MY_SHOP" in message
    assert validation.env_prefix_error("MY_SHOP") == ""


def test_tables_have_enough_bad_samples() -> None:
    """The brief asks for at least 20 refused samples per validator."""
    assert len(BAD_PROJECT_NAMES) >= 20
    assert len(BAD_MODULE_PATHS) >= 20
    assert len(BAD_ENV_PREFIXES) >= 20


def test_validation_uses_naming_loaded_beside_it(validation: ModuleType) -> None:
    """validation.py reads Go's keywords from its sibling naming.py, loaded by path."""
    for keyword in ("chan", "select", "defer"):
        assert "Go keyword" in validation.project_name_error(keyword)
