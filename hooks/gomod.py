"""Conflicts `copier update` leaves in go.mod and go.sum, resolved the way Go would.

Both files are lists the go command owns: the template pins its requirements, the user's
`go get` and `go mod tidy` add or move lines, and an update that changes requirements next to
one of those lines leaves a conflict although nothing really disagrees. Taking every line of
both sides (the higher version where both name a module) and letting `go mod tidy` drop what
the build does not need and sort direct from indirect is what a Go user would do by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

BEGIN = "<<<<<<< before updating"
MIDDLE = "======="
END = ">>>>>>> after updating"

_VERSION = re.compile(r"v(\d+)\.(\d+)\.(\d+)(.*)")


def version_key(version: str) -> tuple[int, int, int, int, str]:
    """Orders module versions: by number, a release above its pre-releases (and
    pseudo-versions, which are pre-releases of the next version)."""
    m = _VERSION.match(version)
    if not m:
        return (-1, -1, -1, -1, version)
    major, minor, patch, rest = m.groups()
    return (int(major), int(minor), int(patch), 0 if rest.startswith("-") else 1, rest)


def _merge_go_mod(ours: list[str], theirs: list[str]) -> list[str]:
    """One line per module (the first word), the higher version's line where both sides have
    one, sorted by module path like go.mod's blocks."""
    chosen: dict[str, str] = {}
    for line in ours + theirs:
        words = line.split()
        if not words:
            continue
        key = words[0]
        old = chosen.get(key)
        if old is None or (
            len(words) > 1
            and len(old.split()) > 1
            and version_key(words[1]) > version_key(old.split()[1])
        ):
            chosen[key] = line
    return [chosen[k] for k in sorted(chosen)]


def _merge_go_sum(ours: list[str], theirs: list[str]) -> list[str]:
    """Every checksum line of both sides, once, sorted like go.sum."""
    return sorted({line for line in ours + theirs if line.strip()})


def resolve(path: Path) -> bool:
    """Resolve the update conflicts in a go.mod or go.sum; True when the file held any. The
    caller runs `go mod tidy` afterwards."""
    if not path.is_file():
        return False
    text = path.read_text()
    if BEGIN not in text:
        return False
    merge = _merge_go_sum if path.name == "go.sum" else _merge_go_mod
    out: list[str] = []
    side: list[str] | None = None
    ours: list[str] = []
    theirs: list[str] = []
    for line in text.splitlines():
        if line.startswith(BEGIN):
            ours, theirs = [], []
            side = ours
        elif line == MIDDLE and side is ours:
            side = theirs
        elif line.startswith(END) and side is not None:
            out.extend(merge(ours, theirs))
            side = None
        elif side is not None:
            side.append(line)
        else:
            out.append(line)
    if side is not None:
        return False  # an unterminated conflict: leave it for the user
    path.write_text("\n".join(out) + "\n")
    return True
