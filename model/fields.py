"""The field language of ``tracks generate resource``: names, types and modifiers.

``tracks generate resource blog_post title:string:max=120 body:text post:references`` has to
be turned into everything the resource recipe renders: Go names and types, SQL column types
per driver, form inputs and foreign keys. Parsing and checking all of it here, before any
file is written, is what lets a bad command exit 2 with "nothing written" (GEN-R-4).

This module is pure: no I/O, no knowledge of the app on disk. The caller passes the driver
and the resources the app already has.

Optional fields use Go **pointers** (``*string``, ``*int32``, ``*time.Time``) rather than
``sql.Null*``: a pointer marshals to JSON ``null``, reads naturally in templates
(``{{ if .Field }}``) and works the same with database/sql and pgx. ``json`` fields stay
``json.RawMessage`` when optional, because a nil slice already means NULL.

The name conversions come from ``model/naming.py``, the same module the Copier template
uses (as Jinja filters), so generated names cannot drift from rendered ones.
"""

from __future__ import annotations

import json
import math
import re
import sys
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from . import naming
from .errors import TracksError

__all__ = [
    "APP_RESERVED_NAMES",
    "DRIVERS",
    "FIELD_TYPES",
    "FILE_TYPES",
    "IMPLICIT_FIELDS",
    "MODIFIERS",
    "POSTGRES_RESERVED",
    "SQL_RESERVED",
    "Field",
    "Reference",
    "ResourceName",
    "parse_fields",
    "parse_resource_name",
]

_GO_RESERVED: Final[frozenset[str]] = naming.GO_KEYWORDS | naming.GO_PREDECLARED


def _plural(name: str) -> str:
    return str(naming.plural(name))


def _singular(name: str) -> str:
    return str(naming.singular(name))


def _pascal(name: str) -> str:
    return str(naming.pascal(name))


def _camel(name: str) -> str:
    return str(naming.camel(name))


def _kebab(name: str) -> str:
    return str(naming.kebab(name))


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """Read a whitespace-separated word list, which keeps long vocabularies compact."""
    return frozenset(text.split())


#: Words reserved by SQLite or PostgreSQL (or both) that break unquoted DDL or queries on
#: at least one of them. Refused as names on every driver so an app can change driver.
SQL_RESERVED: Final[frozenset[str]] = _words(
    """
    abort action add all alter and as asc autoincrement between both by case cast check
    collate column commit conflict constraint create cross current_date current_time
    current_timestamp default deferrable delete desc distinct do drop else end escape except
    exists false fetch for foreign from full glob grant group having in index inner insert
    intersect into is isnull join key leading left like limit match natural not notnull null
    offset on only or order outer primary raise references regexp returning right rollback
    select set some table then to trailing transaction trigger true union unique update
    using values view when where window with
    """
)

#: Words PostgreSQL alone reserves. ``user`` is the famous one: unquoted it means
#: ``CURRENT_USER``. Tracks refuses them on postgres rather than quoting every column.
POSTGRES_RESERVED: Final[frozenset[str]] = _words(
    """
    analyse analyze array asymmetric current_catalog current_role current_schema current_user
    lateral placing session_user symmetric user variadic
    """
)

#: Names the generated app already uses for its own tables, routes and packages.
APP_RESERVED_NAMES: Final[frozenset[str]] = frozenset({"health", "app_setting", "session"})

#: Columns every resource gets without asking.
IMPLICIT_FIELDS: Final[frozenset[str]] = frozenset({"id", "created_at", "updated_at"})

#: The ``database`` choices of ``copier.yml`` and the SQL dialect each one speaks.
DRIVERS: Final[dict[str, str]] = {
    "go-libsql": "sqlite",
    "sqlite3": "sqlite",
    "postgres": "postgres",
}

