"""Names a recipe turns into Go packages and files must be usable as such: not a keyword, not
a package the generated files import, not a file name Go would build for one platform only."""

from __future__ import annotations

from typing import Final

from . import naming
from .errors import TracksError

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
    if name in naming.GO_KEYWORDS:
        why = "is a Go keyword"
    elif name in naming.GO_PREDECLARED:
        why = "is a predeclared Go identifier"
    elif name in RESERVED_PACKAGES:
        why = "is a package or variable name the app already uses"
    if why:
        raise TracksError(
            f"{recipe} name {name!r} {why}: the package internal/domain/{name} would clash",
            hint=f"pick another name, for example {name}s or {name}_{recipe}",
        )
    refuse_build_suffix(recipe, name)
