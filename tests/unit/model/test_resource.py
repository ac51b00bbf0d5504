"""model/resource.py: what the resource recipe's templates print for each field, per driver,
and the templates with their partials (recipes/resource_partials/) rendered over it."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.sandbox import SandboxedEnvironment

from model import naming
from model.errors import TracksError
from model.resource import resource_view, sqlc_name

pytestmark = pytest.mark.unit


def field(token: str, driver: str = "go-libsql", refs: str = ""):
    view = resource_view("post", token, driver, refs)
    return view.fields[0]


@pytest.mark.parametrize(
    ("column", "name"),
    [("post_id", "PostID"), ("site_url", "SiteUrl"), ("title", "Title"), ("id", "ID")],
)
def test_sqlc_names_follow_sqlc_not_go_initialisms(column: str, name: str) -> None:
    assert sqlc_name(column) == name


@pytest.mark.parametrize(
    ("token", "driver", "domain", "to_db", "from_db"),
    [
        ("n:int", "go-libsql", "int32", "dbconv.Int64(p.N)", "dbconv.Int32(r.N)"),
        ("n:int", "postgres", "int32", "p.N", "r.N"),
        ("n:int:optional", "sqlite3", "*int32", "dbconv.Map(p.N, dbconv.Int64)", None),
        ("live:bool", "sqlite3", "bool", "dbconv.BoolInt(p.Live)", "dbconv.Bool(r.Live)"),
        ("live:bool", "postgres", "bool", "p.Live", "r.Live"),
        ("due:date:optional", "go-libsql", "*time.Time", None, "dbconv.MapErr(r.Due, dbconv.Date)"),
        ("due:date", "postgres", "time.Time", "p.Due", "r.Due"),
        ("meta:json", "postgres", "json.RawMessage", "dbconv.JSONText(p.Meta)", None),
        ("meta:json:optional", "go-libsql", "json.RawMessage", None, "dbconv.JSONOrNil(r.Meta)"),
        ("title:string:optional", "postgres", "*string", "p.Title", "r.Title"),
    ],
)
def test_conversions_between_domain_and_sqlc_types(
    token: str, driver: str, domain: str, to_db: str | None, from_db: str | None
) -> None:
    f = field(token, driver)
    name = f.go_name
    assert f.domain_type == domain
    if to_db is not None:
        assert f.to_db(f"p.{name}") == to_db
    if from_db is not None:
        assert f.from_db(f"r.{name}") == from_db


def test_only_sqlite_dates_can_fail_to_read() -> None:
    assert field("due:date").from_db_fails
    assert not field("due:date", "postgres").from_db_fails
    assert not field("at:datetime").from_db_fails


@pytest.mark.parametrize(
    ("token", "driver", "sql"),
    [
        ("title:string", "postgres", "title VARCHAR(255) NOT NULL"),
        ("title:string:optional", "go-libsql", "title TEXT"),
        ("on:bool:default=true", "sqlite3", "on_ INTEGER"),
        (
            "status:enum(draft|live):default=draft",
            "postgres",
            "status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live'))",
        ),
        (
            "live:bool:default=true",
            "go-libsql",
            "live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1))",
        ),
        ("live:bool:default=false", "postgres", "live BOOLEAN NOT NULL DEFAULT FALSE"),
        ("price:decimal:default=9.99", "postgres", "price NUMERIC(12,2) NOT NULL DEFAULT 9.99"),
        ("price:decimal:default=9.99", "sqlite3", "price TEXT NOT NULL DEFAULT '9.99'"),
        (
            "at:datetime:default=now",
            "postgres",
            "at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP",
        ),
        ("note:text:default=it's", "go-libsql", "note TEXT NOT NULL DEFAULT 'it''s'"),
    ],
)
def test_column_definitions(token: str, driver: str, sql: str) -> None:
    if token.startswith("on:"):
        with pytest.raises(TracksError, match="reserved SQL word"):
            field(token, driver)
        return
    assert field(token, driver).column_sql == sql


def test_a_reference_gets_its_foreign_key_and_label() -> None:
    view = resource_view("comment", "post:references:cascade", "postgres", "post=title")
    f = view.fields[0]
    assert f.column_sql == "post_id TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE"
    assert view.ref_label(f) == "title"
    assert view.label_of(f) == "PostLabel"
    assert f.sqlc_label == "PostLabel"
    assert view.row_type == "GetCommentRow"
    assert view.list_row("row") == "generated.GetCommentRow(row)"
    assert resource_view("post", "title:string", "postgres").list_row("row") == "row"
    assert f.sqlc_arg == "sqlc.arg(post_id)"
    assert resource_view("c", "post:references:optional", "postgres").fields[0].sqlc_arg == (
        "sqlc.narg(post_id)"
    )
    assert [name.strip() for name, _ in view.choices_struct] == ["Posts"]


def test_a_reference_without_a_known_label_shows_the_id() -> None:
    view = resource_view("comment", "post:references", "go-libsql")
    assert view.ref_label(view.fields[0]) == "id"


@pytest.mark.parametrize(
    ("token", "tag"),
    [
        ("title:string", "required,max=255"),
        ("title:string:optional:min=3:max=9", "omitempty,min=3,max=9"),
        ("site:url", "required,max=255,http_url"),
        ("n:int:min=0", "required,numeric"),
        ("due:date", "required,datetime=2006-01-02"),
        ("status:enum(a|b)", "required,oneof=a b"),
        ("live:bool", ""),
        ("price:decimal", "required,decimal"),
    ],
)
def test_form_rules(token: str, tag: str) -> None:
    assert field(token).validate_tag == tag


def test_structs_are_padded_the_way_gofmt_aligns_them() -> None:
    view = resource_view("post", "title:string views:int:optional", "go-libsql")
    rows = view.domain_struct
    widths = {len(name) for name, _ in rows}
    assert len(widths) == 1, rows
    assert [name.strip() for name, _ in rows] == ["ID", "Title", "Views", "CreatedAt", "UpdatedAt"]
    form = dict((n.strip(), t) for n, t in view.form_struct)
    assert form["Views"] == 'string `form:"views" validate:"omitempty,numeric"`'


def test_search_covers_string_and_text_fields_only() -> None:
    view = resource_view("post", "title:string body:text n:int", "postgres")
    sql = view.search_sql("posts.")
    assert "strpos(lower(posts.title), lower(" in sql and "strpos(lower(posts.body)" in sql
    assert "(n)" not in sql and "LIKE" not in sql, "LIKE would treat % and _ as wildcards"
    assert "instr(lower(title)" in resource_view("post", "title:string", "sqlite3").search_sql()
    assert resource_view("post", "n:int", "sqlite3").search_sql() == ""


SAMPLE_CHECKS = {
    "int": r"-?\d+",
    "decimal": r"-?\d{1,10}(\.\d{1,2})?",
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "email": r"[^@]+@[^@]+\.[a-z]+",
}


@pytest.mark.parametrize("kind", sorted(SAMPLE_CHECKS))
def test_python_samples_are_valid_values(kind: str) -> None:
    f = field(f"x_{kind}:{kind}")
    for n in (1, 7, 30):
        for second in (False, True):
            assert re.fullmatch(SAMPLE_CHECKS[kind], f.sample(n, second)), f.sample(n, second)


def test_samples_respect_bounds_and_lengths() -> None:
    assert field("n:int:min=10:max=20").sample(1) == "10"
    assert len(field("code:string:max=3").sample(12345)) <= 3
    assert field("title:string:max=5").go_sample() == 'fmt.Sprintf("%d", n)'
    assert field("body:text:min=4").go_sample().endswith('xxxx", n)')


def test_go_samples_of_unique_uuids_differ_for_every_n() -> None:
    assert field("token:uuid").go_sample() == 'fmt.Sprintf("00000000-0000-4000-8000-%012d", n)'
    assert field("live:bool").go_sample(second=True) == '"false"'


def test_a_dereference_gets_parentheses_only_before_a_method_call() -> None:
    assert field("due:date:optional").format("*p.Due") == "(*p.Due).Format(time.DateOnly)"
    assert field("n:int:optional").format("*p.N") == "strconv.FormatInt(int64(*p.N), 10)"
    assert field("name:string:optional").format("*p.Name") == "*p.Name"


def test_invalid_samples_exist_where_a_type_can_refuse_text() -> None:
    assert field("n:int").invalid == "twelve"
    assert field("title:string").invalid is None


def test_names_of_the_resource() -> None:
    view = resource_view("blog_post", "title:string", "go-libsql")
    assert (view.package, view.param, view.title_plural, view.human) == (
        "blogposts",
        "blogPostID",
        "Blog posts",
        "blog post",
    )
    assert view.label_field is not None and view.label_field.name == "title"
    assert resource_view("blog_post", "n:int", "go-libsql").label_field is None


# --------------------------------------------------------------------------------------
# Fixture samples: valid for every n, whatever min/max say (the build tier's field matrix
# runs them in Go; these check the same promise for many more bounds, in milliseconds)
# --------------------------------------------------------------------------------------


def go_value(expr: str, n: int) -> str:
    """Evaluate the few Go expression shapes go_sample prints, for one value of n."""
    if expr.startswith('"'):
        return str(json.loads(expr))
    sprintf = re.fullmatch(r'fmt\.Sprintf\(("(?:[^"\\]|\\.)*"), (.+)\)', expr)
    if sprintf:
        scope = {"n": n, "strings": SimpleNamespace(Repeat=lambda text, count: text * count)}
        args = eval(f"({sprintf[2]},)", scope)
        return str(json.loads(sprintf[1])) % args
    sprint = re.fullmatch(r"fmt\.Sprint\((-?\d+) \+ (?:int64\()?n%(\d+)\)?\)", expr)
    if sprint:
        return str(int(sprint[1]) + n % int(sprint[2]))
    choice = re.fullmatch(r"\[\]string\{(.+)\}\[n%(\d+)\]", expr)
    if choice:
        values = json.loads(f"[{choice[1]}]")
        assert len(values) == int(choice[2])
        return str(values[n % len(values)])
    raise AssertionError(f"go_sample printed an expression this test cannot read: {expr}")


def assert_valid_sample(token: str, value: str) -> None:
    f = field(token)
    kind = f.field.type
    if kind in ("string", "text", "email", "url"):
        if f.field.min is not None:
            assert len(value) >= f.field.min, (token, value)
        if f.field.max is not None:
            assert len(value) <= f.field.max, (token, value)
    if kind == "email":
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", value), value
    if kind == "url":
        assert re.fullmatch(r"https?://[^\s/]+\.[a-z]+(/\S*)?", value), value
    if kind in ("int", "bigint", "float", "decimal"):
        number = Decimal(value)
        if kind in ("int", "bigint"):
            bits = 32 if kind == "int" else 64
            assert re.fullmatch(r"-?\d+", value)
            assert -(2 ** (bits - 1)) <= int(value) < 2 ** (bits - 1)
        if kind == "decimal":
            assert re.fullmatch(r"-?\d{1,10}(\.\d{1,2})?", value), value
        # the form's `numeric` rule: plain digits, no exponent
        assert re.fullmatch(r"[-+]?[0-9]+(?:\.[0-9]+)?", value), (token, value)
        if f.field.min is not None:
            assert number >= Decimal(str(f.field.min)), (token, value)
        if f.field.max is not None:
            assert number <= Decimal(str(f.field.max)), (token, value)


BOUNDED = [
    "x:string:max=1",
    "x:string:min=2:max=3",
    "x:string:max=5",
    "x:string:min=200",
    "x:string:min=255:max=255",
    "x:text:min=4",
    "x:text:min=210880",
    "x:email:min=40",
    "x:text:max=2",
    "x:email:max=6",
    "x:email:min=8:max=8",
    "x:url:max=11",
    "x:url:min=19:max=20",
    "x:int:min=0",
    "x:int:max=-5",
    "x:int:min=2147483000",
    "x:int:min=-2147483648:max=-2147483648",
    "x:bigint:min=-9223372036854775808:max=-9223372036854775800",
    "x:bigint:min=9223372036854775000",
    "x:float:min=0.5",
    "x:float:max=2.5",
    "x:float:min=0.5:max=0.75",
    "x:float:min=-1e308:max=1e308",
    "x:float:max=1e300",
    "x:float:min=1e300",
    "x:float:max=-1e300",
    "x:float:min=0.1:max=0.1",
    "x:decimal:min=0",
    "x:decimal:min=0.01:max=0.02",
    "x:decimal:min=9999999999.99",
    "x:decimal:max=-9999999999.99",
]


@pytest.mark.parametrize("token", BOUNDED)
def test_go_samples_respect_min_and_max_for_every_n(token: str) -> None:
    f = field(token)
    for second in (False, True):
        values = {go_value(f.go_sample(second), n) for n in range(1, 3000)}
        for value in values:
            assert_valid_sample(token, value)


@settings(deadline=None)  # no timing threshold: some bounds make long samples
@given(
    kind=st.sampled_from(["string", "text", "email", "url", "int", "bigint", "float", "decimal"]),
    low=st.one_of(st.none(), st.integers(-(2**40), 2**40)),
    high=st.one_of(st.none(), st.integers(-(2**40), 2**40)),
    unique=st.booleans(),
)
def test_go_samples_of_any_accepted_bounds_are_valid(
    kind: str, low: int | None, high: int | None, unique: bool
) -> None:
    token = f"x:{kind}" + (f":min={low}" if low is not None else "")
    token += (f":max={high}" if high is not None else "") + (":unique" if unique else "")
    try:
        f = field(token)
    except TracksError:
        return  # refused by the field language: nothing is generated
    for n in (1, 2, 9, 10, 99, 100, 4321):
        assert_valid_sample(token, go_value(f.go_sample(), n))
    distinct = {go_value(f.go_sample(), n) for n in range(1, 4)}
    if unique and (low is None or high is None or high - low >= 2):
        assert len(distinct) == 3, f"{token}: three forms collide on a unique field: {distinct}"


ALONE = [
    "x:string", "x:text", "x:int", "x:bigint", "x:float", "x:decimal", "x:bool", "x:date",
    "x:datetime", "x:uuid", "x:email", "x:url", "x:json", "x:enum(a|b)", "x:enum(solo)",
    "x:bool:optional", "x:enum(a|b):default=b", "x:int:min=1", "x:int:max=9", "x:float:min=0",
    "x:decimal:max=5", "x:int:min=3:max=3", "x:bool:index", "x:text:min=300",
]  # fmt: skip


@pytest.mark.parametrize("token", ALONE)
def test_the_fixture_declares_n_exactly_when_a_sample_uses_it(token: str) -> None:
    """`declared and not used: n` was the build failure of a resource with only a bool."""
    view = resource_view("widget", token, "go-libsql")
    text = render_fixture(view)
    for func in ("ValidForm", "OtherForm"):
        body = text.split(f"func {func}()", 1)[1].split("\n}\n", 1)[0]
        declared = "n := int(counter.Add(1))" in body
        used = re.search(r"\bn\b", body.replace("n := int(counter.Add(1))", "")) is not None
        assert declared == used, f"{func} of {token}: n declared {declared}, used {used}"
    assert ("var counter" in text) == view.samples_use_n
    assert ('"sync/atomic"' in text) == view.samples_use_n
    assert ('"fmt"' in text) == ("fmt." in text.split(")\n", 1)[1])
    assert ('"strings"' in text) == ("strings." in text.split(")\n", 1)[1])


ROOT = Path(__file__).resolve().parents[3]
RESOURCE = ROOT / "recipes" / "resource"


def render_template(pattern: str, view: object) -> str:
    """Render the resource template matching ``pattern`` over ``view``."""
    (path,) = RESOURCE.glob(pattern)
    return render_path(path, view)


def render_path(path: Path, view: object, auth: bool = False) -> str:
    """Render a template over ``view`` as Copier does: the loader's root is the repository, so
    the templates' partials import as in Copier. ``auth`` is the recipe's --auth answer."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(ROOT),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {name: getattr(naming, name) for name in ("camel", "pascal", "kebab", "plural")}
    )
    env.globals["resource"] = lambda *args: view
    template = env.get_template(path.relative_to(ROOT).as_posix())
    return template.render(
        name="widget", fields="", app_database="go-libsql", ref_labels="",
        app_module_path="example.com/shop", pkg="widgets", auth=auth,
    )  # fmt: skip