_SNAKE_RE: Final = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_ENUM_RE: Final = re.compile(r"enum\((?P<values>.*)\)")
# ASCII digits only: ``\d`` would also match other scripts' digits, which Go and SQL refuse.
_INT_RE: Final = re.compile(r"-?[0-9]+")
_FLOAT_RE: Final = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DECIMAL_TEXT_RE: Final = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")
_DECIMAL_RE: Final = re.compile(r"-?[0-9]{1,10}(?:\.[0-9]{1,2})?")
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UUID_RE: Final = re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}", re.IGNORECASE)
_EMAIL_RE: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL_RE: Final = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_STRING_MAX: Final = 255
#: The longest ``max=`` of a text. A text arrives in one request body (1 MiB unless the app's
#: config raises it); ten million characters leaves room for that, while the generated tests
#: can still build a value one character too long.
_LENGTH_MAX: Final = 10_000_000
#: The shortest value of each length-bounded type, so a ``max=`` below it is refused.
_SHORTEST: Final[dict[str, int]] = {"string": 1, "text": 1, "email": 6, "url": 11}
#: NUMERIC(12,2): ten digits before the point and two after.
_DECIMAL_MAX: Final = Decimal("9999999999.99")
_INT_BITS: Final[dict[str, int]] = {"int": 32, "bigint": 64}
_BOUND_EXAMPLES: Final[dict[str, str]] = {
    "length": "title:string:max=120",
    "int": "age:int:min=0",
    "decimal": "price:decimal:min=0",
    "number": "price:float:min=0",
}
_BOUND_WANTED: Final[dict[str, str]] = {
    "length": "a length (a whole number >= 0)",
    "int": "a whole number",
    "decimal": "a decimal number with at most 2 digits after the point (like 9.99)",
    "number": "a number",
}
_INT_RANGES: Final[dict[str, tuple[int, int]]] = {
    "int": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_ON_DELETE: Final[dict[str, str]] = {
    "restrict": "RESTRICT",
    "cascade": "CASCADE",
    "setnull": "SET NULL",
}
_FLAG_MODIFIERS: Final = ("optional", "unique", "index", *_ON_DELETE)
_VALUE_MODIFIERS: Final = ("default", "min", "max")

#: Every modifier, as the user writes it.
MODIFIERS: Final[tuple[str, ...]] = (*_FLAG_MODIFIERS, *(f"{m}=<v>" for m in _VALUE_MODIFIERS))


# --------------------------------------------------------------------------------------
# Types (GEN-R-2)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TypeSpec:
    """One row of the GEN-R-2 table, plus which modifiers make sense for the type."""

    sqlite: str
    postgres: str
    go: str
    input: str
    step: str | None = None
    bounds: str | None = None  # "length", "int", "decimal" or "number": what min/max constrain
    searchable: bool = False


FIELD_TYPES: Final[dict[str, _TypeSpec]] = {
    "string": _TypeSpec("TEXT", "VARCHAR(255)", "string", "text", bounds="length", searchable=True),
    "text": _TypeSpec("TEXT", "TEXT", "string", "textarea", bounds="length", searchable=True),
    "int": _TypeSpec("INTEGER", "INTEGER", "int32", "number", step="1", bounds="int"),
    "bigint": _TypeSpec("INTEGER", "BIGINT", "int64", "number", step="1", bounds="int"),
    "float": _TypeSpec(
        "REAL", "DOUBLE PRECISION", "float64", "number", step="any", bounds="number"
    ),
    "decimal": _TypeSpec(
        "TEXT", "NUMERIC(12,2)", "string", "number", step="0.01", bounds="decimal"
    ),
    "bool": _TypeSpec("INTEGER", "BOOLEAN", "bool", "checkbox"),
    "date": _TypeSpec("TEXT", "DATE", "time.Time", "date"),
    "datetime": _TypeSpec("TIMESTAMP", "TIMESTAMPTZ", "time.Time", "datetime-local"),
    "uuid": _TypeSpec("TEXT", "UUID", "string", "text"),
    "email": _TypeSpec("TEXT", "VARCHAR(255)", "string", "email", bounds="length"),
    "url": _TypeSpec("TEXT", "VARCHAR(255)", "string", "url", bounds="length"),
    "json": _TypeSpec("TEXT", "JSONB", "json.RawMessage", "textarea"),
    "enum": _TypeSpec("TEXT", "TEXT", "string", "select"),
    "references": _TypeSpec("TEXT", "TEXT", "string", "select"),
    # An upload: the column holds the id of its row in the app's `files` table (a UUIDv7, of
    # type UUID on postgres like files.id), and is NULL until a file arrives whatever the
    # modifiers say (required is the form's rule).
    "file": _TypeSpec("TEXT", "UUID", "string", "file"),
    "image": _TypeSpec("TEXT", "UUID", "string", "file"),
}

#: The types whose value is an uploaded file, and the content types each one takes. ``file``
#: takes what the app's upload policy allows (never SVG); ``image`` only pictures a browser shows.
FILE_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "file": (),
    "image": ("image/png", "image/jpeg", "image/gif", "image/webp"),
}

