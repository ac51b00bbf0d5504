"""Wire recipe output into files the app owns, between named marker comments.

A region looks like this in any file (Go, templ):

    // tracks:routes:start
    web.Get(routes.About, about.Show)
    // tracks:routes:end

Lines inside a region are kept sorted, so two recipes never conflict and re-running a recipe
never duplicates a line. A Go file is passed through gofmt after an edit: gofmt aligns the keys
and types of neighbouring lines (`Posts:    postService,`), which a line-based edit cannot know,
so lines are compared with their spacing collapsed. Recipes never render these files themselves
(Copier would overwrite them); the tracks CLI calls this module in the user's project after the
recipe's files exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hooks import runner
from hooks.errors import HookError


@dataclass(frozen=True)
class Insertion:
    """One line to keep in one region of one file (path relative to the project root)."""

    path: str
    region: str
    line: str


def _bounds(lines: list[str], path: Path, region: str) -> tuple[int, int]:
    start_tag, end_tag = f"tracks:{region}:start", f"tracks:{region}:end"
    starts = [i for i, line in enumerate(lines) if line.strip().endswith(start_tag)]
    ends = [i for i, line in enumerate(lines) if line.strip().endswith(end_tag)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        where = f"{path}:{starts[0] + 1}" if starts else str(path)
        raise HookError(
            f"the wiring marker pair `{start_tag}` … `{end_tag}` is missing, duplicated or out of "
            f"order in {where}",
            f"restore both marker comments in {path} (see the template), then run the recipe again",
        )
    return starts[0], ends[0]


def check(root: Path, insertions: list[Insertion]) -> None:
    """Fail before anything is written when a file or marker the wiring needs is missing."""
    for ins in insertions:
        path = root / ins.path
        if not path.is_file():
            raise HookError(f"{ins.path} is missing", "restore it from the template")
        _bounds(path.read_text().splitlines(), path, ins.region)


def _collapse(line: str) -> str:
    """A line with its spacing collapsed: how gofmt's alignment leaves the text itself alone."""
    return " ".join(line.split())


def _group_imports(lines: list[str], start: int, has_imports: bool) -> None:
    """An import region is a group of its own while it holds imports (a blank line before its
    start marker), or gofmt would sort its imports into the group above, markers and all. An
    empty one has no blank line, since gofmt removes a blank line before a group of comments."""
    blank_before = start > 0 and not lines[start - 1].strip()
    if has_imports and not blank_before:
        lines.insert(start, "")
    if not has_imports and blank_before:
        del lines[start - 1]


def _edit(root: Path, insertions: list[Insertion], add: bool) -> list[str]:
    changed: list[str] = []
    by_file: dict[str, list[Insertion]] = {}
    for ins in insertions:
        by_file.setdefault(ins.path, []).append(ins)
    for rel, items in by_file.items():
        path = root / rel
        text = path.read_text()
        lines = text.splitlines()
        for ins in items:
            start, end = _bounds(lines, path, ins.region)
            indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
            body = [line for line in lines[start + 1 : end] if line.strip()]
            wanted = _collapse(ins.line)
            present = any(_collapse(line) == wanted for line in body)
            if add and not present:
                body.append(indent + ins.line)
            if not add:
                body = [line for line in body if _collapse(line) != wanted]
            lines[start + 1 : end] = sorted(body, key=_collapse)
            if ins.region.endswith("imports"):
                _group_imports(lines, start, has_imports=bool(body))
        new_text = "\n".join(lines) + ("\n" if text.endswith("\n") else "")
        if new_text != text:
            path.write_text(new_text)
            if path.suffix == ".go":
                gofmt = runner.resolve("gofmt", "install Go: gofmt comes with it")
                runner.run(gofmt["-w", path.name], path.parent, label=f"gofmt -w {rel}")
            changed.append(rel)
    return changed


def apply(root: Path, insertions: list[Insertion]) -> list[str]:
    """Add each line to its region (once); returns the files that changed."""
    check(root, insertions)
    return _edit(root, insertions, add=True)


def remove(root: Path, insertions: list[Insertion]) -> list[str]:
    """Take each line out of its region; returns the files that changed."""
    check(root, insertions)
    return _edit(root, insertions, add=False)
