"""Read a generated Dockerfile the way the tests need it: its instructions (continuation lines
joined), and the build stage's `go build` command as a shell script that can run outside Docker.

No Docker here: the deployment tests prove the Dockerfile by linting it (hadolint) and by
replaying its own build command, taken from the file rather than copied into the test, so the
replay breaks when the Dockerfile changes in a way the test does not follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def instructions(text: str) -> list[Instruction]:
    """The Dockerfile's instructions, comments dropped and `\\` continuations joined."""
    out: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction is not part of it
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        # Continuations leave runs of blanks; one blank reads the same to the shell here.
        full = " ".join((pending + line).split())
        pending = ""
        keyword, _, args = full.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip()))
    return out


def build_script(text: str, out_dir: Path) -> str:
    """The build stage's RUN that calls `go build`, as a shell script writing to out_dir.

    BuildKit's `--mount=...` options are dropped (the caches are Go's own folders outside
    Docker) and the absolute output folder /out becomes out_dir. The ARGs it reads (VERSION,
    REVISION) come from the environment the caller runs it in.
    """
    runs = [i.args for i in instructions(text) if i.keyword == "RUN" and "go build" in i.args]
    assert len(runs) == 1, f"want one RUN with go build, got {runs}"
    script = re.sub(r"--mount=\S+\s+", "", runs[0])
    # The path lands inside the Dockerfile's own quotes, so it must need no quoting itself.
    assert re.fullmatch(r"[\w./-]+", str(out_dir)), out_dir
    script = re.sub(r'(?<![\w/])/out(?=[/\s"]|$)', str(out_dir), script)
    return script


def arg_defaults(text: str) -> dict[str, str]:
    """Each ARG with a default: name → value."""
    out: dict[str, str] = {}
    for i in instructions(text):
        if i.keyword == "ARG" and "=" in i.args:
            name, _, value = i.args.partition("=")
            out[name] = value
    return out


def stages(text: str) -> list[str]:
    """The image of each FROM, in order (the last is the runtime image)."""
    return [i.args.split()[0] for i in instructions(text) if i.keyword == "FROM"]