_TYPE_LIST: Final = ", ".join(t if t != "enum" else "enum(a|b|c)" for t in FIELD_TYPES)
_GO_IMPORTS: Final[dict[str, str]] = {"time.Time": "time", "json.RawMessage": "encoding/json"}


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceName:
    """Every spelling of a resource name the recipe needs, derived once (GEN-R-1)."""

    name: str
    plural: str
    pascal: str
    pascal_plural: str
    camel: str
    camel_plural: str
    kebab_plural: str
    table: str
    notice: str | None = None

    @property
    def route(self) -> str:
        """The collection's URL path, e.g. ``/blog-posts``."""
        return f"/{self.kebab_plural}"


@dataclass(frozen=True)
class Reference:
    """The foreign key of a ``references`` field: which table and what a delete does."""

    target: str
    table: str
    on_delete: str  # SQL spelling: RESTRICT, CASCADE or SET NULL


@dataclass(frozen=True)
class Field:
    """One parsed field with everything a template needs, so templates hold no type logic.

    ``max`` of ``string``, ``email`` and ``url`` is 255 when not given, because that is the
    column size on postgres and the form's ``maxlength``.
    """

    name: str
    type: str
    column: str
    go_name: str
    go_type: str
    sql_type: str
    input: str
    input_step: str | None = None
    nullable: bool = False
    unique: bool = False
    index: bool = False
    default: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    enum_values: tuple[str, ...] = ()
    reference: Reference | None = None
    searchable: bool = False

    @property
    def required(self) -> bool:
        """Whether validation demands a value: every field is required unless optional."""
        return not self.nullable

    @property
    def file(self) -> bool:
        """Whether the value is an uploaded file (``file`` or ``image``)."""
        return self.type in FILE_TYPES

    @property
    def go_import(self) -> str | None:
        """The Go package the field's type needs, if any (``time``, ``encoding/json``)."""
        return _GO_IMPORTS.get(self.go_type.lstrip("*"))


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


def _field_error(token: str, rule: str, example: str) -> TracksError:
    """Build the exit-2 error GEN-R-4 asks for: the token, the rule and a valid example."""
    return TracksError(f"field {token!r}: {rule}", hint=f"for example: {example}", exit_code=2)


def _name_error(raw: str, rule: str) -> TracksError:
    """The resource-name flavour of :func:`_field_error`."""
    return TracksError(
        f"resource name {raw!r}: {rule}",
        hint="for example: tracks generate resource blog_post title:string",
        exit_code=2,
    )


# --------------------------------------------------------------------------------------
# Resource names (GEN-R-1)
# --------------------------------------------------------------------------------------


def _snake_rule(name: str) -> str | None:
    """Why ``name`` is not a lower snake identifier, or None when it is one."""
    if _SNAKE_RE.fullmatch(name):
        return None
    return (
        "must be lower snake case: a lowercase letter, then lowercase letters, digits and "
        "single underscores, not ending in an underscore"
    )