def render_fixture(view: object) -> str:
    return render_template("internal/domain/*/*test/*test.go.jinja", view)


@pytest.mark.parametrize(
    ("token", "under", "over"),
    [
        ("x:int:min=5:max=9", "4", "10"),
        ("x:bigint:min=-9223372036854775808", "-9223372036854775809", None),
        ("x:decimal:min=0.01:max=9999999999.99", "-0.99", "10000000000.99"),
        ("x:float:min=0.5:max=2.5", "-0.5", "3.5"),
        ("x:float:min=-1e300:max=1e300", "-1.0000000000000002e+300", "1.0000000000000002e+300"),
        ("x:float:max=1.7976931348623157e308", None, "inf"),
    ],
)
def test_values_past_a_bound_still_parse_as_past_it(
    token: str, under: str | None, over: str | None
) -> None:
    """The 422 tests submit these; 1e300 + 1 would parse back as 1e300 and be accepted."""
    f = field(token)
    assert (f.under_min, f.over_max) == (under, over)
    if f.field.type == "float":
        if under is not None:
            assert float(under) < float(f.field.min)
        if over is not None:
            assert float(over) > float(f.field.max)


@pytest.mark.parametrize(
    ("token", "text"), [("x:float:default=1e3", "1000"), ("x:float:default=0.5", "0.5")]
)
def test_a_float_default_fills_the_form_in_plain_digits(token: str, text: str) -> None:
    """The form's numeric rule refuses 1e3, so the new form must not start with it."""
    assert field(token).default_form == text


