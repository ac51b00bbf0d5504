"""Entry point of Copier's `_tasks`: `python hooks/tasks.py <step>`, run in the destination.

Copier runs this file by path from the template checkout, where `hooks` is not an installed
package, so the repository root is put on sys.path before importing the step modules.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks import codegen, gitinit
from hooks.errors import HookError
from hooks.project import is_real_project


def _tidy(project: Path) -> str:
    codegen.go_mod_tidy(project)
    return "go.mod and go.sum are tidy"


def _templ(project: Path) -> str:
    return "templ files generated" if codegen.templ_generate(project) else "no .templ files"


def _sqlc(project: Path) -> str:
    codegen.sqlc_generate(project)
    return "sqlc code generated"


STEPS: dict[str, Callable[[Path], str]] = {
    "go-mod-tidy": _tidy,
    "templ-generate": _templ,
    "sqlc-generate": _sqlc,
    "git-init": gitinit.init_and_commit,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in STEPS:
        print(f"usage: tasks.py {{{'|'.join(STEPS)}}}", file=sys.stderr)
        return 2
    step = args[0]
    project = Path.cwd()
    operation = os.environ.get("COPIER_OPERATION", "copy")
    if not is_real_project(project, operation):
        return 0
    try:
        result = STEPS[step](project)
    except HookError as exc:
        print(f"tracks: step {step} failed\n{exc.render()}", file=sys.stderr)
        return 1
    print(f"tracks: {step}: {result}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
