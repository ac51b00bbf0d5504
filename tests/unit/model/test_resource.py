"""tracks.scaffold: what the resource recipe's templates print for each field, per driver."""

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
    assert view.list_row_conversion == "generated.GetCommentRow"
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


def render_fixture(view: object) -> str:
    root = Path(__file__).resolve().parents[3] / "recipes" / "resource"
    (path,) = root.glob("internal/domain/*/*test/*test.go.jinja")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals["resource"] = lambda *args: view
    return env.from_string(path.read_text()).render(
        name="widget", fields="", app_database="go-libsql", ref_labels="",
        app_module_path="example.com/shop",
    )  # fmt: skip


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