# --------------------------------------------------------------------------------------
# The form: controls, parsing, refusals
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "call", "parsed", "value"),
    [
        ("x:int", "strconv.ParseInt(f.X, 10, 32)", "n", "int32(n)"),
        ("x:bigint", "strconv.ParseInt(f.X, 10, 64)", "n", "n"),
        ("x:float", "strconv.ParseFloat(f.X, 64)", "v", "v"),
        ("x:date", "time.Parse(time.DateOnly, f.X)", "v", "v"),
        ("x:datetime", "time.Parse(dateTimeLocal, f.X)", "v", "v"),
        ("x:bool", None, "v", 'f.X == "true"'),
        ("x:json", None, "v", "json.RawMessage(f.X)"),
        ("x:decimal", None, "v", "f.X"),
        ("x:enum(a|b)", None, "v", "f.X"),
    ],
)
def test_form_text_parses_into_the_domain_type(
    token: str, call: str | None, parsed: str, value: str
) -> None:
    f = field(token)
    assert f.parse_fails == (call is not None)
    assert bool(f.parse_error) == f.parse_fails
    if call is not None:
        assert f.parse_call("f.X") == call
    assert f.parsed == parsed
    assert f.parsed_value("f.X") == value


def test_optional_fields_are_pointers_except_json() -> None:
    assert field("x:int:optional").pointer and field("x:string:optional").pointer
    assert not field("x:json:optional").pointer
    assert not field("x:int").pointer


