"""The job recipe's name rule (copier.yml's validator and `tracks generate job` share it)."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", ["send_digest", "ab", "resize_image2", "x" * 64, "tests"])
def test_good_job_names(recipes: ModuleType, name: str) -> None:
    assert recipes.job_name_error(name) == ""


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("x", "2 characters"),
        ("Send", "lower snake case"),
        ("send-digest", "lower snake case"),
        ("send__digest", "double an underscore"),
        ("", "lower snake case"),
        (None, "lower snake case"),
        ("load_test", "as a test"),
        ("sync_windows", "only for windows"),
        ("resize_amd64", "only for amd64"),
    ],
)
def test_bad_job_names_explain_the_rule(recipes: ModuleType, name: str | None, why: str) -> None:
    message = recipes.job_name_error(name)
    assert why in message
    assert "Example" in message


def test_every_good_job_name_is_a_valid_queue_type(recipes: ModuleType) -> None:
    """internal/jobs.ValidateType's pattern, as its error message states it."""
    source = (ROOT / "template/internal/jobs/envelope.go").read_text()
    pattern = re.search(r"%q: want (\^[^ \"]+\$)", source)
    assert pattern, "internal/jobs/envelope.go no longer states the type pattern"
    for name in ["ab", "send_digest", "x" * 64]:
        assert recipes.job_name_error(name) == ""
        assert re.fullmatch(pattern.group(1), name), name
    assert recipes.job_name_error("x") and not re.fullmatch(pattern.group(1), "x")
