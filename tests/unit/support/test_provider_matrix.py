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
    assert 12 <= len(cells) <= 16, len(cells)
    assert len(set(cells)) == len(cells), "a cell is repeated"
    assert len({c.id for c in cells}) == len(cells)


def test_the_default_apps_come_first_one_per_database() -> None:
    default = provider_matrix.defaults()
    cells = provider_matrix.cells()
    databases = provider_matrix.choices()["database"]
    assert [c.database for c in cells[: len(databases)]] == databases
    assert all(c.is_default(default) for c in cells[: len(databases)])
    assert not any(c.is_default(default) for c in cells[len(databases) :])


def test_generation_is_deterministic() -> None:
    values = provider_matrix.choices()
    default = provider_matrix.defaults()
    assert provider_matrix.generate(values, default) == provider_matrix.generate(values, default)


def test_uncovered_names_missing_pairs() -> None:
    values = provider_matrix.choices()
    cells = provider_matrix.cells()
    missing = provider_matrix.uncovered(cells[:-1], values)
    assert missing, "dropping a cell the greedy chose must uncover some pair"
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


def test_cell_names_its_answers() -> None:
    cell = Cell("postgres", "ses", "sns", "s3", "sqs")
    assert cell.id == "postgres-ses-sns-s3-sqs"
    assert cell.providers == dict(zip(PROVIDERS, ("ses", "sns", "s3", "sqs"), strict=True))