def test_bounds_of_numbers_are_checked_after_parsing_and_of_text_by_the_rules() -> None:
    assert field("x:int:min=0:max=9").bound_checks == [
        ("<", "0", "validation.at_least?min=0"),
        (">", "9", "validation.at_most?max=9"),
    ]
    assert field("x:decimal:max=5").bound_checks == [(">", "5", "validation.at_most?max=5")]
    assert field("x:string:max=9").bound_checks == []
    assert field("x:string:max=9").too_long == 10
    assert field("x:int:max=9").too_long is None


@pytest.mark.parametrize(
    ("token", "control", "limits"),
    [
        ("x:bool", "checkbox", ""),
        ("x:bool:optional", "select", ""),
        ("x:enum(a|b)", "select", ""),
        ("post:references", "select", ""),
        ("x:text:max=500", "textarea", ' maxlength="500"'),
        ("x:json", "textarea", ""),
        ("x:int:min=0:max=9", "input", ' step="1" min="0" max="9"'),
        ("x:float", "input", ' step="any"'),
        ("x:string", "input", ' maxlength="255"'),
        ("x:date", "input", ""),
    ],
)
def test_form_controls_and_the_attributes_that_mirror_the_rules(
    token: str, control: str, limits: str
) -> None:
    f = field(token)
    assert (f.control, f.limits) == (control, limits)


