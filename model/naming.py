"""Name conversion filters and Go identifier tests for the Tracks Copier template.

One resource name typed by the user ("blog post", "BlogPost", "blog-post") has to become a
Go type (``BlogPost``), a Go variable (``blogPost``), a SQL table (``blog_posts``), a URL
segment (``blog-posts``) and an environment variable (``BLOG_POST``). Doing those
conversions in one place keeps every generated file consistent with the others.

This module is loaded by file path through ``copier_template_extensions`` (the template
is not an installed package), so it must not use package-relative imports and must only
depend on the standard library and Jinja.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

__all__ = [
    "GO_INITIALISMS",
    "GO_KEYWORDS",
    "GO_PREDECLARED",
    "IRREGULAR_PLURALS",
    "UNCOUNTABLE",
    "camel",
    "go_identifier",
    "is_go_identifier",
    "is_go_keyword",
    "is_go_predeclared",
    "kebab",
    "pascal",
    "plural",
    "singular",
    "snake",
    "split_words",
    "upper_snake",
]

# --------------------------------------------------------------------------------------
# Go vocabulary
# --------------------------------------------------------------------------------------

#: The 25 reserved words of the Go specification: none of them can name anything.
GO_KEYWORDS: Final[frozenset[str]] = frozenset(
    {
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    }
)

#: Identifiers of Go's universe block. Using one as a name compiles but shadows a
#: built-in, which is a classic source of confusing errors in generated code.
GO_PREDECLARED: Final[frozenset[str]] = frozenset(
    {
        # types
        "any",
        "bool",
        "byte",
        "comparable",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        # constants
        "true",
        "false",
        "iota",
        # zero value
        "nil",
        # functions
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    }
)

#: Words that Go style writes in one case throughout ("UserID", not "UserId"). Kept
#: deliberately small: every entry changes generated public API names.
GO_INITIALISMS: Final[dict[str, str]] = {
    "api": "API",
    "html": "HTML",
    "http": "HTTP",
    "https": "HTTPS",
    "id": "ID",
    "ip": "IP",
    "json": "JSON",
    "sql": "SQL",
    "url": "URL",
    "uuid": "UUID",
}

_GO_IDENTIFIER_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# --------------------------------------------------------------------------------------
# Word splitting and case conversion
# --------------------------------------------------------------------------------------

# "blogPost" -> "blog Post", "v2Api" -> "v2 Api"
_LOWER_UPPER_RE: Final = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# "HTTPServer" -> "HTTP Server", but "IDs" in "userIDs" stays one word (a plural initialism)
_ACRONYM_WORD_RE: Final = re.compile(r"(?<=[A-Z])(?=[A-Z](?!s(?:[^a-z]|$))[a-z])")
_NON_ALNUM_RE: Final = re.compile(r"[^A-Za-z0-9]+")


def _ascii_fold(text: str) -> str:
    """Fold accented letters to ASCII ("café" -> "cafe") and drop what cannot be folded.

    Go identifiers, SQL names and environment variables in generated code are kept to
    ASCII so they are easy to type and never depend on the reader's locale.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def split_words(name: str) -> list[str]:
    """Split any spelling of a name into lowercase ASCII words.

    Separators (anything but ASCII letters and digits) and camel-case boundaries both
    end a word, so "BlogPost", "blog-post", "blog post", "blogPost" and "blog_post" all
    give ``["blog", "post"]``, and "HTTPServer" gives ``["http", "server"]``. Every
    other converter builds on this, which is what makes them agree with each other.
    """
    text = _ascii_fold(str(name))
    text = _LOWER_UPPER_RE.sub(" ", text)
    text = _ACRONYM_WORD_RE.sub(" ", text)
    return [word.lower() for word in _NON_ALNUM_RE.split(text) if word]


def _title(word: str) -> str:
    """Capitalise one lowercase word, using Go's spelling for known initialisms.

    A plural initialism keeps Go's spelling too: "ids" -> "IDs", "urls" -> "URLs".
    """
    if word in GO_INITIALISMS:
        return GO_INITIALISMS[word]
    if word.endswith("s") and word[:-1] in GO_INITIALISMS:
        return GO_INITIALISMS[word[:-1]] + "s"
    return word[:1].upper() + word[1:]


def snake(name: str) -> str:
    """Return ``snake_case`` ("BlogPost" -> "blog_post"), used for SQL and file names."""
    return "_".join(split_words(name))


def kebab(name: str) -> str:
    """Return ``kebab-case`` ("BlogPost" -> "blog-post"), used for URLs and CSS classes."""
    return "-".join(split_words(name))


def upper_snake(name: str) -> str:
    """Return ``UPPER_SNAKE_CASE`` ("my-app" -> "MY_APP"), used for environment variables."""
    return "_".join(word.upper() for word in split_words(name))


