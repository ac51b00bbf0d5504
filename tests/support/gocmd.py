"""Run go and other tools inside a rendered app, with shared module and build caches."""

from __future__ import annotations

import os
from pathlib import Path

from plumbum import local


def run(
    app: Path, *args: str, env: dict[str, str] | None = None, check: bool = True, timeout: int = 900
) -> tuple[int, str, str]:
    """Run a command in `app`; with check, a non-zero exit fails with the full output."""
    program, *rest = args
    cmd = local[program][tuple(rest)]
    # plumbum snapshots the environment at import; pass ours so fixtures' settings arrive.
    with local.cwd(app), local.env(**{**os.environ, **(env or {})}):
        code, out, err = cmd.run(retcode=None, timeout=timeout)
    if check and code != 0:
        raise AssertionError(
            f"`{' '.join(args)}` exited {code} in {app}\n--- stdout\n{out}\n--- stderr\n{err}"
        )
    return code, out, err
