"""Render tier: every CSS class the app template or a recipe can emit is styled by the committed
stylesheet, so a freshly generated page looks right before anyone runs `tracks assets`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import REPO, TEMPLATE

pytestmark = pytest.mark.render

BUILT_CSS = TEMPLATE / "internal/assets/dist/css/app.css"
SOURCES = (TEMPLATE, REPO / "recipes", REPO / "tracks")
SUFFIXES = (".templ", ".templ.jinja", ".go", ".go.jinja", ".html", ".html.jinja", ".js", ".py")
# Built or vendored files: they emit no markup of their own.
SKIPPED_PARTS = {"dist", "vendor", "generated", "node_modules"}

# Classes that no rule styles on purpose: tests and scripts find elements by them.
HOOK_CLASSES = {
    "field-error": "a form field's error message (tests/e2e/test_resource_http.py)",
    "toast": "a flash message in #toasts (tests/e2e/test_browser.py)",
}

JINJA_TAG = re.compile(r"\{%-?.*?-?%\}|\{#.*?#\}", re.DOTALL)
JINJA_EXPR = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# class="..." and class='...' in templ, HTML, Go and Python strings; Alpine's :class and
# x-bind:class hold an object whose quoted keys are classes.
STATIC_CLASS = re.compile(r"""(?<![\w:-])class\s*=\s*(?:"([^"]*)"|'([^']*)')""")
ALPINE_CLASS = re.compile(r"""(?:x-bind)?:class\s*=\s*"([^"]*)\"""")
# templ's class={ expr }: every string literal in the expression (plain strings, templ.KV keys,
# templ.Classes arguments) is a class list.
TEMPL_CLASS_EXPR = re.compile(r"(?<![\w:-])class\s*=\s*\{")
# Go code that builds classes outside an attribute: templ.KV("x", ...), templ.Classes("x y"),
# and string constants or fields whose name says they hold classes (btnClass = "...", Class: "...").
GO_CLASS_CALL = re.compile(r"templ\.(?:KV|Classes)\(")
GO_CLASS_VALUE = re.compile(
    r"""\b(?!class\b)\w*[Cc]lass(?:es)?\w*\s*(?::=|=|:)\s*(?:"([^"]*)"|`([^`]*)`)"""
)
JS_CLASS_LIST = re.compile(r"""classList\.(?:add|remove|toggle)\(([^)]*)\)""")
STRING_LITERAL = re.compile(r""""((?:[^"\\]|\\.)*)"|`([^`]*)`|'((?:[^'\\]|\\.)*)'""")
# A class token as Tailwind writes them: letters, digits and - _ : / . [ ] ! % # ( ) , =.
CLASS_TOKEN = re.compile(r"^-?[a-z!][\w:/.\[\]!%#(),=-]*$")


def source_files() -> Iterator[Path]:
    for root in SOURCES:
        for path in sorted(root.rglob("*")):
            if (
                path.is_file()
                and path.name.endswith(SUFFIXES)
                and not SKIPPED_PARTS & set(path.relative_to(root).parts)
                and not path.name.endswith("_templ.go")
            ):
                yield path


def balanced(text: str, start: int) -> str:
    """The text after the `{` that ends at start, up to its matching `}`."""
    depth, i = 1, start
    while i < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return text[start : i - 1]


def call_args(text: str, start: int) -> str:
    """The arguments of the call whose `(` ends at start."""
    depth, i = 1, start
    while i < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return text[start : i - 1]


def literals(expr: str) -> Iterator[str]:
    for m in STRING_LITERAL.finditer(expr):
        yield next(g for g in m.groups() if g is not None)


def tokens(class_list: str) -> Iterator[str]:
    """The classes of one class list. Jinja conditionals keep every branch (either may be
    rendered); a token built from a Jinja expression is a name the recipe is given, not a
    utility, and is left out."""
    text = JINJA_TAG.sub(" ", class_list)
    for token in text.split():
        if "{{" in token or "}}" in token:
            continue
        if CLASS_TOKEN.match(token):
            yield token


