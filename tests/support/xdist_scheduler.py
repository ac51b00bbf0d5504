"""The pytest-xdist scheduler of the suite: xdist's load-by-scope, with the scopes of
tests/support/xdist_groups.py. Imported only when xdist runs (tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from xdist.scheduler import LoadScopeScheduling

from tests.support import xdist_groups


class SuiteScheduling(LoadScopeScheduling):
    """Units are modules, or parameter sets of the split modules; they start in the order
    collected (tests/conftest.py sorts the slow tiers first)."""

    def __init__(self, config: Any, log: Any = None) -> None:
        # xdist would order units by their number of tests: many quick unit tests first.
        config.option.loadscopereorder = False
        super().__init__(config, log)

    def _split_scope(self, nodeid: str) -> str:
        return xdist_groups.scope_of(nodeid)