def test_dto_imports_follow_the_types() -> None:
    def imports(fields: str) -> list[str]:
        return resource_view("post", fields, "go-libsql").dto_imports

    assert imports("x:string") == ["errors", "net/url"]
    assert imports("x:decimal") == ["errors", "net/url"]
    assert imports("x:decimal:min=0") == ["errors", "net/url", "strconv"]
    assert imports("x:bool x:date".replace("x:date", "y:date")) == [
        "errors",
        "net/url",
        "strconv",
        "time",
    ]
    assert imports("x:json") == ["encoding/json", "errors", "net/url"]
    assert resource_view("post", "at:datetime", "postgres").uses_datetime


def test_the_service_tests_refuse_each_kind_of_bad_value_in_order() -> None:
    view = resource_view(
        "post", "title:string:max=9 live:bool n:int:min=1:max=5 note:text:optional", "postgres"
    )
    cases = [(f.form_name, case, text) for f, case, text in view.refusals]
    assert cases == [
        ("title", "missing", '""'),
        ("n", "missing", '""'),
        ("n", "invalid", '"twelve"'),
        ("n", "under its minimum", '"0"'),
        ("n", "over its maximum", '"6"'),
        ("title", "too long", 'strings.Repeat("a", 10)'),
    ]
    assert view.conflict_field == "title"
    assert resource_view("post", "a:int b:int:unique", "postgres").conflict_field == "b"