def _reserved_rule(name: str, sql_words: Collection[str], dialect: str) -> str | None:
    """Why ``name`` cannot name something in generated Go or SQL, or None when it can."""
    if name in naming.GO_KEYWORDS:
        return "is a Go keyword"
    if name in naming.GO_PREDECLARED:
        return "is a predeclared Go identifier (it would shadow a built-in)"
    if name in sql_words:
        return f"is a reserved SQL word in {dialect}"
    return None


def parse_resource_name(raw: str) -> ResourceName:
    """Check a resource name and derive its spellings; plural input is singularised.

    Raises :class:`TracksError` (exit 2) for a name that is not lower snake case, is
    reserved in Go or SQL, is one of the app's own names, or has no distinct plural (Go
    code needs ``post`` and ``posts`` to be different variables).
    """
    rule = _snake_rule(raw)
    if rule is not None:
        raise _name_error(raw, rule)
    name = _singular(raw)
    notice = f"singularised {raw!r} to {name!r}" if name != raw else None
    plural = _plural(name)
    rule = _reserved_rule(name, SQL_RESERVED | POSTGRES_RESERVED, "SQLite or PostgreSQL")
    if rule is None and name in APP_RESERVED_NAMES:
        rule = "is already used by the generated app itself"
    if rule is None and plural == name:
        rule = "has the same singular and plural, which Go code cannot tell apart"
    if rule is None and _singular(plural) != name:
        rule = f"has a plural {plural!r} that does not singularise back, so it is ambiguous"
    if rule is not None:
        raise _name_error(raw, rule if name == raw else f"(singular {name!r}) {rule}")
    return ResourceName(
        name=name,
        plural=plural,
        pascal=_pascal(name),
        pascal_plural=_pascal(plural),
        camel=_camel(name),
        camel_plural=_camel(plural),
        kebab_plural=_kebab(plural),
        table=plural,
        notice=notice,
    )


# --------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------


def _is_modifier_start(part: str) -> bool:
    """Whether ``part`` begins a new modifier; used to find where a default value ends."""
    return part in _FLAG_MODIFIERS or part.split("=", 1)[0] in _VALUE_MODIFIERS


def _split_token(token: str) -> tuple[str, str, list[str]]:
    """Split ``name:type:mod...``, letting a ``default=`` value contain colons.

    Colons are the separator, but URLs and times need them (``default=https://x.io``), so
    the parts after ``default=`` that do not start a modifier are joined back onto it.
    """
    parts = token.split(":")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise _field_error(token, "is not of the form name:type[:modifier...]", "title:string")
    modifiers: list[str] = []
    for part in parts[2:]:
        if modifiers and modifiers[-1].startswith("default=") and not _is_modifier_start(part):
            modifiers[-1] += ":" + part
        elif not part:
            raise _field_error(token, "has an empty modifier", "title:string:optional")
        else:
            modifiers.append(part)
    return parts[0], parts[1], modifiers


def _parse_type(token: str, raw_type: str) -> tuple[str, tuple[str, ...]]:
    """Return the type name and, for ``enum(a|b)``, its values."""
    match = _ENUM_RE.fullmatch(raw_type)
    if match is None:
        if raw_type not in FIELD_TYPES or raw_type == "enum":
            raise _field_error(
                token, f"unknown type {raw_type!r}; the types are {_TYPE_LIST}", "title:string"
            )
        return raw_type, ()
    values = tuple(match["values"].split("|"))
    return "enum", _check_enum_values(token, values)


