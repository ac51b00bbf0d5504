"""What the resource recipe's templates need, computed from the parsed fields.

``model.fields`` parses ``title:string:max=120`` into a :class:`~model.fields.Field`; this
module adds the Go and SQL each template prints for it, per dialect: the domain and sqlc types,
the conversions between them (SQLite keeps booleans as 0/1 and dates as text), the form rules
and controls, and sample values for the generated tests. Keeping it here keeps type logic out
of the Jinja templates, which loop over fields and print these strings; the statements they
share live in macros of recipes/resource_partials/.

Loaded by ``extensions/model.py`` inside Copier (the ``resource()`` global), and by the CLI for
its checks.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Collection
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import cached_property
from urllib.parse import urlencode

from . import naming
from .errors import TracksError
from .fields import (
    DRIVERS,
    FILE_TYPES,
    Field,
    ResourceName,
    parse_fields,
    parse_resource_name,
)

__all__ = ["FieldView", "ResourceView", "resource_view"]

_LABELS = {"id": "ID", "url": "URL", "uuid": "UUID", "json": "JSON"}

#: What a ``file`` field's input offers to pick: the types the upload policy of the app takes
#: by default (the server sniffs the content whatever the browser says).
_FILE_ACCEPT = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")

# Valid form values per type for the generated tests: a first value, and another one that a
# test can update to. ``{n}`` makes values of unique fields differ between calls.
_SAMPLES: dict[str, tuple[str, str]] = {
    "string": ("Sample {n}", "Changed {n}"),
    "text": ("Some text {n}", "Other text {n}"),
    "int": ("{n}", "{n}1"),
    "bigint": ("{n}000", "{n}001"),
    "float": ("{n}.5", "{n}.25"),
    "decimal": ("{n}.99", "{n}.50"),
    "bool": ("true", "false"),
    "date": ("2025-01-{d}", "2025-02-{d}"),
    "datetime": ("2025-01-{d}T10:30", "2025-02-{d}T11:45"),
    "uuid": (
        "00000000-0000-4000-8000-0000000000{d}",
        "00000000-0000-4000-8000-0000000001{d}",
    ),
    "email": ("user{n}@example.com", "other{n}@example.com"),
    "url": ("https://example.com/{n}", "https://example.org/{n}"),
    "json": ('{{"n":{n}}}', '{{"n":{n},"changed":true}}'),
}

# When the readable sample is longer than a field's max: the shortest valid value of each
# length-bounded type, where ``n`` stands for fixed-width digits and ``pad`` for x's up to min.
_SHORT_SAMPLES: dict[str, str] = {
    "string": "{n}{pad}",
    "text": "{n}{pad}",
    "email": "{n}{pad}@x.io",
    "url": "http://{n}.io{pad}",
}
#: Digits of ``n`` the samples make room for: a test binary makes far fewer forms than 10**5.
_SAMPLE_DIGITS = 5
#: Padding up to a min longer than this is strings.Repeat in the fixture, not a run of x's.
_LONG_PAD = 17
#: The largest value of a decimal: NUMERIC(12,2).
_DECIMAL_LIMIT = Decimal("9999999999.99")
#: How many distinct values a bounded integer sample cycles through.
_NUMBER_SPREAD = 1000

# What dto.go says when a form text does not parse as the field's type.
# Message keys of the app's locale files (internal/i18n/locales): the view translates them.
_PARSE_ERRORS: dict[str, str] = {
    "int": "validation.int32",
    "bigint": "validation.whole_number",
    "float": "validation.number",
    "date": "validation.date",
    "datetime": "validation.datetime",
}


def _message_ref(key: str, **values: str) -> str:
    """A message key with its values, as the app's i18n.Ref writes it (key?name=value)."""
    return f"{key}?{urlencode(values)}"


# Values the form rules refuse, for the 422 tests.
_INVALID: dict[str, str] = {
    "int": "twelve",
    "bigint": "many",
    "float": "lots",
    "decimal": "1.999",
    "date": "31/01/2025",
    "datetime": "yesterday",
    "uuid": "not-a-uuid",
    "email": "not-an-email",
    "url": "javascript:alert(1)",
    "json": "{not json",
    "enum": "not_a_choice",
}


def sqlc_name(column: str) -> str:
    """The Go name sqlc gives a column or table: ``site_url`` → ``SiteUrl``, ``post_id`` →
    ``PostID`` (its only default initialism is ``id``)."""
    return "".join("ID" if p == "id" else p[:1].upper() + p[1:] for p in column.split("_"))


