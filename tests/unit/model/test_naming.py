"""Tests for model/naming.py: case conversion, plurals and Go identifier checks."""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

GO_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# --------------------------------------------------------------------------------------
# Case conversion tables
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BlogPost", "blog_post"),
        ("blog-post", "blog_post"),
        ("blog post", "blog_post"),
        ("blogPost", "blog_post"),
        ("blog_post", "blog_post"),
        ("HTTPServer", "http_server"),
        ("  Blog--Post__ ", "blog_post"),
        ("UserID", "user_id"),
        ("userIDs", "user_ids"),
        ("URLsList", "urls_list"),
        ("v2Api", "v2_api"),
        ("café latte", "cafe_latte"),
        ("my.app", "my_app"),
        ("", ""),
        ("---", ""),
    ],
)
def test_snake(naming: ModuleType, name: str, expected: str) -> None:
    assert naming.snake(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("blog_post", "blogPost"),
        ("BlogPost", "blogPost"),
        ("user_id", "userID"),
        ("id", "id"),
        ("http_server", "httpServer"),
        ("api_url", "apiURL"),
        ("user_ids", "userIDs"),
        ("my-app", "myApp"),
        ("", ""),
    ],
)
def test_camel(naming: ModuleType, name: str, expected: str) -> None:
    assert naming.camel(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("blog_post", "BlogPost"),
        ("blog-post", "BlogPost"),
        ("user_id", "UserID"),
        ("id", "ID"),
        ("url", "URL"),
        ("http_server", "HTTPServer"),
        ("api_key", "APIKey"),
        ("uuid", "UUID"),
        ("json_body", "JSONBody"),
        ("sql_query", "SQLQuery"),
        ("html_page", "HTMLPage"),
        ("ip_address", "IPAddress"),
        ("user_ids", "UserIDs"),
        ("idea", "Idea"),
        ("", ""),
    ],
)
def test_pascal(naming: ModuleType, name: str, expected: str) -> None:
    assert naming.pascal(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BlogPost", "blog-post"),
        ("blog_post", "blog-post"),
        ("HTTPServer", "http-server"),
        ("my app", "my-app"),
    ],
)
def test_kebab(naming: ModuleType, name: str, expected: str) -> None:
    assert naming.kebab(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("my-app", "MY_APP"),
        ("BlogPost", "BLOG_POST"),
        ("shop", "SHOP"),
        ("my_app2", "MY_APP2"),
    ],
)
def test_upper_snake(naming: ModuleType, name: str, expected: str) -> None:
    assert naming.upper_snake(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("my-app", "myApp"),
        ("BlogPost", "blogPost"),
        ("3d-printer", "x3dPrinter"),
        ("42", "x42"),
        ("type", "type_"),
        ("func", "func_"),
        ("Go", "go_"),
        ("user_id", "userID"),
        ("string", "string"),
    ],
)
def test_go_identifier(naming: ModuleType, name: str, expected: str) -> None:
    assert naming.go_identifier(name) == expected


@pytest.mark.parametrize("name", ["", "---", "__", "!!!", "日本"])
def test_go_identifier_refuses_names_without_ascii_letters(naming: ModuleType, name: str) -> None:
    with pytest.raises(ValueError, match="Go identifier"):
        naming.go_identifier(name)


# --------------------------------------------------------------------------------------
# Go vocabulary
# --------------------------------------------------------------------------------------


def test_go_keywords_are_the_25_of_the_spec(naming: ModuleType) -> None:
    assert isinstance(naming.GO_KEYWORDS, frozenset)
    assert len(naming.GO_KEYWORDS) == 25
    assert {"func", "type", "go", "select", "fallthrough", "chan"} <= naming.GO_KEYWORDS


@pytest.mark.parametrize("word", ["string", "int", "error", "any", "true", "false", "iota", "nil"])
def test_go_predeclared_contains_types_and_constants(naming: ModuleType, word: str) -> None:
    assert isinstance(naming.GO_PREDECLARED, frozenset)
    assert naming.is_go_predeclared(word)
    assert not naming.is_go_keyword(word)


@pytest.mark.parametrize("word", ["len", "make", "new", "append", "cap", "panic", "clear", "min"])
def test_go_predeclared_contains_builtin_functions(naming: ModuleType, word: str) -> None:
    assert naming.is_go_predeclared(word)


@pytest.mark.parametrize(
    ("word", "keyword", "predeclared"),
    [
        ("func", True, False),
        ("range", True, False),
        ("string", False, True),
        ("nil", False, True),
        ("user", False, False),
        ("Func", False, False),
        (None, False, False),
        (3, False, False),
    ],
)
def test_go_tests(naming: ModuleType, word: object, keyword: bool, predeclared: bool) -> None:
    assert naming.is_go_keyword(word) is keyword
    assert naming.is_go_predeclared(word) is predeclared


# --------------------------------------------------------------------------------------
# Plurals
# --------------------------------------------------------------------------------------

PLURALS = [
    ("person", "people"),
    ("category", "categories"),
    ("blog_post", "blog_posts"),
    ("status", "statuses"),
    ("address", "addresses"),
    ("child", "children"),
    ("box", "boxes"),
    ("bus", "buses"),
    ("quiz", "quizzes"),
    ("knife", "knives"),
    ("wolf", "wolves"),
    ("roof", "roofs"),
    ("man", "men"),
    ("mouse", "mice"),
    ("day", "days"),
    ("company", "companies"),
    ("match", "matches"),
    ("dish", "dishes"),
    ("hero", "heroes"),
    ("photo", "photos"),
    ("todo", "todos"),
    ("analysis", "analyses"),
    ("alias", "aliases"),
    ("house", "houses"),
    ("case", "cases"),
    ("movie", "movies"),
    ("cache", "caches"),
    ("menu", "menus"),
    ("schema", "schemas"),
    ("waltz", "waltzes"),
    ("size", "sizes"),
    ("user_id", "user_ids"),
    ("order_item", "order_items"),
    ("BlogPost", "BlogPosts"),
    ("SalesPerson", "SalesPeople"),
    ("blog-post", "blog-posts"),
    ("sales person", "sales people"),
    ("PERSON", "PEOPLE"),
    ("userID", "userIDs"),
    ("URL", "URLs"),
]

