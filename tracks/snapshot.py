"""All or nothing for commands that write into an app: ``tracks generate`` and ``tracks destroy``.

Before writing, a command saves every path it will touch (the files it creates or deletes, the
wiring files it edits, its answers file) and watches the folders that code generators write to
(sqlc's ``internal/db/generated``, templ's ``*_templ.go``, new migrations). When a later step
fails, or the user interrupts it (Ctrl-C, SIGTERM), :func:`all_or_nothing` puts every saved file
back, deletes every file that appeared in a watched place, removes the folders the command made,
and reports that nothing was changed.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from model.errors import TracksError

#: Where code generators write in an app, relative to its root: new files there are removed on
#: rollback, and the existing ones are restored.
GENERATED: tuple[str, ...] = (
    "internal/db/generated/*",
    "internal/db/migrations/*",
    "**/*_templ.go",
)

#: Folders no glob looks into: version control, tools' caches, build output.
_SKIPPED = frozenset({".git", "node_modules", "bin", "tmp", "data", "vendor"})

#: The signals that stop a command and roll it back (SIGINT arrives as KeyboardInterrupt).
_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(BaseException):
    """A stopping signal arrived (SIGTERM, SIGHUP); like KeyboardInterrupt, not an Exception."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class _Saved:
    content: bytes | None  # None: the file did not exist
    mode: int | None = None


@dataclass
class Snapshot:
    """The state of the paths a command touches, taken before it writes."""

    root: Path
    _saved: dict[Path, _Saved] = field(default_factory=dict)
    _watched: dict[str, set[Path]] = field(default_factory=dict)
    _new_dirs: set[Path] = field(default_factory=set)
    _dirs: set[Path] | None = None  # every folder when watching began

    def save(self, paths: Iterable[str | Path]) -> None:
        """Remember each path as it is now (its bytes and mode, or that it does not exist),
        and the folders that would have to be created for it. A path saved twice keeps its
        first state."""
        for rel in paths:
            path = self.root / rel
            if path in self._saved:
                continue
            if path.is_file():
                self._saved[path] = _Saved(path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
            else:
                self._saved[path] = _Saved(None)
                parent = path.parent
                while parent != self.root and not parent.exists():
                    self._new_dirs.add(parent)
                    parent = parent.parent

    def watch(self, patterns: Iterable[str] = GENERATED) -> None:
        """Save every file matching the globs now; files that match later are new ones."""
        if self._dirs is None:
            self._dirs = {Path(folder) for folder, _, _ in self._walk()}
        for pattern in patterns:
            found = self._glob(pattern)
            self._watched[pattern] = found
            self.save(found)

    def _glob(self, pattern: str) -> set[Path]:
        if not pattern.startswith("**/"):
            return {p for p in self.root.glob(pattern) if p.is_file()}
        found: set[Path] = set()
        for folder, _, files in self._walk():
            here = Path(folder)
            found.update(here / f for f in files if (here / f).match(pattern.removeprefix("**/")))
        return found

    def _walk(self) -> Iterator[tuple[str, list[str], list[str]]]:
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = [d for d in dirs if d not in _SKIPPED and not d.startswith(".")]
            yield folder, dirs, files

    def changed(self) -> list[str]:
        """The saved or watched files that differ from the snapshot now, relative to the root."""
        paths = set(self._saved)
        for pattern, before in self._watched.items():
            paths |= self._glob(pattern) - before
        return sorted(p.relative_to(self.root).as_posix() for p in paths if self._differs(p))

    def _differs(self, path: Path) -> bool:
        saved = self._saved.get(path, _Saved(None))
        if saved.content is None:
            return path.exists()
        return not path.is_file() or path.read_bytes() != saved.content

    def restore(self) -> list[str]:
        """Put every saved file back as it was and remove what appeared; returns what changed."""
        changed = self.changed()
        for rel in changed:
            path = self.root / rel
            saved = self._saved.get(path, _Saved(None))
            if saved.content is None:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
                self._forget_new_folders(path.parent)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            path.write_bytes(saved.content)
            if saved.mode is not None:
                path.chmod(saved.mode)
        for folder in sorted(self._new_dirs, key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        return changed

    def _forget_new_folders(self, folder: Path) -> None:
        """Note the folders above a removed file that did not exist when watching began."""
        if self._dirs is None:
            return
        while folder != self.root and folder not in self._dirs:
            self._new_dirs.add(folder)
            folder = folder.parent

    def keep_copy(self, rels: Iterable[str], prefix: str) -> Path | None:
        """Copy the given files as they are now into a new temporary folder, for inspection."""
        present = [rel for rel in rels if (self.root / rel).is_file()]
        if not present:
            return None
        dst = Path(tempfile.mkdtemp(prefix=prefix))
        for rel in present:
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.root / rel, dst / rel)
        return dst


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextmanager
def _signals(handler: object) -> Iterator[None]:
    """Handle the stopping signals (and SIGINT, when ignoring) with ``handler`` for the block.

    Only the main thread may set handlers; elsewhere the block runs with the current ones.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = (signal.SIGINT, *_STOPPING) if handler is signal.SIG_IGN else _STOPPING
    previous = {sig: signal.signal(sig, handler) for sig in wanted}  # type: ignore[arg-type]
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def exit_code_of(exc: BaseException) -> int:
    """A shell's status for a command stopped by a signal: 128 + its number (130 for Ctrl-C)."""
    if isinstance(exc, Interrupted):
        return 128 + exc.signum
    return 128 + signal.SIGINT


@contextmanager
def all_or_nothing(root: Path, what: str) -> Iterator[Snapshot]:
    """Run the block with a :class:`Snapshot` of ``root``; on any failure or interrupt, restore
    it before the error goes on. ``what`` names the command in messages (``generate resource
    post``).

    A TracksError keeps its exit code and gains "nothing was changed"; an interrupt becomes a
    TracksError with exit code 128 + the signal (130 for Ctrl-C). Further signals are ignored
    while the files are put back, so a second Ctrl-C cannot leave the app half restored.
    """
    snapshot = Snapshot(root)
    with _signals(_raise_interrupted):
        try:
            yield snapshot
        except BaseException as exc:
            with _signals(signal.SIG_IGN):
                restored = snapshot.restore()
            note = f"{what} was rolled back, nothing was changed" + (
                f" ({len(restored)} files restored)" if restored else ""
            )
            if isinstance(exc, KeyboardInterrupt | Interrupted):
                raise TracksError(
                    f"interrupted: {note}", hint=None, exit_code=exit_code_of(exc)
                ) from None
            if isinstance(exc, TracksError):
                raise TracksError(
                    f"{exc.message}\n{note}", hint=exc.hint, exit_code=exc.exit_code
                ) from exc
            raise
