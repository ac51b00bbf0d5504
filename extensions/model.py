"""The one Jinja extension of the template: the filters, tests and globals from ``model/``.

Copier loads this file by path (``extensions/model.py:ModelExtension`` in copier.yml). It loads
the ``model`` package beside it, from the same checkout, under a name unique to that checkout:
during ``copier update`` the old and the new template version render in one process, and each
must use its own model, never one imported earlier (or the installed ``tracks`` CLI's copy).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from jinja2 import Environment
from jinja2.ext import Extension

MODEL_DIR = Path(__file__).resolve().parents[1] / "model"
SUBMODULES = (
    "naming",
    "validation",
    "recipe_rules",
    "updates",
    "identifiers",
    "resource",
    "versions",
)


def load_model(folder: Path = MODEL_DIR) -> ModuleType:
    """The ``model`` package in ``folder``, loaded once per checkout."""
    name = "_tracks_model_" + hashlib.sha1(str(folder).encode()).hexdigest()[:12]
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.loader is None:  # pragma: no cover - a broken checkout
        raise ImportError(f"cannot load the template model from {folder}")
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    for sub in SUBMODULES:
        setattr(package, sub, importlib.import_module(f"{name}.{sub}"))
    return package


class ModelExtension(Extension):
    """Registers the model's functions under the names the templates and copier.yml use."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        model = load_model()
        naming, resource = model.naming, model.resource
        environment.filters.update(
            {
                "snake": naming.snake,
                "camel": naming.camel,
                "pascal": naming.pascal,
                "kebab": naming.kebab,
                "upper_snake": naming.upper_snake,
                "plural": naming.plural,
                "singular": naming.singular,
                "go_identifier": naming.go_identifier,
                "project_name_error": model.validation.project_name_error,
                "module_path_error": model.validation.module_path_error,
                "env_prefix_error": model.validation.env_prefix_error,
                "recipe_name_error": model.recipe_rules.recipe_name_error,
                "job_name_error": model.recipe_rules.job_name_error,
                "migration_ts_error": model.recipe_rules.migration_ts_error,
                "database_change_error": model.updates.database_change_error,
                "provider_change_error": model.updates.provider_change_error,
                "fields_error": resource.fields_error,
                "package": resource.package_name,
            }
        )
        environment.tests.update(
            {"go_keyword": naming.is_go_keyword, "go_predeclared": naming.is_go_predeclared}
        )
        environment.globals.update(
            {
                "uuid7": model.identifiers.uuid7,
                "random_hex": model.identifiers.random_hex,
                "resource": resource.resource_view,
                "versions": model.versions.ALL,
            }
        )
