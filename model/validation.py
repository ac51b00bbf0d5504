"""Answer validators for the Tracks Copier questionnaire.

Copier validators are Jinja templates: a question fails when its ``validator`` renders to
a non-empty string, which Copier then shows to the user. Each filter here therefore
returns an error message, or ``""`` when the answer is valid::

    project_name:
      type: str
      validator: "{{ project_name | project_name_error }}"

Messages name the rule that was broken and show a valid example, because the user reads
them in a terminal prompt with no other documentation at hand.

``extensions/model.py`` registers them as Jinja filters; the CLI calls them directly.
"""

from __future__ import annotations

import re
from typing import Final

from . import naming

__all__ = [
    "RESERVED_MODULE_PATHS",
    "RESERVED_PROJECT_NAMES",
    "WINDOWS_RESERVED_NAMES",
    "env_prefix_error",
    "module_path_error",
    "project_name_error",
]


_GO_KEYWORDS: Final[frozenset[str]] = naming.GO_KEYWORDS

# --------------------------------------------------------------------------------------
# Project name
# --------------------------------------------------------------------------------------

#: File names (before the first dot, any case) that Windows cannot create. Go's
#: module.CheckPath refuses them as path elements so modules stay usable everywhere, and a
#: project directory cannot have one of these names either.
WINDOWS_RESERVED_NAMES: Final[frozenset[str]] = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)

#: Names that would collide with Go tooling or with Tracks itself as a directory, binary
#: or package name ("go test ./test", "package main", "internal/" import rules...).
RESERVED_PROJECT_NAMES: Final[frozenset[str]] = frozenset(
    {"test", "main", "internal", "vendor", "testdata", "go", "tracks"}
)

_PROJECT_NAME_EXAMPLE: Final = "my-shop"
_PROJECT_NAME_MAX: Final = 50
_PROJECT_NAME_CHARS_RE: Final = re.compile(r"[a-z0-9_-]*")
_DOUBLED_SEPARATOR_RE: Final = re.compile(r"[-_]{2}")
_VERSION_NAME_RE: Final = re.compile(r"v[0-9]+")


def _text(value: object) -> str:
    """Coerce an answer to text; Copier may hand over ``None`` for an unanswered question."""
    return "" if value is None else str(value)


def _bad_chars(value: str, allowed: re.Pattern[str]) -> str:
    """List the distinct characters of ``value`` outside ``allowed``, for error messages."""
    seen = dict.fromkeys(ch for ch in value if not allowed.fullmatch(ch))
    return " ".join(repr(ch) for ch in seen)


def project_name_error(value: object) -> str:
    """Validate a project name; return an error message, or ``""`` when it is valid.

    The name becomes a directory, a binary and part of Go and Docker identifiers, so it is
    kept to ``^[a-z][a-z0-9_-]{1,49}$`` with no trailing or doubled separator, and may not
    be a Go keyword, a name Go tooling treats specially, a Go major version suffix or a
    reserved Windows file name, because the default module path ends with it.
    """
    name = _text(value)
    example = f"Example of a valid name: {_PROJECT_NAME_EXAMPLE}"
    if not name:
        return f"The project name is required. {example}"
    if len(name) < 2 or len(name) > _PROJECT_NAME_MAX:
        return (
            f"Project name {name!r} must be 2 to {_PROJECT_NAME_MAX} characters long "
            f"(it has {len(name)}). {example}"
        )
    if not ("a" <= name[0] <= "z"):
        return f"Project name {name!r} must start with a lowercase letter a-z. {example}"
    if not _PROJECT_NAME_CHARS_RE.fullmatch(name):
        bad = _bad_chars(name, re.compile(r"[a-z0-9_-]"))
        return (
            f"Project name {name!r} may only contain lowercase letters a-z, digits, '-' "
            f"and '_' (found {bad}). {example}"
        )
    if name[-1] in "-_":
        return f"Project name {name!r} must not end with a separator ('-' or '_'). {example}"
    if match := _DOUBLED_SEPARATOR_RE.search(name):
        return (
            f"Project name {name!r} must not contain doubled separators "
            f"(found {match.group()!r}). {example}"
        )
    if name in _GO_KEYWORDS:
        return f"Project name {name!r} is a Go keyword and cannot be used. {example}"
    if name in RESERVED_PROJECT_NAMES:
        reserved = ", ".join(sorted(RESERVED_PROJECT_NAMES))
        return f"Project name {name!r} is reserved (reserved: {reserved}). {example}"
    if _VERSION_NAME_RE.fullmatch(name):
        # "example.com/v1" is read by Go as a major version suffix, and refused.
        return (
            f"Project name {name!r} looks like a Go major version suffix (v0, v1, v2...) "
            f"and cannot end a module path. {example}"
        )
    if name in WINDOWS_RESERVED_NAMES:
        # The name becomes a directory and the default module path's last element.
        return f"Project name {name!r} is a reserved file name on Windows. {example}"
    return ""