def pascal(name: str) -> str:
    """Return ``PascalCase`` with Go initialisms ("user_id" -> "UserID").

    This is the spelling of exported Go names, so it follows Go style for the words in
    :data:`GO_INITIALISMS` rather than naive capitalisation ("UserId").
    """
    return "".join(_title(word) for word in split_words(name))


def camel(name: str) -> str:
    """Return ``camelCase`` with Go initialisms ("user_id" -> "userID", "id" -> "id").

    The first word stays fully lowercase, as Go style wants for unexported names
    ("httpClient", not "hTTPClient"); later words use :func:`pascal`'s spelling.
    """
    words = split_words(name)
    if not words:
        return ""
    return words[0] + "".join(_title(word) for word in words[1:])


def go_identifier(name: str) -> str:
    """Turn any name into a valid Go identifier fragment ("my-app" -> "myApp").

    The result is :func:`camel` of the name, then made valid: a leading digit gets an
    ``x`` prefix ("3d-printer" -> "x3dPrinter") and a Go keyword gets a trailing
    underscore ("type" -> "type_"), the same escape sqlc uses. A name without any ASCII
    letter or digit raises :class:`ValueError`, because silently inventing a name would
    hide a wrong answer in generated code.
    """
    ident = camel(name)
    if not ident:
        msg = f"cannot derive a Go identifier from {name!r}: it has no ASCII letter or digit"
        raise ValueError(msg)
    if ident[0].isdigit():
        ident = "x" + ident
    if ident in GO_KEYWORDS:
        ident += "_"
    return ident


def is_go_keyword(value: object) -> bool:
    """Jinja test ``go_keyword``: true when ``value`` is one of Go's 25 keywords."""
    return isinstance(value, str) and value in GO_KEYWORDS


def is_go_predeclared(value: object) -> bool:
    """Jinja test ``go_predeclared``: true for built-in types, constants and functions."""
    return isinstance(value, str) and value in GO_PREDECLARED


def is_go_identifier(value: object) -> bool:
    """Return whether ``value`` is an ASCII Go identifier that is not a keyword."""
    return (
        isinstance(value, str)
        and _GO_IDENTIFIER_RE.fullmatch(value) is not None
        and value not in GO_KEYWORDS
    )


# --------------------------------------------------------------------------------------
# English plurals
# --------------------------------------------------------------------------------------

#: Words whose singular and plural are the same, so neither direction changes them.
UNCOUNTABLE: Final[frozenset[str]] = frozenset(
    {
        "advice",
        "aircraft",
        "analytics",
        "chaos",
        "data",
        "deer",
        "economics",
        "equipment",
        "ethics",
        "evidence",
        "feedback",
        "firmware",
        "fish",
        "furniture",
        "hardware",
        "homework",
        "information",
        "knowledge",
        "kudos",
        "luggage",
        "mathematics",
        "media",
        "metadata",
        "middleware",
        "money",
        "moose",
        "news",
        "physics",
        "politics",
        "research",
        "rice",
        "series",
        "sheep",
        "software",
        "species",
        "staff",
        "traffic",
    }
)


def _es(word: str) -> str:
    """Plural of a word whose singular ends in "is": analysis -> analyses."""
    return word[:-2] + "es"


#: Singular -> plural pairs that the suffix rules below would get wrong in one direction
#: or the other. Matching is on the whole last word only: suffix matching breaks common
#: words ("human" is not "humen", "price" is not uncountable like "rice").
IRREGULAR_PLURALS: Final[dict[str, str]] = {
    # truly irregular
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "tooth": "teeth",
    "foot": "feet",
    "goose": "geese",
    "mouse": "mice",
    "ox": "oxen",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "axis": "axes",
    "quiz": "quizzes",
    "whiz": "whizzes",
    "fez": "fezzes",
    # -f / -fe -> -ves (most -f words just add -s: roofs, chiefs, beliefs)
    "calf": "calves",
    "elf": "elves",
    "half": "halves",
    "knife": "knives",
    "leaf": "leaves",
    "life": "lives",
    "loaf": "loaves",
    "self": "selves",
    "shelf": "shelves",
    "thief": "thieves",
    "wife": "wives",
    "wolf": "wolves",
    # -o -> -oes (most -o words just add -s: photos, videos, todos)
    "echo": "echoes",
    "hero": "heroes",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "torpedo": "torpedoes",
    "veto": "vetoes",
    # -is -> -es
    **{
        word: _es(word)
        for word in (
            "analysis",
            "crisis",
            "diagnosis",
            "emphasis",
            "hypothesis",
            "oasis",
            "parenthesis",
            "prognosis",
            "synopsis",
            "synthesis",
            "thesis",
        )
    },
    # singular words ending in "s" that take -es
    "atlas": "atlases",
    "canvas": "canvases",
    "gas": "gases",
    "iris": "irises",
    "lens": "lenses",
    # regular "+s" plurals whose singular the suffix rules would misread
    **{
        word: word + "s"
        for word in (
            "abuse",
            "ache",
            "avalanche",
            "cache",
            "calorie",
            "cliche",
            "cookie",
            "emu",
            "excuse",
            "fuse",
            "genie",
            "goalie",
            "guru",
            "haiku",
            "headache",
            "hoodie",
            "lie",
            "menu",
            "misuse",
            "movie",
            "moustache",
            "muse",
            "mustache",
            "newbie",
            "niche",
            "pie",
            "pixie",
            "prairie",
            "reuse",
            "rookie",
            "ruse",
            "selfie",
            "smoothie",
            "tie",
            "tofu",
            "use",
            "zombie",
        )
    },
}

