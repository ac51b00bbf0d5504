"""The extensions register their filters, tests and globals, and Copier can load them.

The Copier tests build a throwaway template holding copies of ``extensions/`` and ``model/``
and list the extension in ``_jinja_extensions`` by path, exactly as Tracks' copier.yml does.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import copier
import jinja2.environment
import pytest
from jinja2.sandbox import SandboxedEnvironment

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]

#: The exact entries copier.yml needs; the loader must come first.
JINJA_EXTENSIONS = [
    "copier_template_extensions.TemplateExtensionLoader",
    "extensions/model.py:ModelExtension",
    "extensions/compile_once.py:CompileOnceExtension",
]

TEMPLATE = """\
{{ name | snake }} {{ name | camel }} {{ name | pascal }} {{ name | kebab }}
{{ name | upper_snake }} {{ name | snake | plural }} {{ 'people' | singular }}
{{ 'my-app' | go_identifier }}
{{ 'func' is go_keyword }} {{ 'len' is go_predeclared }} {{ 'user' is go_keyword }}
[{{ 'my-shop' | project_name_error }}][{{ 'github.com/acme/shop' | module_path_error }}]
[{{ 'MY_SHOP' | env_prefix_error }}]
{{ 'Bad' | project_name_error | length > 0 }}
{{ uuid7() }}
{{ random_hex(4) | length }} {{ random_hex() | length }}
"""


def _check_rendered(text: str) -> None:
    lines = text.strip().splitlines()
    assert lines[0] == "blog_post blogPost BlogPost blog-post"
    assert lines[1] == "BLOG_POST blog_posts person"
    assert lines[2] == "myApp"
    assert lines[3] == "True True False"
    assert lines[4] == "[][]"
    assert lines[5] == "[]"
    assert lines[6] == "True"
    assert uuid.UUID(lines[7]).version == 7
    assert lines[8] == "8 64"


def test_extensions_register_in_a_sandboxed_environment(extension: ModuleType) -> None:
    """Copier renders in a SandboxedEnvironment, so use one here as well."""
    env = SandboxedEnvironment(extensions=[extension.ModelExtension])
    for name in (
        "snake",
        "camel",
        "pascal",
        "kebab",
        "upper_snake",
        "plural",
        "singular",
        "go_identifier",
        "project_name_error",
        "module_path_error",
        "env_prefix_error",
        "recipe_name_error",
        "migration_ts_error",
        "database_change_error",
        "provider_change_error",
        "fields_error",
    ):
        assert name in env.filters
    assert {"go_keyword", "go_predeclared"} <= set(env.tests)
    assert {"uuid7", "random_hex", "resource"} <= set(env.globals)
    _check_rendered(env.from_string(TEMPLATE).render(name="BlogPost"))


@pytest.fixture
def isolated_loader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Undo what copier_template_extensions does to the process.

    Its loader replaces ``jinja2.environment.import_string`` for good and registers the
    loaded files as ``copier_template_extensions.<stem>`` modules; neither should leak
    into other tests.
    """
    monkeypatch.setattr(jinja2.environment, "import_string", jinja2.environment.import_string)
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("copier_template_extensions."):
            del sys.modules[name]


def _make_template(root: Path) -> Path:
    """Write a minimal Copier template whose extensions are copies of ours."""
    for folder in ("extensions", "model"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__py*"))
    extensions = "\n".join(f"  - {entry}" for entry in JINJA_EXTENSIONS)
    (root / "copier.yml").write_text(
        textwrap.dedent(
            """\
            _subdirectory: project
            _jinja_extensions:
            {extensions}
            project_name:
              type: str
              default: blog-post
              validator: "{{{{ project_name | project_name_error }}}}"
            module_path:
              type: str
              default: github.com/acme/blog-post
              validator: "{{{{ module_path | module_path_error }}}}"
            env_prefix:
              type: str
              default: "{{{{ project_name | upper_snake }}}}"
              validator: "{{{{ env_prefix | env_prefix_error }}}}"
            """
        ).format(extensions=extensions),
        encoding="utf-8",
    )
    (root / "project").mkdir()
    (root / "project" / "out.txt.jinja").write_text(
        "{% set name = project_name | pascal %}" + TEMPLATE,
        encoding="utf-8",
    )
    (root / "project" / "answers.txt.jinja").write_text(
        "{{ project_name }} {{ module_path }} {{ env_prefix }}", encoding="utf-8"
    )
    return root


@pytest.mark.usefixtures("isolated_loader")
def test_copier_loads_the_extensions_by_path(tmp_path: Path) -> None:
    src = _make_template(tmp_path / "template")
    dst = tmp_path / "out"
    copier.run_copy(str(src), str(dst), defaults=True, unsafe=True, quiet=True)
    _check_rendered((dst / "out.txt").read_text(encoding="utf-8"))
    answers = (dst / "answers.txt").read_text(encoding="utf-8")
    assert answers == "blog-post github.com/acme/blog-post BLOG_POST"


@pytest.mark.usefixtures("isolated_loader")
def test_copier_validators_refuse_bad_answers(tmp_path: Path) -> None:
    src = _make_template(tmp_path / "template")
    with pytest.raises(ValueError, match="must start with a lowercase letter"):
        copier.run_copy(
            str(src),
            str(tmp_path / "out"),
            data={"project_name": "BlogPost"},
            defaults=True,
            unsafe=True,
            quiet=True,
        )


def test_each_checkout_loads_its_own_model(extension: ModuleType, tmp_path: Path) -> None:
    """During `copier update` an old and a new checkout render in one process: each must get
    the model beside its own extension file, never one loaded (or imported) before."""
    other = tmp_path / "model"
    shutil.copytree(ROOT / "model", other, ignore=shutil.ignore_patterns("__py*"))
    naming = other / "naming.py"
    naming.write_text(
        naming.read_text(encoding="utf-8").replace(
            "def pascal(name: str) -> str:",
            "def pascal(name: str) -> str:\n    return 'Old'\n\n\ndef _unused(name: str) -> str:",
        ),
        encoding="utf-8",
    )
    old = extension.load_model(other)
    new = extension.load_model()
    assert old.naming.pascal("blog_post") == "Old"
    assert new.naming.pascal("blog_post") == "BlogPost"
    assert old.__name__ != new.__name__
    assert "model" not in {old.__name__, new.__name__}
