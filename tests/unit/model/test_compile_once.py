"""extensions/compile_once.py: each template string is compiled once per environment, and the
template it gives renders every later context as a fresh compile would."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from jinja2.sandbox import SandboxedEnvironment

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compile_once_under_test", ROOT / "extensions/compile_once.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def environment(compiles: list[str]) -> SandboxedEnvironment:
    """A sandboxed environment (Copier's kind) with the extension, counting real compiles."""
    compile_once = load().CompileOnceExtension

    class Counting(SandboxedEnvironment):
        def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def,override]
            compiles.append(source)
            return super().from_string(source, globals, template_class)

    return Counting(extensions=[compile_once])


def test_the_same_string_is_compiled_once_and_renders_each_context() -> None:
    compiles: list[str] = []
    env = environment(compiles)
    source = "{{ name | upper }}/{{ n + 1 }}"
    first = env.from_string(source)
    again = env.from_string(source)
    assert first is again
    assert compiles == [source]
    assert first.render(name="a", n=1) == "A/2"
    assert again.render(name="b", n=41) == "B/42"
    assert env.from_string("{{ name }}").render(name="c") == "c"
    assert compiles == [source, "{{ name }}"]


def test_calls_with_their_own_globals_compile_every_time() -> None:
    compiles: list[str] = []
    env = environment(compiles)
    one = env.from_string("{{ x }}", globals={"x": 1})
    two = env.from_string("{{ x }}", globals={"x": 2})
    assert (one.render(), two.render()) == ("1", "2")
    assert len(compiles) == 2


def test_each_environment_has_its_own_cache() -> None:
    compiles: list[str] = []
    old, new = environment(compiles), environment(compiles)
    old.filters["shout"] = lambda s: s + "!"
    new.filters["shout"] = lambda s: s + "?"
    assert old.from_string("{{ 'hi' | shout }}").render() == "hi!"
    assert new.from_string("{{ 'hi' | shout }}").render() == "hi?"
    assert len(compiles) == 2
