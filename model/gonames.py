"""Names a recipe turns into Go packages and files must be usable as such: not a keyword, not
a package the generated files import, not a file name Go would build for one platform only."""

from __future__ import annotations

from typing import Final

from . import naming
from .errors import TracksError

#: Why a domain package must not take a name, and the names: the domain package of a service,
#: repository or resource (``internal/domain/<name>``, a resource's plural) is imported into
#: cmd/server/main.go and tests/httpkit (wiring), internal/http/handlers, internal/interfaces
#: and tests/mocks (the resource's files), so it must not be a name those packages already have
#: in scope: their package-level names, the names of the packages their files import, the locals
#: of the functions the wiring writes into, and the app's own packages.
#: tests/render/test_reserved_packages.py reads these off rendered apps: it fails when the app
#: grows a name that is missing here.
RESERVED: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    (
        "a standard library package the app imports",
        frozenset({
            "context", "errors", "fmt", "io", "os", "signal", "syscall", "sync", "slices",
            "strings", "testing", "time", "sql", "http", "net", "url", "json", "log", "sort",
            "rand", "hex", "filepath", "atomic", "httptest", "base64", "bytes", "cookiejar",
            "maps", "multipart", "regexp", "strconv", "subtle", "utf8", "fs",
        }),
    ),
    (
        "a third-party package the app imports",
        frozenset({
            "templ", "assert", "aws", "casbin", "chi", "form", "goleak", "goquery", "html",
            "mock", "oauth2", "require", "s3", "scs", "validator", "zerolog",
        }),
    ),
    (
        "one of the app's own packages",
        frozenset({
            "apphttp", "assets", "config", "db", "dbconv", "dberr", "dbtest", "dbtx", "domain",
            "generated", "handlers", "health", "interfaces", "logging", "middleware", "mocks",
            "mw", "pages", "pkg", "render", "routes", "views", "layouts", "components",
            "identifier", "slug", "migrations", "seeds", "queries",
            "account", "accounts", "admin", "audit", "auditlog", "auth", "authn", "authtest",
            "authviews", "awsconf", "awstest", "buildinfo", "email", "files", "filestore",
            "i18n", "input", "jobs", "jobstest", "mail", "memory", "oauth", "observability",
            "paging", "policy", "pubsub", "rbac", "resilience", "runtime", "session", "sms",
            "sqs", "storage", "storagetest", "tasks", "upload", "viewctx", "viewtest",
            "e2e", "factory", "golden", "httpkit",
        }),
    ),
    (
        "a function, type, variable or constant of cmd/server, internal/http/handlers, "
        "internal/interfaces, tests/httpkit or tests/mocks",
        frozenset({
            "access", "choices", "clip", "healthcheck", "listening", "page", "port",
            "readiness", "request", "roles", "row", "run", "status", "telemetry",
        }),
    ),
    (
        "a local variable of main.go's run() or tests/httpkit's Deps builder, where the "
        "package is used",
        frozenset({
            "args", "cfg", "conn", "ctx", "err", "getenv", "pending", "results", "server",
            "stdout", "stop", "enforcer", "local", "mailer", "permissions", "providers",
            "signer", "store", "t", "files", "jobs", "log", "telemetry",
        }),
    ),
    ("special to the go tool", frozenset({"main", "internal", "vendor", "testdata", "tests"})),
)  # fmt: skip

#: Every name of :data:`RESERVED`.
RESERVED_PACKAGES: Final[frozenset[str]] = frozenset().union(*(names for _, names in RESERVED))


def reserved_as(name: str) -> list[str]:
    """Why NAME is reserved (what it already is in the app), or nothing."""
    return [why for why, names in RESERVED if name in names]


def package_clash(name: str) -> str:
    """What the package NAME would clash with where recipes import it, or ""."""
    if name in naming.GO_KEYWORDS:
        return "a Go keyword"
    if name in naming.GO_PREDECLARED:
        return "a predeclared Go identifier"
    return "; ".join(reserved_as(name))


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
    clash = package_clash(name)
    if clash:
        what = (
            clash
            if clash.startswith("a Go") or clash.startswith("a predeclared")
            else ("a name the app already uses")
        )
        raise TracksError(
            f"{recipe} name {name!r} is {what}: the package internal/domain/{name} would clash "
            "where it is imported",
            hint=f"{name!r} is {clash}; pick another name, for example {name}s or {name}_{recipe}",
        )
    refuse_build_suffix(recipe, name)