def test_enum_constants_are_aligned_like_gofmt() -> None:
    f = field("status:enum(draft|in_review)")
    assert f.enum_consts == ["StatusDraft", "StatusInReview"]
    assert f.enum_decls == [("StatusDraft   ", "draft"), ("StatusInReview", "in_review")]


def test_packages_imported_by_the_repository_and_its_tests() -> None:
    view = resource_view("comment", "blog_post:references author:references:optional", "postgres")
    assert view.ref_package(view.fields[0]) == "blogposts"
    assert "internal/db/dbconv" not in view.repository_imports
    assert "internal/db/dbconv" in resource_view("c", "n:int", "sqlite3").repository_imports
    assert view.repository_test_imports == sorted(view.repository_test_imports)
    assert {
        "internal/domain/blogposts/blogpostsrepo",
        "internal/domain/authors/authorstest",
        "internal/domain/comments/commentstest",
    } <= set(view.repository_test_imports)
    # The fixtures make only what a required reference needs.
    assert view.fixture_imports == [
        "internal/db/generated",
        "internal/domain/blogposts/blogpoststest",
        "internal/domain/comments",
        "internal/domain/comments/commentsrepo",
    ]


# --------------------------------------------------------------------------------------
# The templates with their partials: the Go they print for each kind of field
# --------------------------------------------------------------------------------------

