#!/usr/bin/env python3
"""Offline text checks for this repository's pre-commit hooks: `text_checks.py CHECK FILE...`.

conflicts   a line that starts a conflict (`<<<<<<< ` or `>>>>>>> `, as git and `copier update`
            leave them)
whitespace  trailing blanks, and a file that does not end with a newline
yaml        a file PyYAML cannot parse (every document of it)

Each problem is printed as `path:line: what`; the exit code is 1 when there is one. Standard
library and PyYAML only (a dependency of tracks), so the hooks need no download.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

CONFLICT_STARTS = ("<<<<<<< ", ">>>>>>> ")


def conflicts(path: Path, text: str) -> Iterator[str]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(CONFLICT_STARTS):
            yield f"{path}:{number}: conflict marker {line[:7]!r}"


def whitespace(path: Path, text: str) -> Iterator[str]:
    for number, line in enumerate(text.splitlines(), 1):
        if line != line.rstrip(" \t"):
            yield f"{path}:{number}: trailing whitespace"
    if text and not text.endswith("\n"):
        yield f"{path}: no newline at the end of the file"


def yaml_(path: Path, text: str) -> Iterator[str]:
    import yaml

    try:
        for _ in yaml.safe_load_all(text):
            pass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        yield f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}"


CHECKS: dict[str, Callable[[Path, str], Iterator[str]]] = {
    "conflicts": conflicts,
    "whitespace": whitespace,
    "yaml": yaml_,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in CHECKS:
        print(f"usage: text_checks.py {{{'|'.join(CHECKS)}}} FILE...", file=sys.stderr)
        return 2
    check, problems = CHECKS[argv[0]], 0
    for name in argv[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8", errors="replace")
        for problem in check(path, text):
            print(problem)
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
