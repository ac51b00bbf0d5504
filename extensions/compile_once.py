"""A Jinja extension that compiles each template string once per Copier run.

Copier renders every path of the template, and the answers file's name once per path, with
``Environment.from_string``, which compiles its source every time: rendering an app compiled
about 4,500 strings, most of them the same few (``{{ _copier_conf.answers_file }}`` alone about
1,900 times), and compiling was half of ``copier copy``'s time. A compiled template holds no
state of a render (the context is passed to ``render``; Copier's ``yield`` tag records its
state at render time), so the same source gives a template that can be rendered again.

The cache belongs to one environment: Copier makes one per run, and ``copier update`` renders
the old and the new template version with environments of their own, so a template compiled
against one version's filters never serves another.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from jinja2 import Environment, Template
from jinja2.ext import Extension


class CompileOnceExtension(Extension):
    """Wraps the environment's ``from_string`` with a cache keyed by the source string."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        compile_string = environment.from_string
        compiled: dict[str, Template] = {}

        def from_string(
            source: Any,
            globals: MutableMapping[str, Any] | None = None,
            template_class: type[Template] | None = None,
        ) -> Template:
            # Only the plain call is cached: other globals or classes make another template.
            if globals is not None or template_class is not None or not isinstance(source, str):
                return compile_string(source, globals, template_class)
            template = compiled.get(source)
            if template is None:
                template = compiled[source] = compile_string(source)
            return template

        environment.from_string = from_string  # type: ignore[method-assign]
