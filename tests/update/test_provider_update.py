"""Update tier, provider answers: an update that changes no answer leaves an app with
non-default providers untouched, and an update that changes a provider answer is refused
before Copier writes anything (each answer renders its own adapter files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plumbum import local

from tests.support.gitrepo import commit_all, git
from tests.support.paths import DRIVERS
from tests.support.releases import copy_working_tree
from tests.support.render import answers, render
from tests.update.test_update import update

pytestmark = pytest.mark.update

#: The AWS provider set: every answer away from its default.
AWS_PROVIDERS = {
    "email_provider": "ses",
    "sms_provider": "sns",
    "storage_provider": "s3",
    "queue_provider": "sqs",
}

#: For each provider question, another answer than AWS_PROVIDERS'.
OTHER_ANSWER = {
    "email_provider": "sendgrid",
    "sms_provider": "twilio",
    "storage_provider": "r2",
    "queue_provider": "pubsub",
}


#: A release after 0.8.0, the last whose provider answers rendered nothing (apps from those may
#: still pick a provider on update; tests/unit/model/test_updates.py covers that).
TAG = "v0.9.0"


def clone_template(dst: Path) -> Path:
    """A git repository at dst holding this working tree's template, tagged TAG."""
    copy_working_tree(dst)
    local["git"]["init", "-q", "-b", "main", str(dst)]()
    commit_all(dst, f"template {TAG}")
    git(dst, "tag", TAG)
    return dst


@pytest.fixture(scope="module")
def aws_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An app (from this working tree tagged TAG) with the AWS providers, committed by its
    git-init task; the tests below must leave it as they found it."""
    base = tmp_path_factory.mktemp("provider-update")
    template = clone_template(base / "tracks")
    app = render(base / "shop", answers(DRIVERS[0], **AWS_PROVIDERS), src=template, vcs_ref=TAG)
    assert f"_commit: {TAG}\n" in (app / ".copier-answers.yml").read_text()
    stored = (app / ".copier-answers.yml").read_text()
    for question, value in AWS_PROVIDERS.items():
        assert f"{question}: {value}\n" in stored
    return app


def files(app: Path) -> list[str]:
    return sorted(str(p.relative_to(app)) for p in app.rglob("*") if ".git" not in p.parts)


@pytest.mark.parametrize("question", sorted(AWS_PROVIDERS))
def test_update_refuses_to_change_a_provider(aws_app: Path, question: str) -> None:
    head = git(aws_app, "rev-parse", "HEAD")
    before = files(aws_app)
    asked = OTHER_ANSWER[question]
    with pytest.raises(ValueError, match=f"{question} cannot change") as refused:
        update(aws_app, data={question: asked})
    message = str(refused.value)
    assert repr(AWS_PROVIDERS[question]) in message and repr(asked) in message
    assert "environment variables" in message
    assert git(aws_app, "status", "--porcelain", "--untracked-files=all").strip() == ""
    assert git(aws_app, "rev-parse", "HEAD") == head
    assert files(aws_app) == before


def test_update_with_unchanged_provider_answers_changes_nothing(aws_app: Path) -> None:
    env_before = (aws_app / ".env").read_bytes()
    head = git(aws_app, "rev-parse", "HEAD")
    update(aws_app, data=dict(AWS_PROVIDERS))
    assert git(aws_app, "status", "--porcelain", "--untracked-files=all").strip() == ""
    assert git(aws_app, "rev-parse", "HEAD") == head
    assert (aws_app / ".env").read_bytes() == env_before
    stored = (aws_app / ".copier-answers.yml").read_text()
    for question, value in AWS_PROVIDERS.items():
        assert f"{question}: {value}\n" in stored
