"""How the suite is shared out between pytest-xdist workers (`-n 3 --dist loadscope`, as the
README's test command runs it) and in what order.

A test module is one unit by default: its module fixtures (an app rendered and updated once, a
tagged clone) are built once, not once per worker. The modules in SPLIT_BY_PARAMETERS hold
independent slow cases and are split per parameter set: the provider matrix per cell (a cell's
five tests share its app), the release updates per release, the build checks per driver.

Units start in tier order, the slowest tiers first, so the last unit to finish is a short one.
xdist's own `loadgroup` cannot be used: it appends the group to `item._nodeid`, which pytest 9
no longer reads.
"""

from __future__ import annotations

#: Modules whose tests are grouped by their parameter ids instead of as one unit.
SPLIT_BY_PARAMETERS = frozenset(
    {
        "tests/build/test_provider_matrix.py",
        "tests/build/test_build.py",
        "tests/update/test_update.py",
    }
)

#: Tiers, slowest (per unit) first; any other folder runs last.
TIER_ORDER = ("build", "update", "e2e", "render", "unit")


def scope_of(nodeid: str) -> str:
    """The unit of work a test belongs to, from its node id alone (the controller collects
    nothing): its module, or module and parameter ids for the split modules."""
    path, _, rest = nodeid.partition("::")
    if path in SPLIT_BY_PARAMETERS and rest.endswith("]") and "[" in rest:
        return f"{path}::[{rest[rest.index('[') + 1 : -1]}]"
    return path


def tier_rank(nodeid: str) -> int:
    """Where a test's tier comes in TIER_ORDER (tests/<tier>/...)."""
    parts = nodeid.split("/")
    tier = parts[1] if len(parts) > 2 and parts[0] == "tests" else ""
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)