def _check_enum_values(token: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Enum values become Go constants and a SQL CHECK list: snake case, non-empty, unique."""
    example = "status:enum(draft|published)"
    for value in values:
        if not value:
            raise _field_error(token, "enum has an empty value", example)
        if _SNAKE_RE.fullmatch(value) is None:
            raise _field_error(token, f"enum value {value!r} must be lower snake case", example)
    duplicates = sorted({v for v in values if values.count(v) > 1})
    if duplicates:
        raise _field_error(token, f"enum has a duplicate value {duplicates[0]!r}", example)
    return values


# --------------------------------------------------------------------------------------
# Modifiers (GEN-R-3)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Range:
    """The values a ``min=``/``max=`` may take, and what to call them in a message."""

    low: int | float | Decimal
    high: int | float | Decimal
    what: str


@dataclass
class _Modifiers:
    """The modifiers of one token, gathered before they are checked against the type."""

    flags: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)


def _gather_modifiers(token: str, modifiers: list[str]) -> _Modifiers:
    """Sort modifiers into flags and ``key=value`` pairs; refuse unknown or repeated ones."""
    gathered = _Modifiers()
    for modifier in modifiers:
        key, has_value, value = modifier.partition("=")
        known = key in _VALUE_MODIFIERS if has_value else key in _FLAG_MODIFIERS
        if not known:
            raise _field_error(
                token,
                f"unknown modifier {modifier!r}; the modifiers are {', '.join(MODIFIERS)}",
                "title:string:optional:max=120",
            )
        if key in gathered.flags or key in gathered.values:
            raise _field_error(token, f"modifier {key!r} is given twice", "title:string:unique")
        if has_value:
            gathered.values[key] = value
        else:
            gathered.flags.add(key)
    return gathered


def _on_delete(token: str, type_name: str, mods: _Modifiers) -> str | None:
    """The ON DELETE action of a reference (restrict unless told), None for other types."""
    actions = sorted(mods.flags & _ON_DELETE.keys())
    if type_name != "references":
        if actions:
            raise _field_error(
                token,
                f"modifier {actions[0]!r} only fits references fields",
                "post:references:cascade",
            )
        return None
    if len(actions) > 1:
        raise _field_error(
            token, f"give one of cascade, restrict, setnull, not {actions}", "post:references"
        )
    action = actions[0] if actions else "restrict"
    if action == "setnull" and "optional" not in mods.flags:
        raise _field_error(
            token,
            "setnull needs optional (the column must allow NULL)",
            "post:references:optional:setnull",
        )
    return _ON_DELETE[action]


def _number(raw: str, kind: str) -> int | float | Decimal | None:
    """Parse a bound as the kind of value it limits; None when it is not one.

    Only ASCII digits count: Python's ``int`` and ``float`` also take ``1_000``, `` 5`` and
    other scripts' digits, which would reach the generated Go and SQL as they were typed.
    """
    if kind in ("length", "int"):
        return int(raw) if _INT_RE.fullmatch(raw) else None
    if kind == "decimal":
        return Decimal(raw) if _DECIMAL_TEXT_RE.fullmatch(raw) else None
    if _FLOAT_RE.fullmatch(raw) is None:
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def _bound_range(type_name: str, spec: _TypeSpec, key: str) -> _Range:
    """What ``min=``/``max=`` of a type may be: the values its column and Go type can hold."""
    if spec.bounds == "length":
        cap = _STRING_MAX if spec.postgres == "VARCHAR(255)" else _LENGTH_MAX
        # A max below the shortest valid value would refuse every value.
        low = _SHORTEST[type_name] if key == "max" else 0
        return _Range(low, cap, f"{type_name}, a length")
    if spec.bounds == "int":
        low, high = _INT_RANGES[type_name]
        return _Range(low, high, f"{type_name}, a {_INT_BITS[type_name]}-bit integer")
    if spec.bounds == "decimal":
        return _Range(-_DECIMAL_MAX, _DECIMAL_MAX, "decimal, NUMERIC(12,2)")
    return _Range(-sys.float_info.max, sys.float_info.max, "float, a finite 64-bit number")


def _plain(value: int | float | Decimal) -> int | float:
    """A bound as the templates print it: whole numbers as ints, others as floats."""
    if isinstance(value, int):
        return value
    if value == int(value) and abs(value) < 2**53:
        return int(value)
    return float(value)


def _parse_bound(token: str, key: str, raw: str, type_name: str, spec: _TypeSpec) -> int | float:
    """Parse ``min=``/``max=`` and refuse a value outside what the type can hold, naming the
    allowed range (a bound the Go type cannot hold does not even compile)."""
    kind = spec.bounds or "number"
    example = _BOUND_EXAMPLES[kind]
    value = _number(raw, kind)
    if value is None or (kind == "length" and value < 0):
        raise _field_error(token, f"{key}={raw!r} must be {_BOUND_WANTED[kind]}", example)
    allowed = _bound_range(type_name, spec, key)
    if allowed.low <= value <= allowed.high:
        return _plain(value)
    span = f"allowed {_plain(allowed.low)} to {_plain(allowed.high)}"
    if kind == "length" and key == "max" and value > allowed.high == _STRING_MAX:
        rule = f"max={value} is over {_STRING_MAX}, the size of a {type_name} ({span})"
        raise _field_error(token, rule, "body:text")
    raise _field_error(token, f"{key}={raw} is out of range for {allowed.what}: {span}", example)


def _bounds(
    token: str, type_name: str, spec: _TypeSpec, mods: _Modifiers
) -> tuple[int | float | None, int | float | None]:
    """Check and parse ``min``/``max`` for the type; string-like types default to max 255."""
    given = [key for key in ("min", "max") if key in mods.values]
    if spec.bounds is None:
        if given:
            raise _field_error(
                token,
                f"modifier {given[0]!r} does not fit type {type_name!r}; it fits string, text, "
                "email, url (length) and int, bigint, float, decimal (value)",
                "title:string:max=120",
            )
        return None, None
    low, high = (
        _parse_bound(token, key, mods.values[key], type_name, spec) if key in mods.values else None
        for key in ("min", "max")
    )
    if spec.postgres == "VARCHAR(255)":
        high = _STRING_MAX if high is None else high
    if low is not None and high is not None and low > high:
        raise _field_error(
            token,
            f"min={low} is greater than max={high}, so no value would be valid",
            "title:string:min=3",
        )
    return low, high


def _check_unique_fits(token: str, type_name: str, mods: _Modifiers) -> None:
    """A unique bool or enum column holds one row per value, which is a table of two or three
    rows rather than a rule about the data; ``index`` is what such a field wants."""
    if "unique" in mods.flags and type_name in ("bool", "enum"):
        raise _field_error(
            token,
            f"modifier 'unique' does not fit type {type_name!r}: the table could hold only "
            "one row per value",
            f"{token.split(':')[0]}:{token.split(':')[1]}:index",
        )


def _check_file_modifiers(token: str, type_name: str, mods: _Modifiers) -> None:
    """A file field is required or optional and nothing else: every upload is a file of its own
    (so nothing to keep unique or look up by), and a form cannot come with a file in it."""
    if type_name not in FILE_TYPES:
        return
    name = token.split(":")[0]
    for flag in ("unique", "index"):
        if flag in mods.flags:
            raise _field_error(
                token,
                f"modifier {flag!r} does not fit type {type_name!r}: each upload is a file of "
                "its own, stored under a key of its own",
                f"{name}:{type_name}:optional",
            )
    if "default" in mods.values:
        raise _field_error(
            token,
            f"a {type_name} field cannot have a default: the file comes with the form",
            f"{name}:{type_name}:optional",
        )


def _check_default_in_bounds(
    token: str, type_name: str, value: str, low: int | float | None, high: int | float | None
) -> None:
    """A default outside min/max would make the new form invalid as it comes."""
    spec = FIELD_TYPES[type_name]
    if spec.bounds is None or (low is None and high is None):
        return
    if spec.bounds == "length":
        size: int | Decimal = len(value)
        what = f"{size} characters long"
    else:
        size = Decimal(value)
        what = ""
    if low is not None and size < Decimal(str(low)):
        rule = f"is {what}, under min={low}" if what else f"is under min={low}"
    elif high is not None and size > Decimal(str(high)):
        rule = f"is {what}, over max={high}" if what else f"is over max={high}"
    else:
        return
    example = f"{token.split(':')[0]}:{type_name}:min=1:max=10:default=5"
    if spec.bounds == "length":
        example = "title:string:min=3:default=untitled"
    raise _field_error(token, f"default={value!r} {rule}", example)


# --------------------------------------------------------------------------------------
# Defaults
# --------------------------------------------------------------------------------------


def _is_int_in(value: str, type_name: str) -> bool:
    low, high = _INT_RANGES[type_name]
    return _INT_RE.fullmatch(value) is not None and low <= int(value) <= high


def _is_float(value: str) -> bool:
    return _FLOAT_RE.fullmatch(value) is not None and math.isfinite(float(value))


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return _DATE_RE.fullmatch(value) is not None


def _is_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return value == "now"
    return True


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return _UUID_RE.fullmatch(value) is not None


def _is_json(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


_DEFAULT_CHECKS: Final[dict[str, tuple[Callable[[str], bool], str, str]]] = {
    # type: (check, what a valid value is, example)
    "string": (lambda v: True, "text", "title:string:default=untitled"),
    "text": (lambda v: True, "text", "body:text:default=empty"),
    "int": (
        lambda v: _is_int_in(v, "int"),
        "a 32-bit integer, -2147483648 to 2147483647",
        "stock:int:default=0",
    ),
    "bigint": (
        lambda v: _is_int_in(v, "bigint"),
        "a 64-bit integer, -9223372036854775808 to 9223372036854775807",
        "views:bigint:default=0",
    ),
    "float": (_is_float, "a finite number", "ratio:float:default=0.5"),
    "decimal": (
        lambda v: _DECIMAL_RE.fullmatch(v) is not None,
        "a decimal with at most 10 digits before and 2 after the point",
        "price:decimal:default=9.99",
    ),
    "bool": (lambda v: v in ("true", "false"), "true or false", "published:bool:default=false"),
    "date": (_is_date, "a date YYYY-MM-DD", "due_on:date:default=2025-01-31"),
    "datetime": (_is_datetime, "now or an ISO-8601 date-time", "starts_at:datetime:default=now"),
    "uuid": (_is_uuid, "a UUID", "token:uuid:default=00000000-0000-0000-0000-000000000000"),
    "email": (
        lambda v: _EMAIL_RE.fullmatch(v) is not None,
        "an email",
        "contact:email:default=a@b.io",
    ),
    "url": (
        lambda v: _URL_RE.fullmatch(v) is not None,
        "an http(s) URL",
        "site:url:default=https://a.io",
    ),
    "json": (_is_json, "a JSON document", "meta:json:default={}"),
}


def _check_default(token: str, type_name: str, enum_values: tuple[str, ...], value: str) -> str:
    """Refuse a ``default=`` value the column or Go type could not hold."""
    if type_name == "references":
        raise _field_error(
            token, "a references field cannot have a default", "post:references:optional"
        )
    if type_name == "enum":
        if value not in enum_values:
            raise _field_error(
                token,
                f"default={value!r} is not one of the enum values {'|'.join(enum_values)}",
                f"status:enum({'|'.join(enum_values)}):default={enum_values[0]}",
            )
        return value
    check, wanted, example = _DEFAULT_CHECKS[type_name]
    if not value or not check(value):
        raise _field_error(
            token, f"default={value!r} is not valid for type {type_name!r}: want {wanted}", example
        )
    return value


# --------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------


def _check_field_name(token: str, name: str, dialect: str) -> None:
    """Refuse field names that generated Go or SQL could not use as they are."""
    rule = _snake_rule(name)
    if rule is None and name in IMPLICIT_FIELDS:
        rule = "is added to every resource already (id, created_at, updated_at)"
    if rule is None:
        sql_words = SQL_RESERVED | (POSTGRES_RESERVED if dialect == "postgres" else frozenset())
        label = "PostgreSQL (refused rather than quoted)" if dialect == "postgres" else "SQLite"
        rule = _reserved_rule(name, sql_words, label)
    if rule is not None:
        raise _field_error(token, f"field name {name!r} {rule}", "title:string")


def _check_reference(token: str, name: str, existing: Collection[str], on_delete: str) -> Reference:
    """A ``references`` field names an existing resource; its column is ``<name>_id``."""
    if name not in existing:
        singular = _singular(name)
        known = ", ".join(sorted(existing)) or "none yet"
        hint = f"{singular}:references" if singular in existing else "post:references"
        raise _field_error(
            token,
            f"references a resource {name!r} the app does not have (it has: {known})",
            hint,
        )
    return Reference(target=name, table=_plural(name), on_delete=on_delete)


def _parse_field(token: str, dialect: str, existing: Collection[str]) -> Field:
    """Parse and check one ``name:type[:modifier...]`` token."""
    name, raw_type, raw_modifiers = _split_token(token)
    type_name, enum_values = _parse_type(token, raw_type)
    _check_field_name(token, name, dialect)
    spec = FIELD_TYPES[type_name]
    mods = _gather_modifiers(token, raw_modifiers)
    on_delete = _on_delete(token, type_name, mods)
    _check_unique_fits(token, type_name, mods)
    _check_file_modifiers(token, type_name, mods)
    low, high = _bounds(token, type_name, spec, mods)
    default = mods.values.get("default")
    if default is not None:
        default = _check_default(token, type_name, enum_values, default)
        _check_default_in_bounds(token, type_name, default, low, high)
    reference = None
    if on_delete is not None:
        reference = _check_reference(token, name, existing, on_delete)
    column = f"{name}_id" if reference else f"{name}_file_id" if type_name in FILE_TYPES else name
    nullable = "optional" in mods.flags
    # A file's id is a pointer even when required: the column is NULL until a file arrives.
    pointer = (nullable or type_name in FILE_TYPES) and not spec.go.startswith("json.")
    go_type = f"*{spec.go}" if pointer else spec.go
    return Field(
        name=name,
        type=type_name,
        column=column,
        go_name=_pascal(column),
        go_type=go_type,
        sql_type=spec.postgres if dialect == "postgres" else spec.sqlite,
        input=spec.input,
        input_step=spec.step,
        nullable=nullable,
        unique="unique" in mods.flags,
        index="index" in mods.flags,
        default=default,
        min=low,
        max=high,
        enum_values=enum_values,
        reference=reference,
        searchable=spec.searchable,
    )


def _check_unique(fields: list[Field], tokens: list[str]) -> None:
    """Two fields may not share a name, a column or a Go name."""
    seen: dict[str, str] = {}
    for parsed, token in zip(fields, tokens, strict=True):
        for key in (parsed.name, parsed.column, parsed.go_name):
            if key in seen:
                raise _field_error(
                    token,
                    f"duplicate field: {key!r} is also defined by {seen[key]!r}",
                    "title:string body:text",
                )
        for key in (parsed.name, parsed.column, parsed.go_name):
            seen[key] = token


def parse_fields(
    tokens: list[str], driver: str, existing_resources: Collection[str] = frozenset()
) -> list[Field]:
    """Parse the field tokens of ``tracks generate resource`` for one database driver.

    ``driver`` is the app's ``database`` answer (go-libsql, sqlite3 or postgres): it picks
    the SQL column types and which reserved words apply. ``existing_resources`` holds the
    singular names ``references`` may point at. The first bad token raises
    :class:`TracksError` with exit code 2, before anything is written.
    """
    dialect = DRIVERS.get(driver)
    if dialect is None:
        raise TracksError(
            f"unknown database driver {driver!r}; the drivers are {', '.join(DRIVERS)}",
            hint="for example: postgres",
            exit_code=2,
        )
    fields = [_parse_field(token, dialect, existing_resources) for token in tokens]
    _check_unique(fields, tokens)
    return fields
