"""``tracks update``: bring an app and every recipe run in it to a newer template version.

Copier updates one answers file at a time and refuses a dirty tree, so the update is a series of
steps, each committed before the next:

1. the app (``.copier-answers.yml``) to REF (default: the newest release tag of the app's
   template source, as Copier picks it);
2. each recipe run (``.tracks/<recipe>-<name>.yml``), in the order the runs were created, to
   the version the app now has.

After each step, conflicts stop the update (exit 1) with the files to resolve; otherwise the
generated code is brought in line with its sources (sqlc, templ, ``go mod tidy``: Copier's own
after-update migration runs only between two released versions) and the step is committed. At
the end the app must build (and with ``--test`` pass its tests). Running ``tracks update`` again
after resolving conflicts goes on where it stopped: steps already at REF change nothing.

Each Copier run is a child process, so a template version that imports the ``tracks`` CLI
while rendering (0.4.0 to 0.6.0) can be given its own (tracks/legacy.py); the current template
imports nothing from ``tracks`` (it loads ``model/`` by path), so one child serves both renders
of a step.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hooks import codegen, gitinit, runner
from model import layout
from model.errors import TracksError
from tracks.commands.generate import build
from tracks.legacy import child_env, legacy_pythonpath
from tracks.project import ANSWERS_FILE, Project, read_answers, require_project
from tracks.source import commit_of, is_remote, newest_release, resolve_template, resolve_vcs_ref

GIT_HINT = "install git; an app is updated inside its git repository"

#: The child that runs Copier: no `tracks` import, so the PYTHONPATH decides which one a
#: legacy template gets. Copier's errors become one line and exit code 3.
_COPIER_CHILD = """\
import json, sys
import copier
try:
    copier.run_update(**json.loads(sys.argv[1]))
except KeyboardInterrupt:
    sys.exit(130)
