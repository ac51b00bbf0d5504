"""The build tier's pairwise matrix covers every pair of answers across the five questions."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.support import provider_matrix
from tests.support.provider_matrix import PROVIDERS, QUESTIONS, Cell

pytestmark = pytest.mark.unit


def test_values_come_from_copier_yml() -> None:
    values = provider_matrix.choices()
    assert values["database"] == ["go-libsql", "sqlite3", "postgres"]
    assert values["email_provider"] == ["mailpit", "smtp", "ses", "sendgrid"]
    assert values["sms_provider"] == ["log", "sns", "twilio"]
    assert values["storage_provider"] == ["local", "s3", "r2"]
    assert values["queue_provider"] == ["memory", "sqs", "pubsub"]


def test_every_pair_of_values_is_in_some_cell() -> None:
    values = provider_matrix.choices()
    cells = provider_matrix.cells()
    assert provider_matrix.uncovered(cells, values) == set()
    # Checked again without the module's helpers: every pair, spelled out.
    for (i, first), (j, second) in itertools.combinations(enumerate(QUESTIONS), 2):
        for a, b in itertools.product(values[first], values[second]):
            assert any(c.values[i] == a and c.values[j] == b for c in cells), (first, a, second, b)


def test_every_value_appears_and_the_matrix_is_small() -> None:
    values = provider_matrix.choices()
    cells = provider_matrix.cells()
    for index, question in enumerate(QUESTIONS):
        assert {c.values[index] for c in cells} == set(values[question])
    assert len(cells) == provider_matrix.lower_bound(values) == 12, len(cells)
    assert len(set(cells)) == len(cells), "a cell is repeated"
    assert len({c.id for c in cells}) == len(cells)


def test_the_default_app_comes_first_and_only_once() -> None:
    default = provider_matrix.defaults()
    cells = provider_matrix.cells()
    assert cells[0].values == tuple(default[q] for q in QUESTIONS)
    assert not any(c.is_default(default) for c in cells[1:])


def test_generation_is_deterministic() -> None:
    values = provider_matrix.choices()
    default = provider_matrix.defaults()
    assert provider_matrix.generate(values, default) == provider_matrix.generate(values, default)


def test_uncovered_names_missing_pairs() -> None:
    values = provider_matrix.choices()
    cells = provider_matrix.cells()
    missing = provider_matrix.uncovered(cells[:-1], values)
    assert missing, "dropping a cell of the smallest set must uncover some pair"
    assert all(pair in provider_matrix.pairs_of(cells[-1].values) for pair in missing)


def test_a_new_choice_joins_the_matrix(tmp_path: Path) -> None:
    """copier.yml is the source: a fifth email provider is covered without editing the kit."""
    text = (provider_matrix.REPO / "copier.yml").read_text()
    text = text.replace(
        "[mailpit, smtp, ses, sendgrid]", "[mailpit, smtp, ses, sendgrid, postmark]"
    )
    copier_yml = tmp_path / "copier.yml"
    copier_yml.write_text(text)
    values = provider_matrix.choices(copier_yml)
    cells = provider_matrix.generate(values, provider_matrix.defaults(copier_yml))
    assert provider_matrix.uncovered(cells, values) == set()
    assert "postmark" in {c.email_provider for c in cells}
    assert len(cells) == provider_matrix.lower_bound(values) == 15


def test_the_lower_bound_is_the_two_widest_questions() -> None:
    values = {"a": ["1", "2"], "b": ["1", "2", "3", "4"], "c": ["1", "2", "3"]}
    assert provider_matrix.lower_bound(values) == 12


def test_cell_names_its_answers() -> None:
    cell = Cell("postgres", "ses", "sns", "s3", "sqs")
    assert cell.id == "postgres-ses-sns-s3-sqs"
    assert cell.providers == dict(zip(PROVIDERS, ("ses", "sns", "s3", "sqs"), strict=True))
