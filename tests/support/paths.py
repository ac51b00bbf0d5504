"""Well-known paths of this repository."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template"
DRIVERS = ("go-libsql", "sqlite3", "postgres")
DEFAULT_DRIVER = "go-libsql"
