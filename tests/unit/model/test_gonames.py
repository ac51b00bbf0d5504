"""model/gonames.py: the names a domain package must not take (``internal/domain/<name>``, a
resource's plural). tests/render/test_reserved_packages.py checks the list against rendered
apps; these cases pin the rules and the messages."""

from __future__ import annotations

from types import ModuleType

import pytest

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("type", "a Go keyword"),
        ("string", "a predeclared Go identifier"),
        ("errors", "a standard library package"),
        ("zerolog", "a third-party package"),
        ("observability", "one of the app's own packages"),
        ("i18n", "one of the app's own packages"),
        ("buildinfo", "one of the app's own packages"),
        ("httpkit", "one of the app's own packages"),
        ("factory", "one of the app's own packages"),
        ("golden", "one of the app's own packages"),
        ("storage", "one of the app's own packages"),
        ("upload", "one of the app's own packages"),
        ("choices", "a function, type, variable or constant of cmd/server, internal/http/handlers"),
        ("telemetry", "a function, type, variable or constant of cmd/server"),
        ("jobs", "a local variable of main.go's run()"),
        ("store", "a local variable of main.go's run()"),
        ("testdata", "special to the go tool"),
    ],
)
def test_clashing_package_names_say_what_they_clash_with(
    model: ModuleType, name: str, why: str
) -> None:
    assert why in model.gonames.package_clash(name)
    with pytest.raises(model.errors.TracksError) as caught:
        model.gonames.refuse_package_name("service", name)
    assert "would clash" in str(caught.value)
    assert why in caught.value.hint


@pytest.mark.parametrize("name", ["billing", "choice", "blogposts", "invoices", "job", "stores"])
def test_free_package_names(model: ModuleType, name: str) -> None:
    assert model.gonames.package_clash(name) == ""
    model.gonames.refuse_package_name("service", name)


@pytest.mark.parametrize(
    ("resource", "package", "clashes"),
    [
        ("choice", "choices", True),
        ("job", "jobs", True),
        ("tag", "tags", False),
        ("invoice", "invoices", False),
    ],
)
def test_a_resource_is_checked_by_its_package_the_plural(
    model: ModuleType, resource: str, package: str, clashes: bool
) -> None:
    """`choice` is a free name; its package `choices` is a function of package handlers."""
    assert model.resource.package_name(resource) == package
    assert model.gonames.package_clash(resource) == ""
    assert bool(model.gonames.package_clash(package)) is clashes