# --------------------------------------------------------------------------------------
# Go module path
# --------------------------------------------------------------------------------------

#: Single-element module paths the go command refuses ("go", "toolchain") or that would
#: shadow the standard library's pseudo-modules ("std", "cmd").
RESERVED_MODULE_PATHS: Final[frozenset[str]] = frozenset({"go", "toolchain", "std", "cmd"})

_MODULE_EXAMPLE: Final = "github.com/acme/shop"
_MODULE_CHAR_RE: Final = re.compile(r"[A-Za-z0-9._~/-]")
_MODULE_CHARS_RE: Final = re.compile(r"[A-Za-z0-9._~/-]*")
_SINGLE_ELEMENT_RE: Final = re.compile(r"[a-z][a-z0-9._~-]*")
_DOMAIN_ELEMENT_RE: Final = re.compile(r"[a-z0-9][a-z0-9.-]*")
_TILDE_DIGITS_RE: Final = re.compile(r"~[0-9]+$")
_VERSION_LIKE_RE: Final = re.compile(r"v[0-9.]+")
_MAJOR_VERSION_RE: Final = re.compile(r"v(?:[2-9]|[1-9][0-9]+)")
_GOPKG_SUFFIX_RE: Final = re.compile(r"\.v(?:0|[1-9][0-9]*)(?:-unstable)?$")


def _element_error(path: str, element: str, example: str) -> str:
    """Check one path element against the rules every element of a Go module path obeys."""
    if element.startswith("."):
        return f"Module path {path!r}: element {element!r} must not start with a dot. {example}"
    if element.endswith("."):
        return f"Module path {path!r}: element {element!r} must not end with a dot. {example}"
    if _TILDE_DIGITS_RE.search(element):
        return (
            f"Module path {path!r}: element {element!r} must not end with '~' and digits "
            f"(a Windows short file name). {example}"
        )
    if element.split(".", 1)[0].lower() in WINDOWS_RESERVED_NAMES:
        return (
            f"Module path {path!r}: element {element!r} is a reserved file name on Windows. "
            f"{example}"
        )
    return ""


