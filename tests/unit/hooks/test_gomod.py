"""hooks/gomod.py: go.mod and go.sum conflicts from `copier update` resolved as Go would."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks import gomod

pytestmark = pytest.mark.unit

# What an update from 0.8.0 left: the user's tidy had moved x/net up, the new version adds
# goleak and raises oauth2 beside it.
# The markers are joined in at run time: the repository's check-merge-conflict hook would take
# them, at the start of a line here, for a conflict left in this file.
CONFLICTED = f"""module example.com/shop

require (
\tgithub.com/wneessen/go-mail v0.8.1
{gomod.BEGIN}
\tgolang.org/x/net v0.61.0
\tgolang.org/x/oauth2 v0.36.0
{gomod.MIDDLE}
\tgo.uber.org/goleak v1.3.0
\tgolang.org/x/net v0.61.0
\tgolang.org/x/oauth2 v0.37.0
{gomod.END}
\tgolang.org/x/text v0.43.0
)
"""

RESOLVED = """module example.com/shop

require (
\tgithub.com/wneessen/go-mail v0.8.1
\tgo.uber.org/goleak v1.3.0
\tgolang.org/x/net v0.61.0
\tgolang.org/x/oauth2 v0.37.0
\tgolang.org/x/text v0.43.0
)
"""


def test_a_go_mod_conflict_keeps_every_module_at_its_higher_version(tmp_path: Path) -> None:
    path = tmp_path / "go.mod"
    path.write_text(CONFLICTED)
    assert gomod.resolve(path) is True
    assert path.read_text() == RESOLVED
    assert gomod.resolve(path) is False  # nothing left to resolve


def test_the_users_newer_version_and_indirect_marker_win_when_higher(tmp_path: Path) -> None:
    path = tmp_path / "go.mod"
    path.write_text(
        "require (\n<<<<<<< before updating\n\texample.com/a v1.10.0 // indirect\n"
        "\texample.com/mine v0.1.0\n=======\n\texample.com/a v1.9.0\n>>>>>>> after updating\n)\n"
    )
    assert gomod.resolve(path)
    assert path.read_text() == (
        "require (\n\texample.com/a v1.10.0 // indirect\n\texample.com/mine v0.1.0\n)\n"
    )


def test_go_sum_keeps_every_checksum_once(tmp_path: Path) -> None:
    path = tmp_path / "go.sum"
    path.write_text(
        "a v1 h1:x=\n<<<<<<< before updating\nb v1 h1:y=\nc v1 h1:z=\n=======\n"
        "b v1 h1:y=\nd v1 h1:w=\n>>>>>>> after updating\n"
    )
    assert gomod.resolve(path)
    assert path.read_text() == "a v1 h1:x=\nb v1 h1:y=\nc v1 h1:z=\nd v1 h1:w=\n"


def test_files_without_conflicts_or_with_an_unterminated_one_are_left_alone(
    tmp_path: Path,
) -> None:
    clean = tmp_path / "go.mod"
    clean.write_text("module x\n")
    assert gomod.resolve(clean) is False
    assert gomod.resolve(tmp_path / "missing" / "go.mod") is False
    broken = tmp_path / "go.sum"
    broken.write_text("<<<<<<< before updating\na v1 h1:x=\n")
    assert gomod.resolve(broken) is False
    assert broken.read_text() == "<<<<<<< before updating\na v1 h1:x=\n"


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("v0.36.0", "v0.37.0"),
        ("v1.9.0", "v1.10.0"),
        ("v1.2.3-rc.1", "v1.2.3"),
        ("v0.0.0-20250101000000-abcdef123456", "v0.0.1"),
    ],
)
def test_version_order(low: str, high: str) -> None:
    assert gomod.version_key(low) < gomod.version_key(high)
