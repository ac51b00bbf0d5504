"""One owner of the driver list: model/fields.py's DRIVERS, which copier.yml's `database`
choices must equal (copier.yml cannot import it, so this test holds the two together)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from model.fields import DRIVERS
from tracks.commands import doctor, new

pytestmark = pytest.mark.unit

COPIER_YML = Path(__file__).resolve().parents[3] / "copier.yml"


def test_copier_yml_offers_exactly_the_model_drivers() -> None:
    question = yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))["database"]
    assert list(question["choices"].values()) == list(DRIVERS)
    assert question["default"] in DRIVERS


def test_the_cli_takes_its_driver_lists_from_the_model() -> None:
    assert tuple(DRIVERS) == new.DATABASES
    assert set(doctor.SQLITE_DRIVERS) == {
        d for d, dialect in DRIVERS.items() if dialect == "sqlite"
    }
