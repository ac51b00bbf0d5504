"""Guards for `copier update`: answers that must not change once an app exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ANSWERS_FILE = ".copier-answers.yml"


def stored_answer(destination: object, key: str) -> str | None:
    """The answer `key` recorded in the destination's answers file, or None without one.

    Copier's temporary renders during an update have no answers file, so only the render into
    the user's real project sees the recorded value.
    """
    path = Path(str(destination)) / ANSWERS_FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return None if value is None else str(value)


def database_change_error(value: object, destination: object) -> str:
    """Refuse a different `database` than the one the app was generated with.

    Every driver has its own files, SQL dialect and migrations; switching would leave a mix of
    both behind, so it is refused before Copier writes anything.
    """
    previous = stored_answer(destination, "database")
    if previous is None or previous == str(value):
        return ""
    return (
        f"database cannot change after generation (this app uses {previous!r}, the update asks "
        f"for {value!r}): keep database={previous}, or generate a new app with the new driver "
        "and move your code into it"
    )


#: The last release whose provider answers were recorded but rendered no adapter.
LAST_RELEASE_WITHOUT_PROVIDERS = (0, 8, 0)
RELEASE_TAG = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def rendered_before_providers(commit: str | None) -> bool:
    """Whether `_commit` names a release (an exact tag, not `v0.8.0-3-g1234abc`) from before
    provider answers rendered anything: such an app holds no adapter to leave behind."""
    match = RELEASE_TAG.match(commit or "")
    if match is None:
        return False
    return tuple(int(part) for part in match.groups()) <= LAST_RELEASE_WITHOUT_PROVIDERS


#: The provider questions and the folder (or file) each answer's adapter is generated into.
PROVIDER_QUESTIONS: dict[str, str] = {
    "email_provider": "internal/adapters/email",
    "sms_provider": "internal/adapters/sms",
    "storage_provider": "internal/storage",
    "queue_provider": "internal/jobs",
}


def provider_change_error(value: object, question: object, destination: object) -> str:
    """Refuse a different provider answer (email, SMS, storage, queue) on `copier update`.

    Each answer renders its own adapter files and configuration (conditional file names); an
    update that switched would leave the old adapter's files beside the new one and the
    app's settings describing neither, so it is refused before Copier writes anything. The
    same app runs against another instance of the same provider (moto to AWS, Mailpit to an
    SMTP relay) by environment variables alone. Apps from releases up to 0.8.0 are the exception:
    their provider answers were recorded but rendered nothing, so the update adds the adapter.
    """
    name = str(question)
    previous = stored_answer(destination, name)
    if previous is None or previous == str(value):
        return ""
    if rendered_before_providers(stored_answer(destination, "_commit")):
        # The answer was recorded but rendered nothing then: the update adds the adapter.
        return ""
    where = PROVIDER_QUESTIONS.get(name, "its adapter files")
    return (
        f"{name} cannot change after generation (this app uses {previous!r}, the update asks "
        f"for {value!r}): keep {name}={previous} and point it at another server through "
        f"environment variables (docs/providers.md), or generate a new app with "
        f"{name}={value} and copy its {where} code and settings into this one"
    )