def package_name(name: str) -> str:
    """The Go package (and folder) of a resource's domain code: its plural without underscores
    (``blog_post`` -> ``blogposts``). copier.yml's ``pkg`` answer is this value."""
    return parse_resource_name(name).plural.replace("_", "")


def _label(name: str) -> str:
    words = [_LABELS.get(w, w) for w in name.split("_")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


@dataclass(frozen=True)
class FieldView:
    """One field with the strings the templates print."""

    field: Field
    dialect: str

    def __getattr__(self, attr: str) -> object:
        return getattr(self.field, attr)

    @property
    def label(self) -> str:
        return _label(self.field.name)

    @property
    def human(self) -> str:
        """The name in a sentence: ``published_on`` → ``published on``."""
        return self.field.name.replace("_", " ")

    @property
    def form_name(self) -> str:
        """The form name: the column (``post_id`` for ``post:references``), but the field's own
        name for a file, since the browser posts the upload itself (``attachment``), never the
        id of the stored file in ``attachment_file_id``."""
        return self.field.name if self.file else self.field.column

    @property
    def file(self) -> bool:
        """The value is an upload (``file`` or ``image``), stored by id in the files table."""
        return self.field.type in FILE_TYPES

    @property
    def link_name(self) -> str:
        """The Go name of a file field's link on the show page: ``Attachment``."""
        return naming.pascal(self.field.name)

    @property
    def image(self) -> bool:
        return self.field.type == "image"

    @property
    def accept(self) -> str:
        """The ``accept`` attribute of the file input: the types the field takes."""
        types = FILE_TYPES.get(self.field.type) or _FILE_ACCEPT
        return ",".join(types)

    @property
    def nullable_column(self) -> bool:
        """The column allows NULL: an optional field, or any file (NULL until one arrives)."""
        return self.optional or self.file

    @property
    def sqlc(self) -> str:
        """The field's name in sqlc's structs."""
        return sqlc_name(self.field.column)

    @property
    def sqlc_arg(self) -> str:
        """The query parameter of the column: ``sqlc.narg`` makes it nullable."""
        return f"sqlc.{'narg' if self.nullable_column else 'arg'}({self.field.column})"

    @property
    def sqlc_label(self) -> str:
        """A reference's joined label column in sqlc's row struct."""
        return sqlc_name(f"{self.field.name}_label")

    @property
    def optional(self) -> bool:
        return self.field.nullable

    @property
    def enum_consts(self) -> list[str]:
        """The Go constants of an enum's values: ``StatusDraft`` for ``draft``."""
        return [self.field.go_name + naming.pascal(v) for v in self.field.enum_values]

    @property
    def enum_decls(self) -> list[tuple[str, str]]:
        """(constant, value) of an enum's values, the names padded the way gofmt aligns them."""
        return _padded(list(zip(self.enum_consts, self.field.enum_values, strict=True)))

    @property
    def pointer(self) -> bool:
        """The domain value is a pointer, nil when the form left it empty: an optional field,
        except JSON, whose json.RawMessage is nil itself."""
        return (self.optional or self.file) and self.field.type != "json"

    # -- Go types ------------------------------------------------------------------------

    @property
    def domain_type(self) -> str:
        return self.field.go_type

    @property
    def _sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def _conv(self) -> tuple[str, str] | None:
        """(to-db, from-db) helper names of dbconv when the sqlc type differs from the domain."""
        kind = self.field.type
        if kind == "json":
            return ("JSONTextOrNil", "JSONOrNil") if self.optional else ("JSONText", "JSON")
        if not self._sqlite:
            return None
        return {
            "int": ("Int64", "Int32"),
            "bool": ("BoolInt", "Bool"),
            "date": ("DateText", "Date"),
        }.get(kind)

    @property
    def from_db_fails(self) -> bool:
        """Reading the column can fail (a malformed stored date), so the mapper returns an error."""
        return self._sqlite and self.field.type == "date"

    def to_db(self, expr: str) -> str:
        conv = self._conv
        if conv is None:
            return expr
        if self.optional and self.field.type != "json":
            return f"dbconv.Map({expr}, dbconv.{conv[0]})"
        return f"dbconv.{conv[0]}({expr})"

    def from_db(self, expr: str) -> str:
        conv = self._conv
        if conv is None:
            return expr
        if self.optional and self.field.type != "json":
            helper = "MapErr" if self.from_db_fails else "Map"
            return f"dbconv.{helper}({expr}, dbconv.{conv[1]})"
        return f"dbconv.{conv[1]}({expr})"

    @property
    def uses_dbconv(self) -> bool:
        return self._conv is not None

    # -- forms -----------------------------------------------------------------------------

    @property
    def validate_tag(self) -> str:
        """The go-playground/validator rules of the form field (a string)."""
        f = self.field
        rules = ["omitempty" if f.nullable else "required"]
        kind = f.type
        if kind in ("string", "text", "email", "url"):
            if f.min is not None:
                rules.append(f"min={f.min}")
            if f.max is not None:
                rules.append(f"max={f.max}")
        rules += {
            "email": ["email"],
            "url": ["http_url"],
            "uuid": ["uuid"],
            "json": ["json"],
            "decimal": ["decimal"],
            "int": ["numeric"],
            "bigint": ["numeric"],
            "float": ["numeric"],
            "date": ["datetime=2006-01-02"],
            "datetime": ["datetime=2006-01-02T15:04"],
        }.get(kind, [])
        if kind == "enum":
            rules.append("oneof=" + " ".join(f.enum_values))
        if kind == "bool":
            rules = []  # an unticked checkbox sends nothing, which means false
        if self.file:
            rules = []  # the id of a stored file, set by the handler, never typed (see dto.go)
        return ",".join(rules)

    @property
    def parse_fails(self) -> bool:
        """Parsing the form text can fail (a number, a date), with ``parse_error`` as message."""
        return self.field.type in _PARSE_ERRORS

    @property
    def parse_error(self) -> str:
        """The message next to a field whose text does not parse ("" when any text does)."""
        return _PARSE_ERRORS.get(self.field.type, "")

    def parse_call(self, src: str) -> str:
        """Go call that parses the form text ``src`` into (``parsed``, err), when parse_fails."""
        kind = self.field.type
        if kind in ("int", "bigint"):
            return f"strconv.ParseInt({src}, 10, {self.int_bits})"
        if kind == "float":
            return f"strconv.ParseFloat({src}, 64)"
        return f"time.Parse({self.time_layout}, {src})"

    @property
    def parsed(self) -> str:
        """The variable parse_call's value is bound to: ``n`` for an integer, else ``v``."""
        return "n" if self.field.type in ("int", "bigint") else "v"

    def parsed_value(self, src: str) -> str:
        """Go expression of the domain value (never a pointer) once the form text ``src`` is
        parsed: ``parsed`` in the field's type, or an expression of the text itself."""
        kind = self.field.type
        if self.parse_fails:
            return f"int32({self.parsed})" if kind == "int" else self.parsed
        if kind == "bool":
            return f'{src} == "true"'
        if kind == "json":
            return f"json.RawMessage({src})"
        return src

    @property
    def int_bits(self) -> int:
        return 32 if self.field.type == "int" else 64

    @property
    def time_layout(self) -> str:
        return "time.DateOnly" if self.field.type == "date" else "dateTimeLocal"

    def format(self, expr: str) -> str:
        """Go expression: the domain value ``expr`` (never a pointer, maybe ``*p.X``) as form
        text. A dereference gets parentheses only where a method is called on it."""
        if expr.startswith("*") and self.field.type in ("date", "datetime"):
            expr = f"({expr})"
        return {
            "int": f"strconv.FormatInt(int64({expr}), 10)",
            "bigint": f"strconv.FormatInt({expr}, 10)",
            "float": f"strconv.FormatFloat({expr}, 'f', -1, 64)",
            "bool": f"strconv.FormatBool({expr})",
            "date": f"{expr}.Format(time.DateOnly)",
            "datetime": f"{expr}.UTC().Format(dateTimeLocal)",
            "json": f"string({expr})",
        }.get(self.field.type, expr)

    @property
    def min_value(self) -> str | None:
        return None if self.field.min is None else str(self.field.min)

    @property
    def max_value(self) -> str | None:
        return None if self.field.max is None else str(self.field.max)

    @property
    def under_min(self) -> str | None:
        """Form text just below min, for the 422 tests (None without a min)."""
        return None if self.field.min is None else self._beyond(self.field.min, -1)

    @property
    def over_max(self) -> str | None:
        """Form text just above max, for the 422 tests (None without a max)."""
        return None if self.field.max is None else self._beyond(self.field.max, 1)

    def _beyond(self, bound: int | float, direction: int) -> str:
        """A number past ``bound`` that still parses as past it: a float of 1e300 plus one is
        1e300 again, so a float steps to the next representable value when 1 is too small."""
        if self.field.type in ("int", "bigint"):
            return str(int(bound) + direction)
        if self.field.type == "decimal":
            return str(Decimal(str(bound)) + direction)
        value = float(bound) + direction
        if value == float(bound):
            value = math.nextafter(float(bound), direction * math.inf)
        return repr(value)

    @property
    def value_bounds(self) -> bool:
        """min/max constrain the value (numbers), checked after parsing."""
        return self.field.type in ("int", "bigint", "float", "decimal")

    @property
    def bound_checks(self) -> list[tuple[str, str, str]]:
        """(operator, bound, message) of each comparison that refuses a parsed number: the
        number past its min or max (none for a field whose min/max bound its length)."""
        checks = []
        if self.value_bounds and self.min_value is not None:
            at_least = _message_ref("validation.at_least", min=self.min_value)
            checks.append(("<", self.min_value, at_least))
        if self.value_bounds and self.max_value is not None:
            at_most = _message_ref("validation.at_most", max=self.max_value)
            checks.append((">", self.max_value, at_most))
        return checks

    @property
    def default_form(self) -> str:
        """The form's initial text for a new record (the ``default=`` modifier)."""
        value = self.field.default
        if value is None:
            return ""
        if self.field.type == "datetime" and value == "now":
            return ""
        if self.field.type == "float":
            return f"{Decimal(value):f}"  # 1e3 as 1000: the form's numeric rule wants digits
        return value

    # -- views -----------------------------------------------------------------------------

    @property
    def step(self) -> str | None:
        return self.field.input_step

    @property
    def control(self) -> str:
        """The form's control: ``checkbox`` (a required bool), ``select`` (an optional bool,
        which may be unset, an enum, a reference), ``textarea`` or ``input``."""
        if self.field.type == "bool":
            return "select" if self.optional else "checkbox"
        if self.field.input in ("select", "textarea", "file"):
            return self.field.input
        return "input"

    @property
    def rows(self) -> int:
        """Rows of a textarea: more for text than for JSON."""
        return 6 if self.field.type == "text" else 4

    @property
    def limits(self) -> str:
        """The HTML attributes of the control that mirror the form's rules (``step``, ``min``,
        ``max``, ``maxlength``), each with its leading space; "" when there are none."""
        attrs = []
        if self.step:
            attrs.append(f'step="{self.step}"')
        if self.value_bounds and self.min_value is not None:
            attrs.append(f'min="{self.min_value}"')
        if self.value_bounds and self.max_value is not None:
            attrs.append(f'max="{self.max_value}"')
        if not self.value_bounds and self.max_value is not None:
            attrs.append(f'maxlength="{self.max_value}"')
        return "".join(f" {a}" for a in attrs)

    # -- SQL -------------------------------------------------------------------------------

    @property
    def column_sql(self) -> str:
        f = self.field
        parts = [f.column, f.sql_type]
        if not self.nullable_column:
            parts.append("NOT NULL")
        if f.default is not None:
            parts.append(f"DEFAULT {self._sql_default()}")
        checks = self._checks()
        if checks:
            parts.append(f"CHECK ({checks})")
        if f.reference is not None:
            parts.append(f"REFERENCES {f.reference.table} (id) ON DELETE {f.reference.on_delete}")
        if self.file:
            # The handlers delete the file after the row; a file deleted first leaves no id
            # pointing at nothing.
            parts.append("REFERENCES files (id) ON DELETE SET NULL")
        return " ".join(parts)

    def _sql_default(self) -> str:
        value = str(self.field.default)
        kind = self.field.type
        if kind == "datetime" and value == "now":
            return "CURRENT_TIMESTAMP"
        if kind == "bool":
            if self._sqlite:
                return "1" if value == "true" else "0"
            return "TRUE" if value == "true" else "FALSE"
        if kind in ("int", "bigint", "float") or (kind == "decimal" and not self._sqlite):
            return value
        return "'" + value.replace("'", "''") + "'"

    def _checks(self) -> str:
        f = self.field
        if f.type == "enum":
            values = ", ".join(f"'{v}'" for v in f.enum_values)
            return f"{f.column} IN ({values})"
        if f.type == "bool" and self._sqlite:
            return f"{f.column} IN (0, 1)"
        return ""

    # -- tests -----------------------------------------------------------------------------

    def sample(self, n: int = 1, second: bool = False) -> str:
        """A valid form value; ``n`` varies it (unique fields), ``second`` gives another one."""
        f = self.field
        if f.type == "enum":
            return f.enum_values[1 if second and len(f.enum_values) > 1 else 0]
        pattern = _SAMPLES.get(f.type, ("{n}", "{n}"))[1 if second else 0]
        value = pattern.format(n=n, d=f"{10 + n % 18:02d}")
        if f.max is not None and f.type in ("string", "text", "email", "url"):
            value = value[: int(f.max)]
        return self._clamp(value)

    def _clamp(self, value: str) -> str:
        """Keep a numeric sample inside min/max, so generated tests respect the modifiers."""
        f = self.field
        if f.type not in ("int", "bigint", "float", "decimal"):
            if f.min is not None and f.type in ("string", "text") and len(value) < int(f.min):
                value = value + "x" * (int(f.min) - len(value))
            return value
        number = float(value)
        if f.min is not None and number < float(f.min):
            number = float(f.min)
        if f.max is not None and number > float(f.max):
            number = float(f.max)
        if f.type in ("int", "bigint"):
            return str(int(number))
        return f"{number:.2f}" if f.type == "decimal" else repr(number)

    def go_sample(self, second: bool = False) -> str:
        """A Go expression of a valid form value; the int ``n`` in scope varies it, so values of
        unique fields differ between calls. References are "" (the fixture fills them).

        Every value respects the field's min/max, for any ``n`` below 10**_SAMPLE_DIGITS (how
        many forms one test binary makes, with room to spare)."""
        f = self.field
        if f.reference is not None or self.file:
            return '""'
        if f.type in ("enum", "bool"):
            return json.dumps(self.sample(1, second))
        if self.value_bounds and (f.min, f.max) != (None, None):
            return self._bounded_number()
        if f.type == "uuid":
            block = "9000" if second else "8000"
            return f'fmt.Sprintf("00000000-0000-4000-{block}-%012d", n)'
        pattern = _SAMPLES[f.type][1 if second else 0]
        if f.type in _SHORT_SAMPLES:
            pattern = self._fit_length(pattern)
        args = []
        for match in re.finditer(r"\{[nd]\}|\{n:0(\d+)\}", pattern):
            token = match.group()
            args.append("10+n%18" if token == "{d}" else "n" if token == "{n}" else self._mod_n)
        go_pattern = re.sub(r"\{n:0(\d+)\}", r"%0\1d", pattern)
        go_pattern = go_pattern.replace("{n}", "%d").replace("{d}", "%02d")
        go_pattern = go_pattern.replace("{{", "{").replace("}}", "}")
        pad = re.search(f"x{{{_LONG_PAD},}}", go_pattern)
        if pad is not None:  # a long min: strings.Repeat rather than a line of x's
            before = len(re.findall(r"%0?\d*d", go_pattern[: pad.start()]))
            args.insert(before, f'strings.Repeat("x", {len(pad.group())})')
            go_pattern = go_pattern[: pad.start()] + "%s" + go_pattern[pad.end() :]
        if not args:
            return json.dumps(go_pattern)
        return f"fmt.Sprintf({json.dumps(go_pattern)}, {', '.join(args)})"

    @property
    def _mod_n(self) -> str:
        return f"n%{10**self._digits}"

    @property
    def _digits(self) -> int:
        """How many digits of ``n`` fit a short sample: up to ``_SAMPLE_DIGITS``, fewer when
        max leaves less room."""
        short = _SHORT_SAMPLES[self.field.type]
        room = int(self.field.max or 0) - len(short.format(n="", pad=""))
        return max(1, min(_SAMPLE_DIGITS, room))

    def _fit_length(self, pattern: str) -> str:
        """The readable sample when it fits min/max for every ``n``, else the shortest form:
        ``n`` in fixed-width digits (modulo what fits), padded with x up to min."""
        f = self.field
        low = int(f.min or 0)
        readable = pattern + "x" * low if f.min is not None else pattern
        longest = len(readable.format(n="9" * _SAMPLE_DIGITS, d="10").replace("{{", "{"))
        if f.max is None or longest <= int(f.max):
            return readable
        short = _SHORT_SAMPLES[f.type]
        digits = self._digits
        if digits == _SAMPLE_DIGITS and low <= len(short.format(n="1", pad="")):
            return short.format(n="{n}", pad="")  # every n below 10**5 fits as it is
        pad = "x" * max(0, low - len(short.format(n="0" * digits, pad="")))
        return short.format(n=f"{{n:0{digits}}}", pad=pad)

    def _bounded_number(self) -> str:
        """A number inside min/max that varies with ``n`` where the range allows it."""
        f = self.field
        if f.type in ("int", "bigint"):
            type_low, type_high = -(2 ** (self.int_bits - 1)), 2 ** (self.int_bits - 1) - 1
            low = type_low if f.min is None else int(f.min)
            high = type_high if f.max is None else int(f.max)
            start = min(max(1, low), high)
            start = max(low, min(start, high - _NUMBER_SPREAD + 1))
            width = min(_NUMBER_SPREAD, high - start + 1)
            if width == 1:
                return json.dumps(str(start))
            if f.type == "bigint":
                return f"fmt.Sprint({start} + int64(n%{width}))"
            return f"fmt.Sprint({start} + n%{width})"
        values = self._number_choices()
        if len(values) == 1:
            return json.dumps(values[0])
        return f"[]string{{{', '.join(json.dumps(v) for v in values)}}}[n%{len(values)}]"

    def _number_choices(self) -> list[str]:
        """Up to five distinct valid values of a float or decimal with min and/or max, near 1.5
        where the range allows, in plain digits: the form's ``numeric`` rule refuses 1e+300."""
        f = self.field
        places = Decimal("0.01") if f.type == "decimal" else None
        limit = _DECIMAL_LIMIT if places is not None else Decimal(sys.float_info.max)
        low = -limit if f.min is None else Decimal(str(f.min))
        high = limit if f.max is None else Decimal(str(f.max))
        start = min(max(Decimal("1.5"), low), high)
        # Step up from the start when there is room above it, else down.
        room = high - start if high > start else low - start
        step = max(Decimal(-1), min(Decimal(1), room / 4))
        if places is not None:
            step = step.quantize(places, rounding=ROUND_DOWN)
            if step == 0 and room != 0:
                step = places.copy_sign(room)
        values: list[str] = []
        for k in range(5):
            value = start + step * k
            text = f"{value:.2f}" if places is not None else f"{value:f}"
            if text not in values and low <= Decimal(text) <= high:
                values.append(text)
        return values

    @property
    def invalid(self) -> str | None:
        """A value the form rules refuse, or None when every text is valid."""
        return _INVALID.get(self.field.type)

    @property
    def too_long(self) -> int | None:
        """A length past max, for a field whose max bounds its length (None otherwise)."""
        if self.value_bounds or self.field.max is None:
            return None
        return int(self.field.max) + 1


@dataclass(frozen=True)
class ResourceView:
    """The resource as its templates see it."""

    names: ResourceName
    dialect: str
    fields: tuple[FieldView, ...]
    labels: dict[str, str]

    def __getattr__(self, attr: str) -> object:
        return getattr(self.names, attr)

    @property
    def package(self) -> str:
        return package_name(self.names.name)

    @property
    def title(self) -> str:
        return _label(self.names.name)

    @property
    def title_plural(self) -> str:
        return _label(self.names.plural)

    @property
    def human(self) -> str:
        return self.names.name.replace("_", " ")

    @property
    def human_plural(self) -> str:
        return self.names.plural.replace("_", " ")

    @property
    def param(self) -> str:
        """The chi URL parameter of the id: ``postID``."""
        return f"{self.names.camel}ID"

    @cached_property
    def searchable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.field.searchable)

    @cached_property
    def references(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.field.reference is not None)

    @cached_property
    def files(self) -> tuple[FieldView, ...]:
        """The upload fields (``file`` and ``image``): with any, the form posts multipart, the
        handlers store files through interfaces.Files and the service checks the form first."""
        return tuple(f for f in self.fields if f.file)

    @cached_property
    def file_links_struct(self) -> list[tuple[str, str]]:
        """(name, type) of the show page's links to the stored files, padded for gofmt."""
        return _padded([(f.link_name, "FileLink") for f in self.files])

    @cached_property
    def images(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.image)

    @cached_property
    def unique(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.field.unique)

    @cached_property
    def label_field(self) -> FieldView | None:
        """The field other resources show for a row of this one: the first string field."""
        return next((f for f in self.fields if f.field.type == "string"), None)

    def ref_label(self, f: FieldView) -> str:
        """The target's column shown for a references field (``id`` when it has no string)."""
        assert f.field.reference is not None
        return self.labels.get(f.field.reference.target, "id")

    def ref_names(self, f: FieldView) -> ResourceName:
        assert f.field.reference is not None
        return parse_resource_name(f.field.reference.target)

    def ref_package(self, f: FieldView) -> str:
        """The Go package of a references field's target (``blogposts``)."""
        assert f.field.reference is not None
        return package_name(f.field.reference.target)

    @property
    def columns(self) -> tuple[FieldView, ...]:
        """The fields the list shows, one column each."""
        return self.fields[:4]

    @cached_property
    def domain_struct(self) -> list[tuple[str, str]]:
        """(name, type) of the domain struct's fields, names padded for gofmt's alignment."""
        rows = [("ID", "string")]
        for f in self.fields:
            rows.append((f.go_name, f.domain_type))
            if f.field.reference is not None:
                rows.append((self.label_of(f), "string"))
        rows += [("CreatedAt", "time.Time"), ("UpdatedAt", "time.Time")]
        return _padded(rows)

    def label_of(self, f: FieldView) -> str:
        """The domain field holding a reference's display text: PostID → PostLabel."""
        return f.go_name.removesuffix("ID") + "Label"

    @cached_property
    def form_struct(self) -> list[tuple[str, str]]:
        """(name, tag) of the form struct, where every field is the text the browser sent."""
        rows = []
        for f in self.fields:
            tag = f'form:"{f.form_name}"'
            if f.validate_tag:
                tag += f' validate:"{f.validate_tag}"'
            rows.append((f.go_name, f"string `{tag}`"))
        return _padded(rows)

    @cached_property
    def choices_struct(self) -> list[tuple[str, str]]:
        return _padded([(self.ref_names(f).pascal_plural, "[]Option") for f in self.references])

    @property
    def row_type(self) -> str:
        """The sqlc type Get returns: the table's model, or a row type when labels are joined."""
        if self.references:
            return f"Get{self.names.pascal}Row"
        return sqlc_name(self.names.name)

    def list_row(self, row: str) -> str:
        """A List row as the type Get returns: sqlc declares identical structs for the two when
        labels are joined, so it converts."""
        return f"generated.Get{self.names.pascal}Row({row})" if self.references else row

    @property
    def from_db_fails(self) -> bool:
        return any(f.from_db_fails for f in self.fields)

    @property
    def uses_dbconv(self) -> bool:
        return any(f.uses_dbconv for f in self.fields)

    @property
    def domain_imports(self) -> list[str]:
        """Standard imports of the domain type's file."""
        needed = {f.field.go_import for f in self.fields} | {"time"}
        return sorted(i for i in needed if i)

    @property
    def samples_use_n(self) -> bool:
        """The test fixtures vary a sample with the counter ``n`` (else they declare none)."""
        return any(
            re.search(r"\bn\b", f.go_sample() + f.go_sample(True)) is not None
            for f in self.fields
            if f.field.reference is None
        )

    @property
    def uses_strings_in_samples(self) -> bool:
        """A sample pads a long min with strings.Repeat."""
        return any(
            "strings.Repeat" in f.go_sample() + f.go_sample(True)
            for f in self.fields
            if f.field.reference is None
        )

    @property
    def uses_fmt_in_samples(self) -> bool:
        """The test fixtures build sample values with fmt.Sprintf or fmt.Sprint."""
        return any(
            "fmt.Sprint" in f.go_sample() + f.go_sample(True)
            for f in self.fields
            if f.field.reference is None
        )

    @property
    def dto_imports(self) -> list[str]:
        """Standard imports of dto.go: strconv formats and parses numbers and booleans (and
        a bounded decimal), time the dates."""
        kinds = {f.field.type for f in self.fields}
        needed = {"errors", "net/url"}
        if "json" in kinds:
            needed.add("encoding/json")
        if kinds & {"date", "datetime"}:
            needed.add("time")
        if kinds & {"int", "bigint", "float", "bool"} or any(
            f.field.type == "decimal" and f.bound_checks for f in self.fields
        ):
            needed.add("strconv")
        return sorted(needed)

    @property
    def uses_datetime(self) -> bool:
        """A datetime field: dto.go declares the layout of datetime-local inputs."""
        return any(f.field.type == "datetime" for f in self.fields)

    # -- imports of the app's own packages, relative to its module, sorted -----------------

    @property
    def repository_imports(self) -> list[str]:
        """dbconv only where a sqlc type differs from the domain's."""
        paths = {"internal/db/dberr", "internal/db/generated", "internal/domain"}
        paths.add(f"internal/domain/{self.package}")
        if self.uses_dbconv:
            paths.add("internal/db/dbconv")
        return sorted(paths)

    @property
    def repository_test_imports(self) -> list[str]:
        """The repository's tests also make the rows their references point at, and delete them."""
        paths = {"internal/db/dbtest", "internal/domain"}
        paths |= self._own_packages("", "test", "repo")
        for f in self.references:
            target = self.ref_package(f)
            paths |= {
                f"internal/domain/{target}/{target}repo",
                f"internal/domain/{target}/{target}test",
            }
        return sorted(paths)

    @property
    def fixture_imports(self) -> list[str]:
        """The fixtures create what a required reference points at with the target's fixtures."""
        paths = {"internal/db/generated"} | self._own_packages("", "repo")
        if self.files:
            paths.add("internal/pkg/identifier")
        for f in self.references:
            if f.field.required:
                target = self.ref_package(f)
                paths.add(f"internal/domain/{target}/{target}test")
        return sorted(paths)

    def _own_packages(self, *suffixes: str) -> set[str]:
        """The resource's package ("") and its sub-packages (``repo``, ``test``)."""
        pkg = self.package
        return {f"internal/domain/{pkg}" + (f"/{pkg}{s}" if s else "") for s in suffixes}

    # -- tests -----------------------------------------------------------------------------

    @property
    def markup_field(self) -> FieldView | None:
        """The views tests' field that holds markup a user could type: the first required
        string or text."""
        return next(
            (f for f in self.fields if f.field.type in ("string", "text") and not f.pointer),
            None,
        )

    @property
    def typed_field(self) -> FieldView | None:
        """The views tests' field typed into the form: the first one that is not a choice."""
        return next(
            (f for f in self.fields if f.control not in ("checkbox", "select", "file")),
            None,
        )

    @property
    def url_field(self) -> FieldView | None:
        """The views tests' web address, which the show page links only when it is one."""
        return next((f for f in self.fields if f.field.type == "url"), None)

    @property
    def refusals(self) -> list[tuple[FieldView, str, str]]:
        """(field, case, Go expression of the text) of each form value the service's tests submit
        and expect refused: missing, invalid, past min or max, too long."""
        found: list[tuple[FieldView, str, str]] = []
        # An unticked checkbox is a value: false.
        found += [
            (f, "missing", '""') for f in self.fields if f.required and f.field.type != "bool"
        ]
        found += [(f, "invalid", json.dumps(f.invalid)) for f in self.fields if f.invalid]
        found += [
            (f, "under its minimum", json.dumps(f.under_min))
            for f in self.fields
            if f.value_bounds and f.under_min is not None
        ]
        found += [
            (f, "over its maximum", json.dumps(f.over_max))
            for f in self.fields
            if f.value_bounds and f.over_max is not None
        ]
        found += [
            (f, "too long", f'strings.Repeat("a", {f.too_long})') for f in self.fields if f.too_long
        ]
        return found

    @property
    def conflict_field(self) -> str:
        """The form name a unique conflict is reported on in the service's tests."""
        if not self.fields:
            return "id"
        return (self.unique or self.fields)[0].form_name

    def search_sql(self, table_prefix: str = "") -> str:
        """The WHERE condition of List and Count: the query is a substring of a searchable column,
        ignoring case. A plain substring test rather than LIKE, so `%` and `_` in a query match
        themselves (sqlc's SQLite grammar cannot parse LIKE ... ESCAPE)."""
        if not self.searchable:
            return ""
        param = "CAST(sqlc.arg(query) AS TEXT)"
        find = "instr" if self.dialect == "sqlite" else "strpos"
        cols = [
            f"{find}(lower({table_prefix}{f.form_name}), lower({param})) > 0"
            for f in self.searchable
        ]
        return f"{param} = '' OR " + " OR ".join(cols)


