"""Well-known paths of this repository, and the drivers this run covers."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template"
ALL_DRIVERS = ("go-libsql", "sqlite3", "postgres")
DEFAULT_DRIVER = "go-libsql"

# A CI matrix cell sets TRACKS_DRIVERS=postgres (say) to run every tier for one driver only.
DRIVERS = tuple(
    d
    for d in os.environ.get("TRACKS_DRIVERS", ",".join(ALL_DRIVERS)).split(",")
    if d in ALL_DRIVERS
)


def only_with(driver: str) -> pytest.MarkDecorator:
    """Mark a test that is about one driver, so matrix cells for other drivers leave it out."""
    return pytest.mark.skipif(driver not in DRIVERS, reason=f"TRACKS_DRIVERS excludes {driver}")