UNCOUNTABLE_SAMPLES = ["news", "series", "species", "sheep", "fish", "data", "user_data"]


@pytest.mark.parametrize(("one", "many"), PLURALS)
def test_plural(naming: ModuleType, one: str, many: str) -> None:
    assert naming.plural(one) == many


@pytest.mark.parametrize(("one", "many"), PLURALS)
def test_singular_inverts_plural(naming: ModuleType, one: str, many: str) -> None:
    assert naming.singular(many) == one


@pytest.mark.parametrize(("one", "many"), PLURALS)
def test_inflection_is_stable(naming: ModuleType, one: str, many: str) -> None:
    """Applying a filter to a name already in that form changes nothing."""
    assert naming.plural(many) == many
    assert naming.singular(one) == one


@pytest.mark.parametrize("word", UNCOUNTABLE_SAMPLES)
def test_uncountable(naming: ModuleType, word: str) -> None:
    assert naming.plural(word) == word
    assert naming.singular(word) == word


@pytest.mark.parametrize("name", ["", "v2", "日本"])
def test_inflection_leaves_names_without_a_trailing_word(naming: ModuleType, name: str) -> None:
    assert naming.plural(name) == name
    assert naming.singular(name) == name


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


@given(st.text())
def test_snake_is_idempotent(naming: ModuleType, text: str) -> None:
    once = naming.snake(text)
    assert naming.snake(once) == once
    assert re.fullmatch(r"([a-z0-9]+(_[a-z0-9]+)*)?", once)


@given(st.text())
def test_case_converters_agree(naming: ModuleType, text: str) -> None:
    words = naming.snake(text).split("_") if naming.snake(text) else []
    assert naming.kebab(text) == "-".join(words)
    assert naming.upper_snake(text) == "_".join(words).upper()


_WORD = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)
_SEPARATOR = st.sampled_from(["_", "-", " ", "."])


@st.composite
def _names(draw: st.DrawFn) -> str:
    """Names as users type them: words joined by a separator, or already camel-cased."""
    words = draw(st.lists(_WORD, min_size=1, max_size=4))
    style = draw(st.sampled_from(["separated", "camel", "pascal"]))
    if style == "separated":
        return draw(_SEPARATOR).join(words)
    joined = "".join(word.capitalize() for word in words)
    return joined[0].lower() + joined[1:] if style == "camel" else joined


@given(_names())
def test_pascal_is_an_exported_go_identifier(naming: ModuleType, name: str) -> None:
    result = naming.pascal(name)
    assert GO_IDENTIFIER.fullmatch(result)
    assert result[0].isupper()
    assert naming.is_go_identifier(result)


@given(_names())
def test_camel_is_a_go_identifier_fragment(naming: ModuleType, name: str) -> None:
    result = naming.camel(name)
    assert GO_IDENTIFIER.fullmatch(result)
    assert result[0].islower()


@given(st.text())
def test_go_identifier_is_always_valid(naming: ModuleType, text: str) -> None:
    if not naming.split_words(text):
        return
    result = naming.go_identifier(text)
    assert naming.is_go_identifier(result)
    assert not naming.is_go_keyword(result)


_PLAIN_WORD = st.from_regex(r"[a-z]{2}[a-z0-9]{0,6}", fullmatch=True)


@given(st.lists(_PLAIN_WORD, min_size=1, max_size=4))
def test_snake_inverts_pascal_and_camel(naming: ModuleType, words: list[str]) -> None:
    initialisms = set(naming.GO_INITIALISMS)
    assume(not any(w in initialisms or w[:-1] in initialisms for w in words))
    name = "_".join(words)
    assert naming.snake(naming.pascal(name)) == name
    assert naming.snake(naming.camel(name)) == name


# Regular nouns: any lowercase stem ending in a consonant other than s, x, z and y, whose
# plural is just "+s" or "+es".
_REGULAR_NOUN = st.builds(
    lambda stem, end: stem + end,
    st.text(alphabet="abcdefghijklmnopqrtuvw", max_size=9),
    st.sampled_from([*"bcdfghjklmnpqrtvw", "ch", "sh"]),
)


@given(_REGULAR_NOUN)
def test_singular_inverts_plural_for_generated_words(naming: ModuleType, word: str) -> None:
    listed = (
        set(naming.IRREGULAR_PLURALS) | set(naming.IRREGULAR_PLURALS.values()) | naming.UNCOUNTABLE
    )
    if word not in naming.IRREGULAR_PLURALS and word not in naming.UNCOUNTABLE:
        # Not regular nouns: "men" is already a plural, "cach" + "es" is "caches" and
        # "len" + "s" is the singular "lens".
        assume(word not in listed and naming.plural(word) not in listed)
    many = naming.plural(word)
    assert naming.singular(many) == word
    assert naming.plural(many) == many
    assert naming.singular(word) == word


@given(_REGULAR_NOUN, st.sampled_from(["user_", "blog-", "order "]))
def test_compound_names_inflect_only_the_last_word(
    naming: ModuleType, word: str, head: str
) -> None:
    assert naming.plural(head + word) == head + naming.plural(word)
    assert naming.singular(head + naming.plural(word)) == head + naming.singular(
        naming.plural(word)
    )
