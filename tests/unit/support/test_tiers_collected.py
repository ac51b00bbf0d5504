"""Every test folder is collected by a plain `python3 -m pytest` (the README's test command):
pytest skips folders matching `norecursedirs`, and its default list has `build`, which hid the
whole build tier from CI until pyproject.toml set its own list."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _norecursedirs() -> list[str]:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "norecursedirs" in options, "without it pytest's default list (with 'build') applies"
    return list(options["norecursedirs"])


def test_no_test_folder_matches_norecursedirs() -> None:
    patterns = _norecursedirs()
    folders = {p.parent for p in (ROOT / "tests").rglob("test_*.py")}
    hidden = sorted(
        str(f.relative_to(ROOT))
        for f in folders
        for part in f.relative_to(ROOT).parts
        if any(fnmatch(part, pat) for pat in patterns)
    )
    assert not hidden, f"pytest would not collect {hidden}; norecursedirs is {patterns}"
    assert (ROOT / "tests" / "build") in folders


def test_ci_runs_the_readme_test_command() -> None:
    """`.ci/run` runs the pytest command of the README's second line, options and all."""
    readme = (ROOT / "README.md").read_text().splitlines()
    (line,) = [x for x in readme[:8] if "python3 -m pytest" in x]
    command = line.split("&&", 1)[1].split("#", 1)[0].strip()
    ci = [x.strip() for x in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci, f"{command!r} is not a line of .ci/run"
