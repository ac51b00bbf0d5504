"""``tracks generate service NAME``: a domain service, its interface, double and test (GEN-2).

The service is the package ``internal/domain/<name>`` (the directory and the package share the
name, so ``repository NAME`` adds to the same package). The HTTP layer sees it through
``interfaces.<Name>Service``; ``tests/mocks/<name>_service.go`` is a hand-written double of that
interface (function fields, like matryer/moq) so the app's go.mod gains no mocking module.

Wiring constructs it in ``cmd/server/main.go`` and hands it to ``apphttp.Deps``, whose
``validate`` refuses it when nil (one line through the ``required`` helper of server.go, since a
wiring line is one statement). The ``tests/mocks`` import is shared with every other service;
``tracks destroy`` leaves it while another recipe run still wires it.
"""

from __future__ import annotations

from typing import Final

from hooks.wiring import Insertion
from tracks.errors import TracksError
from tracks.naming import NAMING, pascal
from tracks.project import Project
from tracks.recipes.base import (
    Clock,
    Recipe,
    dependency_wiring,
    no_answers,
    refuse_deps_field,
    refuse_existing_constant,
)

#: Names a domain package must not take: the packages and local variables the files the
#: service is wired into already use (cmd/server/main.go, internal/http/server*.go, the
#: generated tests), the app's own packages, and directory names the go tool treats specially.
RESERVED_PACKAGES: Final[frozenset[str]] = frozenset(
    {
        # standard library packages the app's and the recipes' files import
        "context", "errors", "fmt", "io", "os", "signal", "syscall", "sync", "slices",
        "strings", "testing", "time", "sql", "http", "net", "url", "json", "log", "sort",
        "rand", "hex", "filepath", "atomic", "httptest", "templ",
        # the app's own packages
        "apphttp", "assets", "config", "db", "dbconv", "dbtest", "domain", "generated",
        "handlers", "health", "interfaces", "logging", "middleware", "mocks", "mw", "pages",
        "pkg", "render", "routes", "views", "layouts", "components", "identifier", "slug",
        "migrations", "seeds", "queries",
        # local names in main.go's run(), which would shadow the package
        "args", "cfg", "conn", "ctx", "err", "getenv", "pending", "results", "server", "stdout",
        "stop",
        # special to the go tool
        "main", "internal", "vendor", "testdata", "tests",
    }
)  # fmt: skip

#: Operating systems and architectures of go/build: a file named ``x_<one of them>.go`` only
#: builds on that platform, and ``x_test.go`` is a test file.
BUILD_SUFFIXES: Final[frozenset[str]] = frozenset(
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
        "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
        "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
        "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
        "test",
    }
)  # fmt: skip


def refuse_build_suffix(recipe: str, name: str) -> None:
    """A Go file named after NAME must build everywhere and not be taken for a test."""
    last = name.rsplit("_", 1)[-1]
    if last in BUILD_SUFFIXES:
        raise TracksError(
            f"{recipe} name {name!r} ends in {last!r}: Go would build a file named after it "
            + ("as a test" if last == "test" else f"only for {last}"),
            hint=f"pick another name, for example {name}s or {name}_{recipe}",
        )


def refuse_package_name(recipe: str, name: str) -> None:
    """NAME becomes the package ``internal/domain/<name>``: it must be usable where it is wired."""
    why = ""
    if name in NAMING.GO_KEYWORDS:
        why = "is a Go keyword"
    elif name in NAMING.GO_PREDECLARED:
        why = "is a predeclared Go identifier"
    elif name in RESERVED_PACKAGES:
        why = "is a package or variable name the app already uses"
    if why:
        raise TracksError(
            f"{recipe} name {name!r} {why}: the package internal/domain/{name} would clash",
            hint=f"pick another name, for example {name}s or {name}_{recipe}",
        )
    refuse_build_suffix(recipe, name)


def prepare(project: Project, name: str, args: list[str], clock: Clock) -> dict[str, object]:
    no_answers(project, name, args, clock)
    refuse_package_name("service", name)
    field = pascal(name)
    refuse_existing_constant(project.root, "internal/interfaces", [f"{field}Service"])
    refuse_existing_constant(project.root, f"internal/domain/{name}", ["Service", "NewService"])
    refuse_deps_field(project.root, field)
    return {}


def wiring(name: str, answers: dict[str, object]) -> list[Insertion]:
    field = pascal(name)
    return dependency_wiring(
        str(answers.get("app_module_path", "")),
        imports=[f"internal/domain/{name}"],
        var=f"{NAMING.camel(name)}Service",
        construct=f"{name}.NewService()",
        field=field,
        iface=f"{field}Service",
    )


RECIPE = Recipe(
    name="service",
    summary="a domain service with its interface, test double, test and constructor wiring",
    prepare=prepare,
    wiring=wiring,
)