except Exception as exc:
    from copier.errors import CopierError
    known = isinstance(exc, (CopierError, ValueError))
    print(f"copier: {exc}" if known else f"copier: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(3)
"""


@dataclass(frozen=True)
class Step:
    """One Copier update: the answers file (relative to the app root) and what it updates."""

    answers_file: str
    label: str


# ---------------------------------------------------------------------------------------------
# Pure parts
# ---------------------------------------------------------------------------------------------


def is_recipe_answers(rel: str) -> bool:
    """``.tracks/<recipe>-<name>.yml``, not a wiring declaration under ``.tracks/wiring/``."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == layout.TRACKS_DIR and rel.endswith(".yml")


def creation_order(log: str, files: Sequence[str]) -> list[str]:
    """``files`` in the order their first version was committed.

    ``log`` is ``git log --reverse --diff-filter=A --format=%x00%H --name-only``: commits oldest
    first, each a NUL line then the files it added. Files added by one commit, and files no
    commit added (never committed), are ordered by name, the latter last.
    """
    position: dict[str, int] = {}
    commit = -1
    for line in log.splitlines():
        if line.startswith("\0"):
            commit += 1
        elif line.strip() and line.strip() not in position:
            position[line.strip()] = commit
    never = len(position) + 1
    return sorted(files, key=lambda rel: (position.get(rel, never), rel))


def step_label(answers_file: str) -> str:
    """What an answers file updates: ``app`` or ``<recipe> <name>``."""
    if answers_file == ANSWERS_FILE:
        return "app"
    stem = Path(answers_file).stem
    recipe, _, name = stem.partition("-")
    return f"{recipe} {name}" if name else stem


# ---------------------------------------------------------------------------------------------
# git
# ---------------------------------------------------------------------------------------------


def git(root: Path, *args: str, hint: str = GIT_HINT) -> str:
    return runner.check_output(["git", *args], cwd=root, hint=hint)


def require_clean(root: Path) -> None:
    result = runner.capture(["git", "status", "--porcelain"], cwd=root, hint=GIT_HINT)
    if not result.ok:
        raise TracksError(
            f"{root} is not a git repository: `tracks update` needs one to merge your edits",
            hint="run `git init && git add -A && git commit -m 'my app'` first",
        )
    if result.stdout.strip():
        changed = [line[3:] for line in result.stdout.splitlines() if line.strip()]
        shown = ", ".join(changed[:10]) + (f" and {len(changed) - 10} more" if changed[10:] else "")
        raise TracksError(
            f"the app has uncommitted changes: {shown}",
            hint="commit or stash them first (`git stash`), then run `tracks update` again",
        )


def tracked_and_untracked(root: Path) -> list[str]:
    listing = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return sorted(set(filter(None, listing.split("\0"))))


def unmerged(root: Path) -> list[str]:
    out = git(root, "diff", "--name-only", "--diff-filter=U")
    return [line for line in out.splitlines() if line.strip()]


def commit_all(root: Path, message: str) -> bool:
    """Commit everything; False when there was nothing to commit."""
    git(root, "add", "-A")
    if runner.capture(["git", "diff", "--cached", "--quiet"], cwd=root).ok:
        return False
    identity = gitinit.fallback_identity(root)
    git(root, *identity, "commit", "-q", "--no-verify", "-m", message)
    return True


def recipe_runs(root: Path) -> list[str]:
    """The recipe runs' answers files, relative, in the order they were created."""
    folder = root / layout.TRACKS_DIR
    files = sorted(
        f"{layout.TRACKS_DIR}/{path.name}" for path in folder.glob("*.yml") if path.is_file()
    )
    if not files:
        return []
    log = git(
        root,
        "log",
        "--reverse",
        "--diff-filter=A",
        "--format=%x00%H",
        "--name-only",
        "--",
        layout.TRACKS_DIR,
    )
    return creation_order(log, [f for f in files if is_recipe_answers(f)])


# ---------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------


def recorded(root: Path, answers_file: str) -> dict:
    answers = read_answers(root / answers_file)
    if answers is None:
        raise TracksError(
            f"{answers_file} is not a readable answers file",
            hint="restore it from git (`git checkout -- " + answers_file + "`)",
        )
    return answers


def run_copier(
    root: Path,
    step: Step,
    src: str | None,
    ref: str | None,
    pythonpath: str | None,
) -> None:
    """``copier update`` of one answers file, in a child process."""
    options: dict[str, object] = {
        "dst_path": str(root),
        "answers_file": step.answers_file,
        "vcs_ref": ref,
        "defaults": True,
        "overwrite": True,
        "unsafe": True,
        "quiet": True,
        "conflict": "inline",
    }
    if src is not None:
        options["src_path"] = src
    argv = [sys.executable, "-c", _COPIER_CHILD, json.dumps(options)]
    code = runner.stream(argv, cwd=root, stop_on_interrupt=True, env=child_env(pythonpath))
    if code != 0:
        raise TracksError(
            f"`copier update` of the {step.label} failed (exit status {code}; its output is above)",
            hint="the steps before it are committed (`git log`); this one may have left files "
            "changed (`git status`): put them back with `git reset --hard && git clean -fd`, fix "
            "the cause, and run `tracks update` again",
            exit_code=1,
        )


def stop_on_conflicts(root: Path, step: Step, old: str, new: str) -> None:
    files = sorted({*codegen.conflicted_files(root, tracked_and_untracked(root)), *unmerged(root)})
    if files:
        listing = "\n".join(f"  {rel}" for rel in files)
        raise TracksError(
            f"the update of the {step.label} ({old} -> {new}) left conflicts in:\n{listing}",
            hint="resolve each one (keep what you want between `<<<<<<< before updating` and "
            "`>>>>>>> after updating`; a .rej file holds a change that did not apply: apply it "
            "by hand, then delete it), `git add` the files, commit, and run `tracks update` "
            "again",
            exit_code=1,
        )


def regenerate(root: Path, tidy: bool) -> None:
    """sqlc and templ code (and with ``tidy``, go.mod and go.sum) in line with their sources,
    as the step left them."""
    try:
        codegen.generate_code(root, tidy=tidy)
    except TracksError as exc:
        raise TracksError(
            exc.message,
            hint="the output above names the failing file; fix it, commit, run `tracks update` "
            "again",
            exit_code=1,
        ) from exc


def _local_git(template: str) -> bool:
    """Whether ``template`` is a local folder (whose git history can answer questions)."""
    return not is_remote(template) and Path(template).is_dir()


def at_target(template: str, recorded_commit: str, ref: str | None) -> bool:
    """Whether a step recorded at ``recorded_commit`` is already at ``ref`` of ``template``:
    the same commit of a local git template (for ``HEAD``, a clean one: Copier renders its
    uncommitted changes too). Remote templates and unknown refs are never skipped."""
    if not ref or not recorded_commit or not _local_git(template):
        return False
    old, new = commit_of(template, recorded_commit), commit_of(template, ref)
    if old is None or old != new:
        return False
    if ref == "HEAD":
        return not runner.capture(["git", "-C", template, "status", "--porcelain"]).stdout.strip()
    return True


def refuse_downgrade(template: str, recorded_commit: str, ref: str | None) -> None:
    """Refuse, before anything runs, a ``ref`` older than the app's version (Copier refuses
    downgrades): an app made from HEAD is past the newest release tag."""
    if not ref or not recorded_commit or not _local_git(template):
        return
    newer = runner.capture(
        ["git", "-C", template, "merge-base", "--is-ancestor", ref, recorded_commit]
    )
    if newer.ok and commit_of(template, ref) != commit_of(template, recorded_commit):
        raise TracksError(
            f"the app is at template version {recorded_commit}, newer than {ref}",
            hint="pass --vcs-ref HEAD (or a newer tag) to update past it",
        )


def update_step(
    root: Path, step: Step, src: str | None, ref: str | None, scratch: Path
) -> tuple[str, str]:
    """Update one answers file, check for conflicts, regenerate, commit; returns the versions
    (old, new). A step already at ``ref`` is left as it is."""
    before = recorded(root, step.answers_file)
    old = str(before.get("_commit") or "?")
    template = src or template_path(root, str(before.get("_src_path") or ""))
    if at_target(template, str(before.get("_commit") or ""), ref):
        print(f"up to date: {step.label} ({old})")
        return old, old
    legacy = legacy_pythonpath(template, [ref, old if old != "?" else None], scratch)
    print(f"tracks update: {step.label} (from {old}) ...", flush=True)
    run_copier(root, step, src, ref, legacy)
    new = str(recorded(root, step.answers_file).get("_commit") or "?")
    stop_on_conflicts(root, step, old, new)
    regenerate(root, tidy=step.answers_file == ANSWERS_FILE)
    if commit_all(root, f"tracks update: {step.label} {old} -> {new}"):
        print(f"committed: {step.label} {old} -> {new}")
    else:
        print(f"unchanged: {step.label} ({new})")
    return old, new


def target_ref(where: str, vcs_ref: str | None) -> str | None:
    """The ref every step goes to: ``--vcs-ref`` (checked), else the newest release tag of a
    local git template; None (Copier picks) for a remote one or a folder without git."""
    if vcs_ref:
        return resolve_vcs_ref(where, vcs_ref)
    if not _local_git(where):
        return None
    listed = runner.capture(["git", "-C", where, "tag", "--list"])
    return newest_release(listed.stdout.split()) if listed.ok else None


def check_app(root: Path, test: bool) -> None:
    hint = "the output above names the failing file; fix it, commit, run `tracks update` again"
    build(root, hint)
    if not test:
        return
    if (root / "Makefile").is_file() and runner.which("make"):
        runner.check_stream(["make", "test"], cwd=root, hint=hint, stop_on_interrupt=True)
    else:
        runner.check_stream(["go", "test", "./..."], cwd=root, hint=hint, stop_on_interrupt=True)


def template_path(root: Path, src: str) -> str:
    """A recorded ``_src_path`` as Copier reads it from the app's root."""
    if not src or is_remote(src):
        return src
    return str((root / Path(src).expanduser()).resolve())


def update_in(project: Project, template: str | None, vcs_ref: str | None, test: bool) -> None:
    """The whole update inside ``project.root`` (a clean git work tree).

    ``template`` (``--template``) replaces the recorded source; ``vcs_ref`` (``--vcs-ref``)
    must name a commit of the source. Without it: the newest release tag of a local template
    (:func:`target_ref`); Copier's pick for a remote one.
    """
    root = project.root
    src = resolve_template(template) if template else None
    where = src or template_path(root, str(project.answers.get("_src_path") or ""))
    if not where:
        raise TracksError(
            f"{ANSWERS_FILE} does not say where the app's template is (no _src_path)",
            hint="pass --template SRC (a path or git URL of the Tracks template)",
        )
    ref = target_ref(where, vcs_ref)
    refuse_downgrade(where, str(project.answers.get("_commit") or ""), ref)
    with tempfile.TemporaryDirectory(prefix="tracks-update-") as tmp:
        scratch = Path(tmp)
        _, app_version = update_step(root, Step(ANSWERS_FILE, "app"), src, ref, scratch)
        # The recipes follow the app: the ref it was given, else the version it got.
        recipe_ref = ref or app_version
        for rel in recipe_runs(root):
            update_step(root, Step(rel, step_label(rel)), src, recipe_ref, scratch)
    # Once more for the whole app: a step skipped as up to date may be one whose conflicts the
    # user resolved by hand, after which nothing has regenerated its code yet.
    regenerate(root, tidy=True)
    if commit_all(root, "tracks update: regenerate sqlc and templ code, tidy go.mod"):
        print("committed: regenerated code")
    check_app(root, test)


def pretend(project: Project, template: str | None, vcs_ref: str | None, test: bool) -> int:
    """Run the update in a temporary clone of the app and show what it would change."""
    root = project.root
    head = git(root, "rev-parse", "HEAD").strip()
    with tempfile.TemporaryDirectory(prefix="tracks-update-pretend-") as tmp:
        clone = Path(tmp) / root.name
        git(root, "clone", "-q", "--no-hardlinks", str(root), str(clone))
        copied = find_clone_project(clone, project)
        failure: TracksError | None = None
        try:
            update_in(copied, template, vcs_ref, test)
        except TracksError as exc:
            failure = exc
        git(clone, "add", "-A")
        stat = git(clone, "diff", "--cached", "--stat=200,160", head)
        print(f"tracks update --pretend: what the update would change in {root} (untouched):")
        print(stat.rstrip() or "  nothing")
        if failure is not None:
            raise TracksError(
                f"the update would stop: {failure.message}",
                hint="the app is untouched; run `tracks update` to do it and resolve there",
                exit_code=failure.exit_code,
            ) from failure
    return 0


def find_clone_project(clone: Path, project: Project) -> Project:
    answers = read_answers(clone / ANSWERS_FILE)
    return Project(root=clone, answers=answers if answers is not None else project.answers)


def update(
    template: str | None = None,
    vcs_ref: str | None = None,
    test: bool = False,
    dry_run: bool = False,
) -> int:
    """``tracks update``: see the module's docstring. ``dry_run`` is ``--pretend``."""
    project = require_project()
    require_clean(project.root)
    if dry_run:
        return pretend(project, template, vcs_ref, test)
    update_in(project, template, vcs_ref, test)
    print("updated: the app and its recipes build" + (" and pass their tests" if test else ""))
    return 0
