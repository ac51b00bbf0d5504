"""Fixtures of the build tier."""

from __future__ import annotations

import pytest

from tests.support import tools


@pytest.fixture(scope="session")
def golangci_lint() -> str:
    """The golangci-lint binary at the version the apps' Makefiles pin (built into the tools
    cache by .ci/setup; test_lint.py checks the pin)."""
    return str(tools.ensure(tools.golangci_lint()))
