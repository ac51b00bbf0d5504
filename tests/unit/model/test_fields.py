"""Tests of the field language of ``tracks generate resource`` (GEN-R-1 to GEN-R-4).

The parser is pure, so every rule is checked here directly; the CLI tests only need to show
that a :class:`TracksError` from it becomes exit 2 with nothing written.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.errors import TracksError
from model.fields import (
    FIELD_TYPES,
    Field,
    Reference,
    ResourceName,
    parse_fields,
    parse_resource_name,
)

pytestmark = pytest.mark.unit

SQLITE_DRIVERS = ("go-libsql", "sqlite3")
ALL_DRIVERS = (*SQLITE_DRIVERS, "postgres")


def parse_one(token: str, driver: str = "sqlite3", existing: set[str] | None = None) -> Field:
    """Parse a single token, the common case of these tests."""
    (parsed,) = parse_fields([token], driver, existing or {"post", "user_account"})
    return parsed


def assert_refused(
    tokens: list[str], driver: str, *fragments: str, existing: set[str] | None = None
) -> TracksError:
    """Assert the tokens exit 2 with every fragment in the message and an example hint."""
    with pytest.raises(TracksError) as caught:
        parse_fields(tokens, driver, existing if existing is not None else {"post"})
    error = caught.value
    assert error.exit_code == 2
    for fragment in fragments:
        assert fragment in error.message
    assert error.hint is not None
    assert error.hint.startswith("for example: ")
    return error


# --------------------------------------------------------------------------------------
# GEN-R-1 names
# --------------------------------------------------------------------------------------


# raw, plural, Pascal, Pascal plural, camel, camel plural, kebab plural (route), table
NAME_TABLE = [
    ("person", "people", "Person", "People", "person", "people", "people", "people"),
    ("category", "categories", "Category", "Categories", "category", "categories", "categories",
     "categories"),
    ("blog_post", "blog_posts", "BlogPost", "BlogPosts", "blogPost", "blogPosts", "blog-posts",
     "blog_posts"),
    ("status", "statuses", "Status", "Statuses", "status", "statuses", "statuses", "statuses"),
    ("address", "addresses", "Address", "Addresses", "address", "addresses", "addresses",
     "addresses"),
    ("api_key", "api_keys", "APIKey", "APIKeys", "apiKey", "apiKeys", "api-keys", "api_keys"),
]  # fmt: skip


@pytest.mark.parametrize("row", NAME_TABLE, ids=[row[0] for row in NAME_TABLE])
def test_resource_names_are_derived(row: tuple[str, ...]) -> None:
    assert parse_resource_name(row[0]) == ResourceName(row[0], *row[1:], notice=None)


def test_blog_post_route() -> None:
    assert parse_resource_name("blog_post").route == "/blog-posts"


@pytest.mark.parametrize(
    ("raw", "name", "notice"),
    [
        ("posts", "post", "singularised 'posts' to 'post'"),
        ("people", "person", "singularised 'people' to 'person'"),
        ("blog_posts", "blog_post", "singularised 'blog_posts' to 'blog_post'"),
        ("categories", "category", "singularised 'categories' to 'category'"),
        ("post", "post", None),
    ],
)
def test_plural_resource_names_are_singularised_with_a_notice(
    raw: str, name: str, notice: str | None
) -> None:
    result = parse_resource_name(raw)
    assert (result.name, result.notice) == (name, notice)


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("BlogPost", "lower snake case"),
        ("blog-post", "lower snake case"),
        ("blog__post", "lower snake case"),
        ("_post", "lower snake case"),
        ("post_", "lower snake case"),
        ("2post", "lower snake case"),
        ("", "lower snake case"),
        ("type", "Go keyword"),
        ("types", "Go keyword"),
        ("func", "Go keyword"),
        ("string", "predeclared Go identifier"),
        ("error", "predeclared Go identifier"),
        ("select", "Go keyword"),
        ("order", "reserved SQL word"),
        ("group", "reserved SQL word"),
        ("user", "reserved SQL word"),
        ("users", "reserved SQL word"),
        ("table", "reserved SQL word"),
        ("from", "reserved SQL word"),
        ("where", "reserved SQL word"),
        ("join", "reserved SQL word"),
        ("index", "reserved SQL word"),
        ("key", "reserved SQL word"),
        ("check", "reserved SQL word"),
        ("default", "Go keyword"),
        ("u", "does not singularise back"),
        ("health", "used by the generated app"),
        ("app_setting", "used by the generated app"),
        ("sessions", "used by the generated app"),
        ("news", "same singular and plural"),
    ],
)
def test_bad_resource_names_are_refused(raw: str, rule: str) -> None:
    with pytest.raises(TracksError) as caught:
        parse_resource_name(raw)
    assert caught.value.exit_code == 2
    assert repr(raw) in caught.value.message
    assert rule in caught.value.message
    assert caught.value.hint is not None
    assert "blog_post" in caught.value.hint


@given(st.from_regex(r"[a-z]{1,8}(_[a-z]{1,8}){0,2}", fullmatch=True))
def test_accepted_names_round_trip_through_their_plural(raw: str) -> None:
    """Whatever the user typed, the plural of the accepted name parses back to that name."""
    try:
        result = parse_resource_name(raw)
    except TracksError:
        assume(False)
        raise
    assert parse_resource_name(result.plural).name == result.name
    assert parse_resource_name(result.name).notice is None
    assert result.table == result.plural != result.name


# --------------------------------------------------------------------------------------
# GEN-R-2 types
# --------------------------------------------------------------------------------------

# token, sqlite type, postgres type, go type, input, step
TYPE_TABLE = [
    ("title:string", "TEXT", "VARCHAR(255)", "string", "text", None),
    ("body:text", "TEXT", "TEXT", "string", "textarea", None),
    ("stock:int", "INTEGER", "INTEGER", "int32", "number", "1"),
    ("views:bigint", "INTEGER", "BIGINT", "int64", "number", "1"),
    ("ratio:float", "REAL", "DOUBLE PRECISION", "float64", "number", "any"),
    ("price:decimal", "TEXT", "NUMERIC(12,2)", "string", "number", "0.01"),
    ("published:bool", "INTEGER", "BOOLEAN", "bool", "checkbox", None),
    ("due_on:date", "TEXT", "DATE", "time.Time", "date", None),
    ("starts_at:datetime", "TIMESTAMP", "TIMESTAMPTZ", "time.Time", "datetime-local", None),
    ("token:uuid", "TEXT", "UUID", "string", "text", None),
    ("contact:email", "TEXT", "VARCHAR(255)", "string", "email", None),
    ("website:url", "TEXT", "VARCHAR(255)", "string", "url", None),
    ("meta:json", "TEXT", "JSONB", "json.RawMessage", "textarea", None),
    ("state:enum(draft|published)", "TEXT", "TEXT", "string", "select", None),
    ("post:references", "TEXT", "TEXT", "string", "select", None),
    ("attachment:file", "TEXT", "UUID", "*string", "file", None),
    ("photo:image", "TEXT", "UUID", "*string", "file", None),
]


def test_the_type_table_covers_every_type() -> None:
    covered = {token.split(":")[1].split("(")[0] for token, *_ in TYPE_TABLE}
    assert covered == set(FIELD_TYPES)


@pytest.mark.parametrize("driver", ALL_DRIVERS)
@pytest.mark.parametrize(("token", "sqlite", "postgres", "go_type", "kind", "step"), TYPE_TABLE)
def test_every_type_maps_on_every_driver(
    driver: str,
    token: str,
    sqlite: str,
    postgres: str,
    go_type: str,
    kind: str,
    step: str | None,
) -> None:
    parsed = parse_one(token, driver)
    assert parsed.sql_type == (postgres if driver == "postgres" else sqlite)
    assert (parsed.go_type, parsed.input, parsed.input_step) == (go_type, kind, step)
    assert parsed.type == token.split(":")[1].split("(")[0]
    assert parsed.required
    assert not parsed.nullable


@pytest.mark.parametrize(
    ("token", "searchable"),
    [("title:string", True), ("body:text", True), ("contact:email", False), ("stock:int", False)],
)
def test_string_and_text_are_searchable(token: str, searchable: bool) -> None:
    assert parse_one(token).searchable is searchable


@pytest.mark.parametrize(
    ("token", "go_import"),
    [("due_on:date", "time"), ("meta:json", "encoding/json"), ("title:string", None)],
)
def test_go_imports(token: str, go_import: str | None) -> None:
    assert parse_one(token).go_import == go_import
    assert parse_one(f"{token}:optional").go_import == go_import


@pytest.mark.parametrize(
    ("token", "column", "go_name"),
    [
        ("post:references", "post_id", "PostID"),
        ("user_account:references", "user_account_id", "UserAccountID"),
        ("website_url:url", "website_url", "WebsiteURL"),
        ("api_token:uuid", "api_token", "APIToken"),
        ("title:string", "title", "Title"),
    ],
)
def test_columns_and_go_names(token: str, column: str, go_name: str) -> None:
    parsed = parse_one(token)
    assert (parsed.column, parsed.go_name) == (column, go_name)


def test_a_reference_points_at_the_target_table() -> None:
    parsed = parse_one("post:references")
    assert parsed.reference == Reference(target="post", table="posts", on_delete="RESTRICT")


def test_enum_values_are_kept_in_order() -> None:
    assert parse_one("state:enum(draft|published|archived)").enum_values == (
        "draft",
        "published",
        "archived",
    )


def test_fields_keep_their_order() -> None:
    tokens = ["title:string", "body:text", "post:references"]
    assert [f.name for f in parse_fields(tokens, "postgres", {"post"})] == ["title", "body", "post"]


def test_no_tokens_give_no_fields() -> None:
    assert parse_fields([], "postgres") == []


@pytest.mark.parametrize("driver", ["mysql", "sqlite", ""])
def test_an_unknown_driver_is_refused(driver: str) -> None:
    with pytest.raises(TracksError) as caught:
        parse_fields(["title:string"], driver)
    assert caught.value.exit_code == 2
    assert "unknown database driver" in caught.value.message


# --------------------------------------------------------------------------------------
# GEN-R-3 modifiers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "attribute", "value"),
    [
        ("title:string:optional", "nullable", True),
        ("title:string:optional", "go_type", "*string"),
        ("stock:int:optional", "go_type", "*int32"),
        ("due_on:date:optional", "go_type", "*time.Time"),
        ("meta:json:optional", "go_type", "json.RawMessage"),
        ("post:references:optional", "go_type", "*string"),
        ("slug:string:unique", "unique", True),
        ("slug:string:index", "index", True),
        ("title:string:default=untitled", "default", "untitled"),
        ("title:string:min=3", "min", 3),
        ("title:string", "max", 255),
        ("title:string:max=120", "max", 120),
        ("body:text", "max", None),
        ("body:text:max=5000", "max", 5000),
        ("stock:int:min=-5:max=10", "min", -5),
        ("ratio:float:min=0.5", "min", 0.5),
        ("ratio:float:max=2.0", "max", 2),
        ("price:decimal:min=0.01", "min", 0.01),
        ("stock:int:default=-3", "default", "-3"),
        ("views:bigint:default=9223372036854775807", "default", "9223372036854775807"),
        ("ratio:float:default=1e3", "default", "1e3"),
        ("price:decimal:default=19.99", "default", "19.99"),
        ("published:bool:default=true", "default", "true"),
        ("due_on:date:default=2025-01-31", "default", "2025-01-31"),
        ("starts_at:datetime:default=now", "default", "now"),
        ("starts_at:datetime:default=2025-01-31T10:30:00Z", "default", "2025-01-31T10:30:00Z"),
        (
            "token:uuid:default=123e4567-e89b-12d3-a456-426614174000",
            "default",
            "123e4567-e89b-12d3-a456-426614174000",
        ),
        ("contact:email:default=team@example.com", "default", "team@example.com"),
        ("website:url:default=https://example.com:8080/a:unique", "default",
         "https://example.com:8080/a"),
        ("website:url:default=https://example.com:unique", "unique", True),
        ('meta:json:default={"a":1}', "default", '{"a":1}'),
        ("state:enum(draft|published):default=draft", "default", "draft"),
    ],
)  # fmt: skip
def test_modifiers(token: str, attribute: str, value: object) -> None:
    assert getattr(parse_one(token), attribute) == value


@pytest.mark.parametrize(
    ("token", "on_delete", "nullable"),
    [
        ("post:references", "RESTRICT", False),
        ("post:references:restrict", "RESTRICT", False),
        ("post:references:cascade", "CASCADE", False),
        ("post:references:optional:setnull", "SET NULL", True),
    ],
)
def test_reference_delete_actions(token: str, on_delete: str, nullable: bool) -> None:
    parsed = parse_one(token)
    assert parsed.reference is not None
    assert (parsed.reference.on_delete, parsed.nullable) == (on_delete, nullable)


def test_modifiers_combine() -> None:
    parsed = parse_one("slug:string:optional:unique:index:min=3:max=80:default=home")
    assert (parsed.nullable, parsed.unique, parsed.index) == (True, True, True)
    assert (parsed.min, parsed.max, parsed.default) == (3, 80, "home")


# --------------------------------------------------------------------------------------
# GEN-R-4 refused input
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "driver", "rule"),
    [
        # malformed tokens
        (["title"], "sqlite3", "is not of the form name:type"),
        (["title:"], "sqlite3", "is not of the form name:type"),
        ([":string"], "sqlite3", "is not of the form name:type"),
        (["title:string:"], "sqlite3", "empty modifier"),
        (["title:string::unique"], "sqlite3", "empty modifier"),
        # names
        (["Title:string"], "sqlite3", "lower snake case"),
        (["blog__title:string"], "sqlite3", "lower snake case"),
        (["type:string"], "sqlite3", "is a Go keyword"),
        (["func:string"], "postgres", "is a Go keyword"),
        (["string:string"], "sqlite3", "is a predeclared Go identifier"),
        (["len:int"], "postgres", "is a predeclared Go identifier"),
        (["select:string"], "postgres", "is a Go keyword"),
        (["order:int"], "sqlite3", "is a reserved SQL word in SQLite"),
        (["order:int"], "postgres", "is a reserved SQL word in PostgreSQL"),
        (["group:string"], "go-libsql", "is a reserved SQL word"),
        (["user:string"], "postgres", "reserved SQL word in PostgreSQL (refused rather than"),
        (["id:string"], "sqlite3", "is added to every resource already"),
        (["created_at:datetime"], "postgres", "is added to every resource already"),
        (["updated_at:datetime"], "sqlite3", "is added to every resource already"),
        # duplicates
        (["title:string", "title:text"], "sqlite3", "duplicate field: 'title'"),
        (["post:references", "post_id:string"], "sqlite3", "duplicate field: 'post_id'"),
        # types
        (["title:str"], "sqlite3", "unknown type 'str'; the types are string, text"),
        (["title:String"], "sqlite3", "unknown type 'String'"),
        (["state:enum"], "sqlite3", "unknown type 'enum'"),
        (["state:enum(a|b"], "sqlite3", "unknown type 'enum(a|b'"),
        (["state:enum()"], "sqlite3", "enum has an empty value"),
        (["state:enum(a||b)"], "sqlite3", "enum has an empty value"),
        (["state:enum(a|b|a)"], "sqlite3", "enum has a duplicate value 'a'"),
        (["state:enum(Draft|b)"], "sqlite3", "enum value 'Draft' must be lower snake case"),
        # modifiers
        (["title:string:required"], "sqlite3", "unknown modifier 'required'"),
        (["title:string:size=3"], "sqlite3", "unknown modifier 'size=3'"),
        (["title:string:optional=yes"], "sqlite3", "unknown modifier 'optional=yes'"),
        (["title:string:unique:unique"], "sqlite3", "modifier 'unique' is given twice"),
        (["title:string:max=3:max=4"], "sqlite3", "modifier 'max' is given twice"),
        (["published:bool:min=1"], "sqlite3", "modifier 'min' does not fit type 'bool'"),
        (["due_on:date:max=3"], "sqlite3", "modifier 'max' does not fit type 'date'"),
        (["post:references:min=1"], "sqlite3", "modifier 'min' does not fit type 'references'"),
        (["title:string:cascade"], "sqlite3", "modifier 'cascade' only fits references"),
        (["stock:int:setnull"], "sqlite3", "modifier 'setnull' only fits references"),
        (["title:string:restrict"], "sqlite3", "modifier 'restrict' only fits references"),
        (["post:references:cascade:setnull"], "sqlite3", "give one of cascade, restrict"),
        (["post:references:setnull"], "sqlite3", "setnull needs optional"),
        (["title:string:min=abc"], "sqlite3", "min='abc' must be a length"),
        (["title:string:min=-1"], "sqlite3", "min='-1' must be a length"),
        (["stock:int:max=1.5"], "sqlite3", "max='1.5' must be a whole number"),
        (["ratio:float:max=nan"], "sqlite3", "max='nan' must be a number"),
        (["title:string:max=300"], "postgres", "max=300 is over 255"),
        (["title:string:min=9:max=3"], "sqlite3", "min=9 is greater than max=3"),
        # defaults
        (["title:string:default="], "sqlite3", "default='' is not valid for type 'string'"),
        (["stock:int:default=abc"], "sqlite3", "default='abc' is not valid for type 'int'"),
        (["stock:int:default=3000000000"], "sqlite3", "is not valid for type 'int'"),
        (["ratio:float:default=inf"], "sqlite3", "is not valid for type 'float'"),
        (["price:decimal:default=1.999"], "sqlite3", "is not valid for type 'decimal'"),
        (["published:bool:default=yes"], "sqlite3", "is not valid for type 'bool'"),
        (["due_on:date:default=2025-02-30"], "sqlite3", "is not valid for type 'date'"),
        (["due_on:date:default=20250101"], "sqlite3", "is not valid for type 'date'"),
        (["starts_at:datetime:default=soon"], "sqlite3", "is not valid for type 'datetime'"),
        (["token:uuid:default=abc"], "sqlite3", "is not valid for type 'uuid'"),
        (["contact:email:default=nobody"], "sqlite3", "is not valid for type 'email'"),
        (["website:url:default=ftp://x.io"], "sqlite3", "is not valid for type 'url'"),
        (["meta:json:default={a"], "sqlite3", "is not valid for type 'json'"),
        (["state:enum(a|b):default=c"], "sqlite3", "default='c' is not one of the enum values a|b"),
        (["post:references:default=1"], "sqlite3", "a references field cannot have a default"),
        # references
        (["author:references"], "sqlite3", "references a resource 'author' the app does not have"),
        (["posts:references"], "postgres", "references a resource 'posts'"),
    ],
)  # fmt: skip
def test_bad_fields_are_refused(tokens: list[str], driver: str, rule: str) -> None:
    assert_refused(tokens, driver, repr(tokens[-1]), rule)


@pytest.mark.parametrize("driver", ALL_DRIVERS)
@pytest.mark.parametrize("name", ["type", "func", "string", "select", "order", "group"])
def test_reserved_field_names_are_refused_on_every_driver(driver: str, name: str) -> None:
    assert_refused([f"{name}:string"], driver, f"'{name}:string'", f"field name {name!r}")


@pytest.mark.parametrize("driver", SQLITE_DRIVERS)
def test_user_is_a_field_name_on_sqlite_only(driver: str) -> None:
    assert parse_one("user:string", driver).column == "user"


def test_a_reference_error_lists_the_resources_and_hints_the_singular() -> None:
    error = assert_refused(["posts:references"], "sqlite3", "(it has: post)")
    assert error.hint == "for example: post:references"


def test_a_reference_error_without_resources_says_so() -> None:
    assert_refused(["post:references"], "sqlite3", "(it has: none yet)", existing=set())


def test_the_first_bad_token_is_reported() -> None:
    assert_refused(["title:string", "body:txt", "x:y"], "sqlite3", "'body:txt'")


# --------------------------------------------------------------------------------------
# GEN-R-3 ranges: a min/max/default the column or the Go type cannot hold is refused (exit 2)
# with the allowed range, instead of failing later in `go build` or the database
# --------------------------------------------------------------------------------------

INT32 = "allowed -2147483648 to 2147483647"
INT64 = "allowed -9223372036854775808 to 9223372036854775807"

OUT_OF_RANGE = [
    # integers: the Go type is int32 for int on every driver, int64 for bigint
    ("x:int:max=99999999999999999999", "max=99999999999999999999 is out of range", INT32),
    ("x:int:max=3000000000", "max=3000000000 is out of range for int, a 32-bit", INT32),
    ("x:int:min=-2147483649", "min=-2147483649 is out of range", INT32),
    ("x:int:max=2147483648", "max=2147483648 is out of range", INT32),
    ("x:bigint:min=-99999999999999999999", "min=-99999999999999999999 is out of range", INT64),
    ("x:bigint:max=9223372036854775808", "out of range for bigint, a 64-bit integer", INT64),
    # lengths: a string holds 1 to 255 characters, a text up to ten million
    ("x:string:max=0", "max=0 is out of range for string, a length", "allowed 1 to 255"),
    ("x:text:max=0", "max=0 is out of range for text", "allowed 1 to 10000000"),
    ("x:text:max=99999999999", "max=99999999999 is out of range", "allowed 1 to 10000000"),
    ("x:text:max=10000001", "max=10000001 is out of range", "allowed 1 to 10000000"),
    ("x:text:min=10000001", "min=10000001 is out of range", "allowed 0 to 10000000"),
    ("x:string:min=256", "min=256 is out of range", "allowed 0 to 255"),
    ("x:string:max=256", "max=256 is over 255", "allowed 1 to 255"),
    ("x:email:max=5", "max=5 is out of range for email", "allowed 6 to 255"),
    ("x:url:max=10", "max=10 is out of range for url", "allowed 11 to 255"),
    ("x:string:min=-1", "min='-1' must be a length", ""),
    ("x:text:max=-5", "max='-5' must be a length", ""),
    # decimals: NUMERIC(12,2)
    ("x:decimal:max=12345678901", "out of range for decimal", "allowed -9999999999.99 to"),
    ("x:decimal:min=-10000000000", "out of range for decimal", "9999999999.99"),
    ("x:decimal:min=0.001", "at most 2 digits after the point", ""),
    # floats: finite
    ("x:float:max=1e400", "max='1e400' must be a number", ""),
    ("x:float:min=-inf", "min='-inf' must be a number", ""),
    ("x:float:max=infinity", "must be a number", ""),
    ("x:float:min=nan", "must be a number", ""),
    # only ASCII digits, no underscores: they would reach Go and SQL as typed
    ("x:int:max=1_000", "max='1_000' must be a whole number", ""),
    ("x:int:max=\u0665", "must be a whole number", ""),
    ("x:float:max=1_0", "must be a number", ""),
    ("x:float:default=1_0", "is not valid for type 'float'", ""),
    ("x:int:default=\u0665", "is not valid for type 'int'", "-2147483648 to 2147483647"),
    # min above max
    ("x:string:min=5:max=3", "min=5 is greater than max=3", ""),
    ("x:string:min=300", "out of range", "allowed 0 to 255"),
    ("x:int:min=10:max=-10", "min=10 is greater than max=-10", ""),
    ("x:float:min=0.5:max=0.25", "min=0.5 is greater than max=0.25", ""),
    ("x:decimal:min=1.5:max=1.25", "min=1.5 is greater than max=1.25", ""),
    # defaults outside min/max
    ("x:int:min=1:max=10:default=11", "default='11' is over max=10", ""),
    ("x:int:min=1:default=0", "default='0' is under min=1", ""),
    ("x:bigint:max=5:default=6", "default='6' is over max=5", ""),
    ("x:float:min=0.5:default=0.25", "default='0.25' is under min=0.5", ""),
    ("x:decimal:min=0:default=-0.01", "default='-0.01' is under min=0", ""),
    ("x:string:min=3:default=ab", "default='ab' is 2 characters long, under min=3", ""),
    ("x:string:max=3:default=abcd", "default='abcd' is 4 characters long, over max=3", ""),
    ("x:text:max=2:default=abc", "over max=2", ""),
    ("x:email:max=8:default=ab@cd.efg", "over max=8", ""),
]


@pytest.mark.parametrize("driver", ALL_DRIVERS)
@pytest.mark.parametrize(
    ("token", "rule", "allowed"), OUT_OF_RANGE, ids=[row[0] for row in OUT_OF_RANGE]
)
def test_bounds_and_defaults_out_of_range_are_refused_with_the_range(
    token: str, rule: str, allowed: str, driver: str
) -> None:
    error = assert_refused([token], driver, repr(token), rule)
    assert allowed in error.message


@pytest.mark.parametrize(
    ("token", "low", "high"),
    [
        ("x:int:min=-2147483648:max=2147483647", -(2**31), 2**31 - 1),
        ("x:bigint:min=-9223372036854775808:max=9223372036854775807", -(2**63), 2**63 - 1),
        ("x:string:min=255:max=255", 255, 255),
        ("x:string:max=1", None, 1),
        ("x:text:max=10000000", None, 10_000_000),
        ("x:email:max=6", None, 6),
        ("x:url:max=11", None, 11),
        ("x:decimal:min=-9999999999.99:max=9999999999.99", -9999999999.99, 9999999999.99),
        ("x:decimal:min=0.5", 0.5, None),
        ("x:float:min=-1e308:max=1e308", -1e308, 1e308),
        ("x:float:min=0.25:max=0.25", 0.25, 0.25),
        ("x:int:min=3:max=3:default=3", 3, 3),
        ("x:string:min=2:max=4:default=abcd", 2, 4),
    ],
)
def test_bounds_at_the_edges_of_their_range_are_accepted(
    token: str, low: float | None, high: float | None
) -> None:
    for driver in ALL_DRIVERS:
        parsed = parse_one(token, driver)
        assert (parsed.min, parsed.max) == (low, high)


@pytest.mark.parametrize(("kind", "bits"), [("int", 32), ("bigint", 64)])
@settings(deadline=None)
@given(value=st.integers(min_value=-(2**70), max_value=2**70), key=st.sampled_from(["min", "max"]))
def test_an_integer_bound_is_accepted_exactly_when_its_go_type_holds_it(
    kind: str, bits: int, value: int, key: str
) -> None:
    token = f"x:{kind}:{key}={value}"
    fits = -(2 ** (bits - 1)) <= value <= 2 ** (bits - 1) - 1
    try:
        parsed = parse_one(token)
    except TracksError as error:
        assert not fits, f"{token} was refused: {error.message}"
        assert error.exit_code == 2
        assert f"allowed {-(2 ** (bits - 1))} to {2 ** (bits - 1) - 1}" in error.message
    else:
        assert fits, f"{token} was accepted"
        assert getattr(parsed, key) == value


@settings(deadline=None)
@given(low=st.integers(-300, 300), high=st.integers(-300, 300), default=st.integers(-400, 400))
def test_a_default_is_accepted_exactly_when_it_lies_within_min_and_max(
    low: int, high: int, default: int
) -> None:
    assume(low <= high)
    token = f"x:int:min={low}:max={high}:default={default}"
    try:
        parse_one(token)
    except TracksError as error:
        assert not low <= default <= high, error.message
        assert f"default='{default}'" in error.message
    else:
        assert low <= default <= high


@settings(deadline=None)
@given(raw=st.text(alphabet="0123456789.-+eE_ infa", min_size=1, max_size=8))
def test_an_accepted_float_bound_is_a_finite_number_go_can_read(raw: str) -> None:
    try:
        parsed = parse_one(f"x:float:max={raw}")
    except TracksError as error:
        assert error.exit_code == 2
        return
    assert parsed.max is not None and math.isfinite(parsed.max)
    assert raw.strip() == raw and "_" not in raw


def test_the_copier_validator_refuses_the_same_ranges() -> None:
    """extensions/model.py validates the `fields` answer with this parser, so plain
    `copier copy -d fields=...` refuses the same bounds."""
    path = Path(__file__).resolve().parents[3] / "extensions" / "model.py"
    spec = importlib.util.spec_from_file_location("tracks_test_model_extension_ranges", path)
    assert spec is not None and spec.loader is not None
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    module = extension.load_model().resource
    for token, rule, allowed in OUT_OF_RANGE:
        message = module.fields_error(f"title:string {token}", "go-libsql")
        assert rule in message and allowed in message, (token, message)


@pytest.mark.parametrize("token", ["live:bool:unique", "state:enum(a|b|c):unique"])
def test_unique_does_not_fit_a_bool_or_an_enum(token: str) -> None:
    error = assert_refused([token], "go-libsql", repr(token), "modifier 'unique' does not fit")
    assert error.hint is not None and error.hint.endswith(":index")


# --- file and image ----------------------------------------------------------------------


@pytest.mark.parametrize("driver", ALL_DRIVERS)
@pytest.mark.parametrize(
    ("token", "optional"), [("attachment:file", False), ("photo:image:optional", True)]
)
def test_a_file_is_the_id_of_a_stored_file_in_a_column_of_its_own(
    driver: str, token: str, optional: bool
) -> None:
    parsed = parse_one(token, driver)
    name = token.split(":")[0]
    assert (parsed.column, parsed.go_name) == (f"{name}_file_id", f"{name.capitalize()}FileID")
    assert parsed.go_type == "*string"  # NULL until a file arrives, required or not
    assert parsed.file
    assert parsed.required is not optional
    assert not parsed.searchable


@pytest.mark.parametrize("kind", ["file", "image"])
@pytest.mark.parametrize(
    ("modifier", "rule"),
    [
        ("unique", "modifier 'unique' does not fit type"),
        ("index", "modifier 'index' does not fit type"),
        ("default=x.png", "cannot have a default"),
        ("max=10", "modifier 'max' does not fit type"),
        ("cascade", "only fits references fields"),
    ],
)
def test_a_file_takes_only_optional(kind: str, modifier: str, rule: str) -> None:
    with pytest.raises(TracksError) as caught:
        parse_one(f"doc:{kind}:{modifier}")
    assert rule in caught.value.message
    assert caught.value.exit_code == 2
    assert (
        caught.value.hint == f"for example: doc:{kind}:optional"
        or "max" in modifier
        or "cascade" in modifier
    )


def test_a_file_column_cannot_clash_with_another_field() -> None:
    with pytest.raises(TracksError, match="duplicate field"):
        parse_fields(["scan:file", "scan_file_id:string"], "go-libsql")