def module_path_error(value: object) -> str:
    """Validate a Go module path; return an error message, or ``""`` when it is valid.

    Accepts either one lowercase element (``myapp``) or a path whose first element is a
    lowercase domain name containing a dot (``example.com/x``, ``github.com/acme/shop``).
    The rules follow Go's ``module.CheckPath`` closely enough that every accepted path
    passes ``go mod init``: a path refused only later, by the go command inside the
    generated project's first build, would be a much worse experience.
    """
    path = _text(value)
    example = f"Example of a valid module path: {_MODULE_EXAMPLE} (or just myapp)"
    if not path:
        return f"The module path is required. {example}"
    if not _MODULE_CHARS_RE.fullmatch(path):
        bad = _bad_chars(path, _MODULE_CHAR_RE)
        return (
            f"Module path {path!r} may only contain letters, digits and '.', '_', '~', '-', "
            f"'/' (found {bad}). {example}"
        )
    if path.startswith(("/", ".")) or path.endswith(("/", ".")):
        return f"Module path {path!r} must not start or end with '/' or '.'. {example}"
    if "//" in path:
        return f"Module path {path!r} must not contain '//' (an empty element). {example}"
    if ".." in path:
        return f"Module path {path!r} must not contain '..'. {example}"

    elements = path.split("/")
    first = elements[0]
    if len(elements) == 1:
        if not _SINGLE_ELEMENT_RE.fullmatch(first):
            return (
                f"Module path {path!r}: a single-element path must be lowercase and start "
                f"with a letter. {example}"
            )
        if first in RESERVED_MODULE_PATHS:
            reserved = ", ".join(sorted(RESERVED_MODULE_PATHS))
            return f"Module path {path!r} is reserved by Go (reserved: {reserved}). {example}"
    else:
        if first != first.lower():
            return (
                f"Module path {path!r}: the first element (the domain) {first!r} must be "
                f"lowercase. {example}"
            )
        if "." not in first:
            return (
                f"Module path {path!r}: the first element {first!r} must be a domain name "
                f"containing a dot, like github.com. {example}"
            )
        if not _DOMAIN_ELEMENT_RE.fullmatch(first):
            return (
                f"Module path {path!r}: the first element (the domain) {first!r} may only "
                f"contain a-z, 0-9, '.' and '-', and must not start with '-'. {example}"
            )

    for element in elements:
        if error := _element_error(path, element, example):
            return error

    last = elements[-1]
    if (
        len(elements) > 1
        and _VERSION_LIKE_RE.fullmatch(last)
        and not _MAJOR_VERSION_RE.fullmatch(last)
    ):
        return (
            f"Module path {path!r}: a major version suffix must be /vN with N >= 2 "
            f"(found /{last}). Example: {_MODULE_EXAMPLE}/v2"
        )
    if first == "gopkg.in" and not _GOPKG_SUFFIX_RE.search(path):
        return (
            f"Module path {path!r}: gopkg.in paths must end in a .vN version suffix. "
            "Example: gopkg.in/yaml.v3"
        )
    return ""


# --------------------------------------------------------------------------------------
# Environment variable prefix
# --------------------------------------------------------------------------------------

_ENV_PREFIX_EXAMPLE: Final = "MY_SHOP"
_ENV_PREFIX_MAX: Final = 30
_ENV_PREFIX_RE: Final = re.compile(r"[A-Z][A-Z0-9_]{0,29}")


def env_prefix_error(value: object) -> str:
    """Validate an environment variable prefix; return a message, or ``""`` when valid.

    The generated app reads ``<PREFIX>_DATABASE_URL`` and friends, so the prefix must be a
    portable shell variable name fragment: ``^[A-Z][A-Z0-9_]{0,29}$``, not ending in
    ``_`` (the app adds the separating underscore itself).
    """
    prefix = _text(value)
    example = f"Example of a valid prefix: {_ENV_PREFIX_EXAMPLE}"
    if not prefix:
        return f"The environment variable prefix is required. {example}"
    if len(prefix) > _ENV_PREFIX_MAX:
        return (
            f"Environment variable prefix {prefix!r} must be at most {_ENV_PREFIX_MAX} "
            f"characters long (it has {len(prefix)}). {example}"
        )
    if not ("A" <= prefix[0] <= "Z"):
        return (
            f"Environment variable prefix {prefix!r} must start with an uppercase letter "
            f"A-Z. {example}"
        )
    if not _ENV_PREFIX_RE.fullmatch(prefix):
        bad = _bad_chars(prefix, re.compile(r"[A-Z0-9_]"))
        return (
            f"Environment variable prefix {prefix!r} may only contain uppercase letters A-Z, "
            f"digits and '_' (found {bad}). {example}"
        )
    if prefix.endswith("_"):
        return (
            f"Environment variable prefix {prefix!r} must not end with '_'; the separator "
            f"is added for you. {example}"
        )
    return ""
