"""Entry point of Copier's `_tasks` and `_migrations`: `python hooks/tasks.py <step> [arg]`.

Copier runs this file by path from the template checkout it renders, in the destination, so
the checkout's root is put first on sys.path: `hooks` and `model` come from that checkout,
never from an installed copy of another version.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks import codegen, gitinit, wiring
from hooks.project import is_real_project
from model.errors import TracksError


def _tidy(project: Path, arg: str | None) -> str:
    codegen.go_mod_tidy(project)
    return "go.mod and go.sum are tidy"


def _templ(project: Path, arg: str | None) -> str:
    return "templ files generated" if codegen.templ_generate(project) else "no .templ files"


def _sqlc(project: Path, arg: str | None) -> str:
    codegen.sqlc_generate(project)
    return "sqlc code generated"


def _git_init(project: Path, arg: str | None) -> str:
    return gitinit.init_and_commit(project)


def _wire(project: Path, arg: str | None) -> str:
    if not arg:
        raise TracksError("wire needs the path of a wiring declaration", exit_code=2)
    changed = wiring.rewire(project, arg)
    return f"wired {', '.join(changed)}" if changed else "wiring already in place"


def _regenerate(project: Path, arg: str | None) -> str:
    return codegen.regenerate(project)


STEPS: dict[str, Callable[[Path, str | None], str]] = {
    "go-mod-tidy": _tidy,
    "templ-generate": _templ,
    "sqlc-generate": _sqlc,
    "git-init": _git_init,
    "wire": _wire,
    "regenerate": _regenerate,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2 or args[0] not in STEPS:
        print(f"usage: tasks.py {{{'|'.join(STEPS)}}} [arg]", file=sys.stderr)
        return 2
    step, arg = args[0], (args[1] if len(args) == 2 else None)
    project = Path.cwd()
    operation = os.environ.get("COPIER_OPERATION", "copy")
    if not is_real_project(project, operation):
        return 0
    try:
        result = STEPS[step](project, arg)
    except TracksError as exc:
        print(f"tracks: step {step} failed\n{exc.render()}", file=sys.stderr)
        return 1
    print(f"tracks: {step}: {result}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