PARSED = {
    "n:int:min=0": (
        "\tif n, err := strconv.ParseInt(f.N, 10, 32); err != nil {\n"
        '\t\terrs.Add("n", "validation.int32")\n'
        "\t} else {\n"
        "\t\twidget.N = int32(n)\n"
        "\t\tif n < 0 {\n"
        '\t\t\terrs.Add("n", "validation.at_least?min=0")\n'
        "\t\t}\n"
        "\t}\n"
    ),
    "n:int:optional": (
        '\tif f.N != "" {\n'
        "\t\tif n, err := strconv.ParseInt(f.N, 10, 32); err != nil {\n"
        '\t\t\terrs.Add("n", "validation.int32")\n'
        "\t\t} else {\n"
        "\t\t\tv := int32(n)\n"
        "\t\t\twidget.N = &v\n"
        "\t\t}\n"
        "\t}\n"
    ),
    "big:bigint:optional": "\t\t\twidget.Big = &n\n\t\t}\n\t}\n",
    "price:decimal:max=5": (
        "\tif n, err := strconv.ParseFloat(f.Price, 64); err == nil {\n"
        "\t\tif n > 5 {\n"
        '\t\t\terrs.Add("price", "validation.at_most?max=5")\n'
        "\t\t}\n"
        "\t}\n"
        "\twidget.Price = f.Price\n"
    ),
    "live:bool": '\twidget.Live = f.Live == "true"\n',
    "live:bool:optional": (
        '\tif f.Live != "" {\n\t\tv := f.Live == "true"\n\t\twidget.Live = &v\n\t}\n'
    ),
    "note:text:optional": '\tif f.Note != "" {\n\t\tv := f.Note\n\t\twidget.Note = &v\n\t}\n',
    "meta:json:optional": ('\tif f.Meta != "" {\n\t\twidget.Meta = json.RawMessage(f.Meta)\n\t}\n'),
    "due:date:optional": "\t\t\twidget.Due = &v\n\t\t}\n\t}\n",
}


@pytest.mark.parametrize("token", sorted(PARSED))
def test_dto_parses_each_kind_of_field(token: str) -> None:
    text = render_template(
        "internal/domain/*/dto.go.jinja", resource_view("widget", token, "go-libsql")
    )
    body = text.split("\tvar widget Widget\n", 1)[1].split("\tif len(errs) > 0 {", 1)[0]
    assert body.endswith(PARSED[token]), body


@pytest.mark.parametrize(
    ("token", "statement"),
    [
        (
            "n:int:optional",
            "\tif widget.N != nil {\n\t\tf.N = strconv.FormatInt(int64(*widget.N), 10)\n\t}\n",
        ),
        ("due:date", "\tf.Due = widget.Due.Format(time.DateOnly)\n"),
        ("meta:json:optional", "\tf.Meta = string(widget.Meta)\n"),
    ],
)  # fmt: skip
def test_dto_fills_the_form_from_each_kind_of_field(token: str, statement: str) -> None:
    text = render_template(
        "internal/domain/*/dto.go.jinja", resource_view("widget", token, "go-libsql")
    )
    body = text.split("func FormFrom(widget Widget) Form {\n\tvar f Form\n", 1)[1]
    assert body.startswith(statement + "\treturn f\n}\n"), body


def test_the_repository_returns_an_error_for_a_stored_date_it_cannot_read() -> None:
    view = resource_view("widget", "due:date n:int", "sqlite3")
    text = render_template("internal/domain/*/*repo/repository.go.jinja", view)
    assert (
        "\twidget.ID = row.ID\n"
        "\tdue, err := dbconv.Date(row.Due)\n"
        "\tif err != nil {\n"
        '\t\treturn widgets.Widget{}, fmt.Errorf("widget %s: due: %w", row.ID, err)\n'
        "\t}\n"
        "\twidget.Due = due\n"
        "\twidget.N = dbconv.Int32(row.N)\n"
    ) in text


EVERY_TYPE = " ".join(
    [
        "title:string:unique body:text:min=2:max=500 n:int:optional:min=0 big:bigint:max=9",
        "rate:float:optional price:decimal:min=0 live:bool on_off:bool:optional",
        "due:date:optional at:datetime token:uuid:optional mail:email site:url:optional",
        "meta:json:optional data:json status:enum(a|b):default=a level:enum(x|y):optional",
        "post:references owner:references:optional:setnull",
    ]
)


