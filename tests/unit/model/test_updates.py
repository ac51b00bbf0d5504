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


@pytest.mark.parametrize(
    ("question", "recorded", "asked", "refused"),
    [
        ("email_provider", None, "ses", False),
        ("email_provider", "mailpit", "mailpit", False),
        ("email_provider", "mailpit", "ses", True),
        ("sms_provider", "sns", "twilio", True),
        ("storage_provider", "local", "s3", True),
        ("storage_provider", "r2", "r2", False),
        ("queue_provider", "sqs", "pubsub", True),
        ("queue_provider", "memory", "memory", False),
    ],
)
def test_provider_change_error(
    updates: ModuleType,
    tmp_path: Path,
    question: str,
    recorded: str | None,
    asked: str,
    refused: bool,
) -> None:
    if recorded is not None:
        (tmp_path / ".copier-answers.yml").write_text(
            f"_commit: v0.9.0\ndatabase: go-libsql\n{question}: {recorded}\n"
        )
    message = updates.provider_change_error(asked, question, tmp_path)
    assert bool(message) == refused
    if refused:
        assert f"{question} cannot change" in message
        assert repr(recorded) in message and repr(asked) in message
        assert "environment variables" in message and "new app" in message


def test_provider_change_error_ignores_other_answers(updates: ModuleType, tmp_path: Path) -> None:
    """An app whose answers file predates a question (or holds only others) is not blocked."""
    (tmp_path / ".copier-answers.yml").write_text("database: postgres\nemail_provider: ses\n")
    assert updates.provider_change_error("s3", "storage_provider", tmp_path) == ""
    assert updates.provider_change_error("ses", "email_provider", tmp_path) == ""


def test_every_provider_question_is_guarded_in_copier_yml(updates: ModuleType) -> None:
    import yaml

    root = Path(__file__).resolve().parents[3]
    questions = yaml.safe_load((root / "copier.yml").read_text())
    for name in updates.PROVIDER_QUESTIONS:
        validator = questions[name]["validator"]
        assert f"provider_change_error('{name}', _copier_conf.dst_path)" in validator


@pytest.mark.parametrize(
    ("commit", "refused"),
    [
        ("v0.8.0", False),
        ("v0.5.0", False),
        ("v0.8.0-3-g1234abc", True),
        ("v0.9.0", True),
        ("v1.0.0", True),
        (None, True),
    ],
)
def test_an_app_from_before_the_providers_may_choose_one(
    updates: ModuleType, tmp_path: Path, commit: str | None, refused: bool
) -> None:
    """Releases up to 0.8.0 recorded the provider answers but rendered no adapter, so their
    apps may change an answer on update; later ones (and dev commits) may not."""
    stamp = f"_commit: {commit}\n" if commit else ""
    (tmp_path / ".copier-answers.yml").write_text(f"{stamp}email_provider: mailpit\n")
    message = updates.provider_change_error("ses", "email_provider", tmp_path)
    assert bool(message) == refused
