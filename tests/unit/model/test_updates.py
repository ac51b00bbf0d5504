"""The update guard refuses a database change against the answers the app recorded."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("recorded", "asked", "refused"),
    [
        (None, "postgres", False),
        ("go-libsql", "go-libsql", False),
        ("go-libsql", "postgres", True),
        ("postgres", "sqlite3", True),
    ],
)
def test_database_change_error(
    updates: ModuleType, tmp_path: Path, recorded: str | None, asked: str, refused: bool
) -> None:
    if recorded is not None:
        (tmp_path / ".copier-answers.yml").write_text(f"_commit: v0.1.0\ndatabase: {recorded}\n")
    message = updates.database_change_error(asked, tmp_path)
    assert bool(message) == refused
    if refused:
        assert recorded in message and asked in message and "new app" in message


def test_a_broken_answers_file_does_not_block(updates: ModuleType, tmp_path: Path) -> None:
    (tmp_path / ".copier-answers.yml").write_text("database: [unclosed\n")
    assert updates.database_change_error("postgres", tmp_path) == ""
