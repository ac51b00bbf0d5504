"""tests.support.provider_apps: the two e2e provider apps answer every provider question with
a cloud value copier.yml offers, between them cover every cloud value, and plain_env takes
storage and the queue off those providers; edit() refuses a handler the recipe changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import provider_apps, provider_matrix
from tests.support.provider_apps import ALT, ANSWERS, AWS, edit, plain_env

pytestmark = pytest.mark.unit

#: The values an app has without asking for a cloud provider.
LOCAL = {"mailpit", "smtp", "log", "local", "memory"}


def test_each_app_answers_every_provider_question_with_an_offered_value() -> None:
    offered = provider_matrix.choices()
    for kind in (AWS, ALT):
        assert set(ANSWERS[kind]) == set(provider_matrix.PROVIDERS), kind
        for question, value in ANSWERS[kind].items():
            assert value in offered[question], (kind, question, value)


def test_the_two_apps_cover_every_cloud_provider() -> None:
    offered = provider_matrix.choices()
    for question in provider_matrix.PROVIDERS:
        cloud = set(offered[question]) - LOCAL
        assert {ANSWERS[AWS][question], ANSWERS[ALT][question]} == cloud, question
    assert ANSWERS[AWS] == {
        "email_provider": "ses",
        "sms_provider": "sns",
        "storage_provider": "s3",
        "queue_provider": "sqs",
    }


def test_plain_env_keeps_files_in_tmp_and_jobs_in_memory(tmp_path: Path) -> None:
    assert plain_env("SHOP", tmp_path) == {
        "SHOP_STORAGE_PROVIDER": "local",
        "SHOP_STORAGE_LOCAL_DIR": str(tmp_path / "uploads"),
        "SHOP_JOBS_PROVIDER": "memory",
    }


def test_edit_replaces_once_and_refuses_missing_text(tmp_path: Path) -> None:
    path = tmp_path / "h.go"
    path.write_text("a // Do the work here\nb // Do the work here\n")
    edit(path, "// Do the work here", "// done")
    assert path.read_text() == "a // done\nb // Do the work here\n"
    with pytest.raises(AssertionError, match="the job recipe changed"):
        edit(path, "// missing", "x")


def test_the_handler_path_is_the_jobs_recipe_output() -> None:
    assert f"internal/jobs/tasks/{provider_apps.JOB}.go" == provider_apps.HANDLER