def _padded(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pad the names so a struct prints exactly as gofmt aligns it."""
    width = max((len(name) for name, _ in rows), default=0)
    return [(name.ljust(width), rest) for name, rest in rows]


def resource_view(
    name: str,
    fields: str,
    driver: str,
    ref_labels: str = "",
    existing_resources: Collection[str] | None = None,
) -> ResourceView:
    """Build the view of ``name`` with the space-separated field tokens, for ``driver``.

    References are checked against ``existing_resources`` when given (the CLI, before anything
    is written). Templates give none: an update must render the same files whatever the app
    holds now.
    """
    names = parse_resource_name(name)
    tokens = fields.split()
    if existing_resources is None:
        existing_resources = {
            t.split(":")[0] for t in tokens if t.split(":")[1:2] == ["references"]
        }
    parsed = parse_fields(tokens, driver, existing_resources=existing_resources)
    labels = dict(pair.split("=", 1) for pair in ref_labels.split() if "=" in pair)
    dialect = DRIVERS[driver]
    return ResourceView(
        names=names,
        dialect=dialect,
        fields=tuple(FieldView(f, dialect) for f in parsed),
        labels=labels,
    )


def fields_error(fields: object, driver: object) -> str:
    """Copier's validator of the ``fields`` answer: the parser's message, or "" when valid."""
    try:
        resource_view("item", str(fields or ""), str(driver or "go-libsql"))
    except TracksError as err:
        return f"{err.message} ({err.hint})" if err.hint else err.message
    return ""
