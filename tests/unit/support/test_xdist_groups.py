from __future__ import annotations

from tests.support.xdist_groups import TIER_ORDER, scope_of, tier_rank

MATRIX = "tests/build/test_provider_matrix.py"


def test_a_module_is_one_unit_by_default() -> None:
    assert scope_of("tests/e2e/test_web.py::test_home[sqlite3]") == "tests/e2e/test_web.py"
    assert scope_of("tests/e2e/test_web.py::test_home") == "tests/e2e/test_web.py"


def test_a_split_module_has_a_unit_per_parameter_set() -> None:
    a = scope_of(f"{MATRIX}::test_cell_is_lint_clean[go-libsql-ses-log-s3-sqs]")
    b = scope_of(f"{MATRIX}::test_cell_builds_vets_and_is_tidy[go-libsql-ses-log-s3-sqs]")
    c = scope_of(f"{MATRIX}::test_cell_is_lint_clean[postgres-smtp-sns-r2-memory]")
    assert a == b != c
    assert a == f"{MATRIX}::[go-libsql-ses-log-s3-sqs]"


def test_a_test_of_a_split_module_without_parameters_stays_with_its_module() -> None:
    assert (
        scope_of("tests/update/test_update.py::test_page_recipe") == "tests/update/test_update.py"
    )


def test_tiers_run_slowest_first_and_unknown_folders_last() -> None:
    ranks = [tier_rank(f"tests/{tier}/test_x.py::test_y") for tier in TIER_ORDER]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert tier_rank("tests/other/test_x.py::t") == len(TIER_ORDER)
    assert tier_rank("test_top.py::t") == len(TIER_ORDER)
