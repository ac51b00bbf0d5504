"""Render tier: a recipe's domain package (`internal/domain/<name>`, a resource's plural) is
imported into packages the app owns, so its name must not be one they already have in scope.
model/gonames.py keeps that list by hand; this test reads the names off rendered apps (with
tests/support/goidents, a go/parser program) and checks the real validators refuse each one:

- package-level funcs, types, vars and consts (not methods) of every package a recipe imports a
  domain package into: cmd/server and tests/httpkit (wiring), internal/http/handlers,
  internal/interfaces and tests/mocks (the resource recipe's files), tests included;
- every import name used in any file of those packages;
- the locals of the functions the wiring inserts lines into (main.go's run(), httpkit's Deps
  builder: any function holding a `tracks:` region);
- the package names of the app itself, which files import beside the domain package.

Only all-lowercase names matter: recipe names are lower snake case.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from model.errors import TracksError
from model.gonames import refuse_package_name
from model.naming import singular
from model.resource import package_name, resource_view
from tests.support import tools
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER
from tests.support.render import answers, render
from tracks.recipes.resource import refuse_go_names

pytestmark = pytest.mark.render

#: The app's packages a recipe imports a domain package into (recipes/*/ and their wiring).
IMPORTERS = (
    "cmd/server",
    "internal/http/handlers",
    "internal/interfaces",
    "tests/mocks",
    "tests/httpkit",
)
#: Provider answers other than the defaults: each renders files of its own into cmd/server.
VARIANTS = {
    "aws": {
        "email_provider": "ses",
        "sms_provider": "twilio",
        "storage_provider": "s3",
        "queue_provider": "sqs",
        "oauth_providers": ["github", "google", "oidc"],
    },
    "alt": {
        "email_provider": "sendgrid",
        "sms_provider": "sns",
        "storage_provider": "r2",
        "queue_provider": "pubsub",
    },
}
LOWER = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.fixture(scope="session")
def goidents() -> Path:
    return tools.ensure(tools.goidents())


@pytest.fixture(scope="module")
def variant_app(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    cache: dict[str, Path] = {}

    def get(variant: str) -> Path:
        if variant not in cache:
            dst = tmp_path_factory.mktemp(f"names-{variant}") / "shop"
            cache[variant] = render(dst, answers(DEFAULT_DRIVER, **VARIANTS[variant]))
        return cache[variant]

    return get


def package_dirs(app: Path) -> list[str]:
    """Every folder of the app's module that holds Go files."""
    dirs = {p.parent for p in app.rglob("*.go") if ".git" not in p.relative_to(app).parts}
    return sorted(str(d.relative_to(app)) for d in dirs)


def scan(goidents: Path, app: Path, dirs: list[str]) -> list[tuple[str, str]]:
    _, out, _ = run(app, str(goidents), *dirs)
    return [tuple(line.split(" ", 1)) for line in out.splitlines()]  # type: ignore[misc]


def names_in_scope(goidents: Path, app: Path) -> dict[str, set[str]]:
    """Each lowercase name in scope where a domain package is imported, with where it is from."""
    found: dict[str, set[str]] = defaultdict(set)
    lines = scan(goidents, app, list(IMPORTERS))
    for kind, name in lines:
        if kind != "import":
            found[name.removesuffix("_test")].add(kind)
    imports = sorted({name for kind, name in lines if kind == "import"})
    _, listed, _ = run(app, "go", "list", "-e", "-f", "{{.ImportPath}} {{.Name}}", *imports)
    resolved = dict(line.split(" ", 1) for line in listed.splitlines())
    for path in imports:
        name = resolved.get(path) or ""
        assert name, f"go list did not name the package {path}"
        found[name].add(f"import {path}")
    for kind, name in scan(goidents, app, package_dirs(app)):
        if kind == "package":
            found[name.removesuffix("_test")].add("app package")
    return {name: where for name, where in found.items() if LOWER.match(name)}


def unrefused(names: dict[str, set[str]]) -> dict[str, set[str]]:
    """The names a service (its package is its name) or a resource (its package is its plural)
    could take though they clash."""
    missed: dict[str, set[str]] = {}
    for name, where in sorted(names.items()):
        try:
            refuse_package_name("service", name)
        except TracksError:
            pass
        else:
            missed[name] = where
            continue
        one = singular(name)
        try:  # the resource names refuse some singulars themselves (`error`, predeclared)
            if one == name or package_name(one) != name:
                continue
            refuse_go_names(resource_view(one, "title:string", DEFAULT_DRIVER))
        except TracksError:
            continue
        missed[name] = {*where, f"resource {one}"}
    return missed


def report(missed: dict[str, set[str]]) -> str:
    return "\n".join(f"  {name}: {', '.join(sorted(where))}" for name, where in missed.items())


def test_the_names_a_default_app_has_in_scope_are_refused(
    goidents: Path, rendered_app: Callable[[str], Path], driver: str
) -> None:
    names = names_in_scope(goidents, rendered_app(driver))
    assert {"choices", "handlers", "mocks", "err"} <= names.keys()  # the scan finds them
    missed = unrefused(names)
    assert not missed, "add to model/gonames.py's RESERVED_PACKAGES:\n" + report(missed)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_names_apps_of_other_providers_have_in_scope_are_refused(
    goidents: Path, variant_app: Callable[[str], Path], variant: str
) -> None:
    names = names_in_scope(goidents, variant_app(variant))
    missed = unrefused(names)
    assert not missed, "add to model/gonames.py's RESERVED_PACKAGES:\n" + report(missed)


def test_a_clashing_resource_is_refused_by_its_plural() -> None:
    """`choice` is fine as a name; its package `choices` is what clashes (handlers.choices)."""
    with pytest.raises(TracksError, match="choices"):
        refuse_go_names(resource_view("choice", "name:string", DEFAULT_DRIVER))