def classes_in(text: str, suffix: str) -> Iterator[str]:
    """Every class the file can put on an element."""
    # Expressions go first so a `{{ x }}` inside an attribute cannot end it early; they are
    # replaced by a marker that tokens() drops with its whole token.
    text = JINJA_EXPR.sub("{{x}}", text)
    for m in STATIC_CLASS.finditer(text):
        yield from tokens(m.group(1) if m.group(1) is not None else m.group(2))
    for m in ALPINE_CLASS.finditer(text):
        for key in re.findall(r"""['"]?([\w:/.\[\]!%-]+)['"]?\s*:""", m.group(1)):
            yield from tokens(key)
    if suffix.startswith((".templ", ".go")):
        for m in TEMPL_CLASS_EXPR.finditer(text):
            for lit in literals(balanced(text, m.end())):
                yield from tokens(lit)
        for m in GO_CLASS_CALL.finditer(text):
            args = call_args(text, m.end())
            # templ.KV's second argument is the condition, not a class.
            first = next(literals(args), "")
            yield from tokens(first if "KV" in m.group(0) else " ".join(literals(args)))
        for m in GO_CLASS_VALUE.finditer(text):
            yield from tokens(m.group(1) if m.group(1) is not None else m.group(2))
    if suffix == ".js":
        for m in JS_CLASS_LIST.finditer(text):
            for lit in literals(m.group(1)):
                yield from tokens(lit)


def emitted_classes() -> dict[str, set[str]]:
    """Each class, with the files that emit it."""
    found: dict[str, set[str]] = {}
    for path in source_files():
        suffix = "".join(path.suffixes[-2:]) if path.name.endswith(".jinja") else path.suffix
        for cls in classes_in(path.read_text(encoding="utf-8"), suffix):
            found.setdefault(cls, set()).add(str(path.relative_to(REPO)))
    return found


def defined_classes(css: str) -> set[str]:
    """Class names that appear in a selector of the stylesheet (escapes undone)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    names: set[str] = set()
    for prelude in re.findall(r"([^{};]*)\{", css):
        if prelude.lstrip().startswith("@"):
            continue
        for m in re.finditer(r"\.((?:\\.|[\w-])+)", prelude):
            names.add(re.sub(r"\\(.)", r"\1", m.group(1)))
    return names


def test_the_extractor_reads_every_way_a_template_sets_classes() -> None:
    text = """
    <p class="a b-2 {% if x %}c{% else %}d{% endif %} {{ name | kebab }}-box md:flex!">
    <div class={ "e", templ.KV("f g", on), templ.Classes("h") }>
    <span :class="{ 'i': open, j: !open }">
    btnClass := "k"
    """
    assert set(classes_in(text, ".templ.jinja")) == {
        "a", "b-2", "c", "d", "md:flex!", "e", "f", "g", "h", "i", "j", "k",
    }  # fmt: skip
    assert defined_classes(".a,.md\\:flex\\!{x:y}:where(.space-y-4>:not(:last-child)){z:w}") == {
        "a",
        "md:flex!",
        "space-y-4",
    }


def test_the_extractor_finds_the_classes_of_the_resource_views() -> None:
    found = emitted_classes()
    # One class from each view of the resource recipe: the scan does reach them.
    for cls in ("sr-only", "border-dashed", "space-x-2", "text-right", "whitespace-pre-wrap"):
        assert any("recipes/resource" in f for f in found.get(cls, ())), cls


def test_every_emitted_class_is_in_the_committed_css() -> None:
    defined = defined_classes(BUILT_CSS.read_text(encoding="utf-8"))
    missing = {
        cls: sorted(files)
        for cls, files in sorted(emitted_classes().items())
        if cls not in defined and cls not in HOOK_CLASSES
    }
    listing = "\n".join(f"  {cls}: {', '.join(files)}" for cls, files in missing.items())
    assert not missing, (
        f"classes missing from {BUILT_CSS.relative_to(REPO)} (list them in the @source inline() "
        f"of internal/assets/web/css/app.css, then rebuild dist with build.sh):\n{listing}"
    )


def test_hook_classes_are_still_used() -> None:
    assert set(HOOK_CLASSES) <= set(emitted_classes())
