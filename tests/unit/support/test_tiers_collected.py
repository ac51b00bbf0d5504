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
