"""Wire recipe output into files the app owns, between named marker comments.

A region looks like this in any file (Go, templ):

    // tracks:routes:start
    web.Get(routes.About, about.Show)
    // tracks:routes:end

Lines inside a region are kept sorted, so two recipes never conflict and re-running a recipe
never duplicates a line. A Go file is passed through gofmt after an edit: gofmt aligns the keys
and types of neighbouring lines (`Posts:    postService,`), which a line-based edit cannot know,
so lines are compared with their spacing collapsed. Recipes never render these files themselves
(Copier would overwrite them).

What a recipe wires is declared by the recipe itself: each one renders
`.tracks/wiring/<recipe>-<name>.yml`, a list of `{file, region, line}` entries, and Copier's
`wire` task (hooks/tasks.py) applies it after the recipe's files are written. On `copier
update` of the recipe the declaration committed before the update is compared with the new
one, so a line a newer template no longer wants is taken out. `tracks destroy` removes the
lines the recorded version declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from hooks import runner
from model.errors import TracksError


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
        raise TracksError(
            f"the wiring marker pair `{start_tag}` … `{end_tag}` is missing, duplicated or out of "
            f"order in {where}",
            f"restore both marker comments in {path} (see the template), then run the recipe "
            "again; an app made before the template had this marker needs `tracks update` first",
            exit_code=1,
        )
    return starts[0], ends[0]


def check(root: Path, insertions: list[Insertion]) -> None:
    """Fail before anything is written when a file or marker the wiring needs is missing."""
    for ins in insertions:
        path = root / ins.path
        if not path.is_file():
            raise TracksError(
                f"{ins.path} is missing", hint="restore it from the template", exit_code=1
            )
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
                runner.check_output(
                    ["gofmt", "-w", path.name],
                    cwd=path.parent,
                    hint="install Go: gofmt comes with it",
                )
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


def parse(text: str, source: str) -> list[Insertion]:
    """The entries of a wiring declaration (YAML: a list of `{file, region, line}`)."""
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise TracksError(
            f"{source} is not valid YAML: {exc}", hint="restore it from the recipe", exit_code=1
        ) from exc
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and {"file", "region", "line"} <= item.keys() for item in data
    ):
        raise TracksError(
            f"{source} must be a list of entries with file, region and line",
            hint="restore it from the recipe",
            exit_code=1,
        )
    return [Insertion(str(item["file"]), str(item["region"]), str(item["line"])) for item in data]


def load(path: Path) -> list[Insertion]:
    """The wiring declared in the file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TracksError(
            f"cannot read the wiring declaration {path}: {exc.strerror}",
            hint="restore it from the recipe (`copier update -a` its answers file)",
            exit_code=1,
        ) from exc
    return parse(text, str(path))


def declared(path: Path) -> list[Insertion]:
    """The wiring declared at ``path``; none when a recipe that wires nothing rendered none."""
    return load(path) if path.is_file() else []


def declared_elsewhere(path: Path) -> set[Insertion]:
    """The lines the other declarations beside ``path`` declare: lines a recipe run shares
    with others (two resources, one mocks import) stay while one of them still needs them."""
    return {
        ins for other in sorted(path.parent.glob("*.yml")) if other != path for ins in load(other)
    }


def committed(root: Path, rel: str) -> list[Insertion]:
    """The wiring declared at ``rel`` as the last commit has it (none when it had none)."""
    result = runner.capture(["git", "-C", str(root), "show", f"HEAD:{rel}"])
    return parse(result.stdout, f"HEAD:{rel}") if result.ok else []


def rewire(root: Path, rel: str) -> list[str]:
    """Apply the declaration at ``rel`` and take out lines only its committed version had
    (unless another recipe run declares them too): the whole job of the `wire` task, after a
    recipe's copy and after its update. A recipe that wires nothing renders no declaration."""
    path = root / rel
    wanted = declared(path)
    shared = declared_elsewhere(path)
    stale = [ins for ins in committed(root, rel) if ins not in wanted and ins not in shared]
    check(root, [*wanted, *stale])
    changed = _edit(root, stale, add=False) if stale else []
    return sorted({*changed, *_edit(root, wanted, add=True)})