@pytest.mark.parametrize("auth", [False, True], ids=["open", "auth"])
@pytest.mark.parametrize("driver", ["go-libsql", "sqlite3", "postgres"])
@pytest.mark.parametrize(
    "fields",
    [
        EVERY_TYPE,
        "x:bool",
        "x:int",
        "x:string:optional",
        "x:file",
        "x:image:optional",
        f"{EVERY_TYPE} scan:file:optional photo:image",
    ],
)
def test_every_template_prints_tidy_text(driver: str, fields: str, auth: bool) -> None:
    """gofmt must find nothing to change: no trailing blanks, no runs of empty lines, tabs;
    with and without --auth."""
    view = resource_view("widget", fields, driver, "post=title owner=name")
    for path in sorted(RESOURCE.rglob("*.jinja")):
        rel = path.relative_to(RESOURCE).as_posix()
        skipped = rel.startswith(".tracks/") or "answers_file" in rel
        if skipped or ("{% if auth %}" in rel and not auth):
            continue
        text = render_path(path, view, auth)
        for number, line in enumerate(text.splitlines(), 1):
            assert line == line.rstrip(), f"{rel}:{number} ends in blanks: {line!r}"
            assert not line.startswith(" ") or rel.endswith(".sql.jinja"), f"{rel}:{number}"
        assert "\n\n\n" not in text, f"{rel}: two empty lines in a row"
        assert text.endswith("\n") and not text.endswith("\n\n"), rel


# --- file and image fields ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("driver", "sql"),
    [
        ("go-libsql", "scan_file_id TEXT REFERENCES files (id) ON DELETE SET NULL"),
        ("postgres", "scan_file_id UUID REFERENCES files (id) ON DELETE SET NULL"),
    ],
)
def test_a_file_column_is_nullable_and_refers_to_the_files_table(driver: str, sql: str) -> None:
    (scan,) = resource_view("widget", "scan:file", driver).fields
    assert scan.column_sql == sql
    assert scan.sqlc_arg == "sqlc.narg(scan_file_id)"
    assert (scan.form_name, scan.control, scan.validate_tag, scan.pointer) == (
        "scan",
        "file",
        "",
        True,
    )


def test_an_image_accepts_pictures_only_and_a_file_what_the_policy_allows() -> None:
    scan, photo = resource_view("widget", "scan:file photo:image", "go-libsql").fields
    assert scan.accept == "image/png,image/jpeg,image/gif,image/webp,application/pdf"
    assert photo.accept == "image/png,image/jpeg,image/gif,image/webp"
    assert (scan.link_name, photo.link_name) == ("Scan", "Photo")


def test_a_required_file_is_a_message_when_missing_and_never_read_from_the_request() -> None:
    view = resource_view("widget", "title:string scan:file", "go-libsql")
    text = render_template("internal/domain/*/dto.go.jinja", view)
    assert (
        '\tif f.ScanFileID != "" {\n'
        "\t\tv := f.ScanFileID\n"
        "\t\twidget.ScanFileID = &v\n"
        "\t} else {\n"
        '\t\terrs.Add("scan", "validation.choose_file")\n'
        "\t}\n"
    ) in text
    from_values = text.split("func FormFromValues", 1)[1].split("\n}\n", 1)[0]
    assert "Scan" not in from_values


def test_file_resources_post_multipart_and_pass_the_files_service() -> None:
    view = resource_view("widget", "title:string scan:file", "go-libsql")
    form = render_template("internal/http/views/*/form.templ.jinja", view)
    assert 'enctype="multipart/form-data"' in form
    assert 'name="scan" type="file"' in form
    handlers = render_template("internal/http/handlers/*plural }}.go.jinja", view)
    assert "upload.Receive(r, h.files.Policy())" in handlers
    assert "files interfaces.Files, log zerolog.Logger" in handlers
    plain = resource_view("widget", "title:string", "go-libsql")
    assert "enctype" not in render_template("internal/http/views/*/form.templ.jinja", plain)