_SINGULAR_OF: Final[dict[str, str]] = {
    plural: single for single, plural in IRREGULAR_PLURALS.items()
}
_VOWELS: Final = frozenset("aeiou")

# The last word of a name: after the last separator, or after the last camel-case hump.
# A run of capitals followed by "s" is a plural initialism ("userIDs").
_LAST_WORD_RE: Final = re.compile(
    r"(?P<head>.*?)(?P<word>[A-Z]{2,}s|[A-Z]?[a-z]+|[A-Z]+)$", re.DOTALL
)


def _plural_word(word: str) -> str:
    """Pluralise one lowercase English word; an already plural word is returned as is."""
    if word in UNCOUNTABLE or word in _SINGULAR_OF:
        return word
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("s"):
        # Singular words ending in "s" (class, status, bus, alias) take "-es"; any other
        # "-s" word (posts, schemas, taxis) is taken to be plural already.
        if word.endswith(("ss", "us", "ias")):
            return word + "es"
        if word.endswith("sis"):
            return _es(word)
        return word
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _singular_word(word: str) -> str:
    """Singularise one lowercase English word; an already singular word is returned as is."""
    if word in UNCOUNTABLE or word in IRREGULAR_PLURALS:
        return word
    if word in _SINGULAR_OF:
        return _SINGULAR_OF[word]
    if len(word) < 2 or not word.endswith("s") or word.endswith(("ss", "us", "ias", "sis")):
        return word
    rules: tuple[tuple[str, int, str], ...] = (
        # (plural suffix, characters to drop, replacement)
        ("ies", 3, "y"),
        ("sses", 2, ""),
        ("ouses", 1, ""),
        ("auses", 1, ""),
        ("uses", 2, ""),
        ("iases", 2, ""),
        ("yses", 2, "is"),
        ("zzes", 2, ""),
        ("xes", 2, ""),
        ("ches", 2, ""),
        ("shes", 2, ""),
    )
    for suffix, drop, replacement in rules:
        if word.endswith(suffix):
            return word[:-drop] + replacement
    if word.endswith("zes"):
        # "sizes" -> "size" but "waltzes" -> "waltz"
        return word[:-1] if len(word) > 3 and word[-4] in _VOWELS else word[:-2]
    return word[:-1]


def _match_case(template: str, word: str) -> str:
    """Give ``word`` the case pattern of ``template`` (lower, Capitalised or UPPER)."""
    if len(template) > 2 and template.endswith("s") and template[:-1].isupper():
        # A plural initialism ("IDs"): keep the capitals, and the "s" only if still plural.
        base = template[:-1]
        if word == base.lower():
            return base
        if word == base.lower() + "s":
            return template
        return word.upper()
    if len(template) > 1 and template.isupper():
        if template.lower() in GO_INITIALISMS and word.startswith(template.lower()):
            # "userID" -> "userIDs": Go style keeps the initialism and adds a lowercase "s".
            return template + word[len(template) :]
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _inflect_last_word(name: str, inflect: Callable[[str], str]) -> str:
    """Apply ``inflect`` to the last word of ``name``, keeping the rest and the case.

    Only the last word of a compound is a noun to inflect: "blog_post" -> "blog_posts",
    "BlogPost" -> "BlogPosts", "sales person" -> "sales people".
    """
    text = str(name)
    match = _LAST_WORD_RE.match(text)
    if match is None:
        return text
    word = match["word"]
    inflected = inflect(word.lower())
    return match["head"] + _match_case(word, inflected)


def plural(name: str) -> str:
    """Return the English plural of a name's last word ("blog_post" -> "blog_posts").

    Handles irregular nouns (person -> people), uncountable nouns (news, data) and the
    usual suffix rules (category -> categories, box -> boxes, status -> statuses).
    A word that is already plural is returned unchanged, so templates may apply the
    filter to a name without knowing how the user typed it. A name that does not end in
    an ASCII letter ("v2", "") is returned unchanged too.
    """
    return _inflect_last_word(name, _plural_word)


def singular(name: str) -> str:
    """Return the English singular of a name's last word ("blog_posts" -> "blog_post").

    The exact inverse of :func:`plural` for the words :func:`plural` knows; a word that
    is already singular is returned unchanged.
    """
    return _inflect_last_word(name, _singular_word)
