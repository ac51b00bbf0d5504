"""The recipes ``tracks generate`` knows, with what each one takes, for a picker (the TUI's
generator) or a tool description (the MCP server's ``list_recipes``).

The recipes themselves are :data:`tracks.recipes.RECIPES` (name, summary, next steps, whether
they take fields and can be destroyed); the field language is :mod:`model.fields`. Nothing is
restated here but the wording of the arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from model import fields
from tracks import recipes
from tracks.commands.generate import AUTH_RECIPES


@dataclass(frozen=True)
class RecipeArgument:
    """One argument of ``tracks generate <recipe>``, as the command line spells it."""

    #: ``NAME``, ``FIELD`` or an option (``--auth``, ``--dry-run``).
    name: str
    help: str
    required: bool = False
    #: Given any number of times (the fields of a resource).
    repeatable: bool = False
    #: An option that takes no value.
    flag: bool = False


@dataclass(frozen=True)
class RecipeInfo:
    """A recipe: its name and one-line summary, its arguments, what to do after it runs, and
    whether ``tracks destroy`` can undo it."""

    name: str
    summary: str
    arguments: tuple[RecipeArgument, ...]
    next_steps: tuple[str, ...]
    destroyable: bool

    @property
    def takes_fields(self) -> bool:
        return any(a.name == "FIELD" for a in self.arguments)


NAME = RecipeArgument("NAME", "lower snake case name, e.g. blog_post", required=True)
DRY_RUN = RecipeArgument(
    "--dry-run", "list the files and wiring it would write, write nothing", flag=True
)
AUTH = RecipeArgument(
    "--auth",
    "its routes need a login and its own permissions (granted to admin)",
    flag=True,
)


def field_types() -> tuple[str, ...]:
    """The field types of the field language; ``enum`` is spelled ``enum(a|b|c)``."""
    return tuple("enum(a|b|c)" if name == "enum" else name for name in fields.FIELD_TYPES)


def field_modifiers() -> tuple[str, ...]:
    """The modifiers a field may take, as written (``optional``, ``default=<v>``, ...)."""
    return tuple(fields.MODIFIERS)


def _field_argument() -> RecipeArgument:
    return RecipeArgument(
        "FIELD",
        "name:type[:modifier...], e.g. title:string:max=120 post:references:cascade; types: "
        + ", ".join(field_types())
        + "; modifiers: "
        + ", ".join(field_modifiers()),
        required=True,
        repeatable=True,
    )


def _info(recipe: recipes.Recipe) -> RecipeInfo:
    arguments = [NAME]
    if recipe.takes_fields:
        arguments.append(_field_argument())
    if recipe.name in AUTH_RECIPES:
        arguments.append(AUTH)
    arguments.append(DRY_RUN)
    return RecipeInfo(
        name=recipe.name,
        summary=recipe.summary,
        arguments=tuple(arguments),
        next_steps=recipe.next_steps,
        destroyable=recipe.destroyable,
    )


def list_recipes() -> list[RecipeInfo]:
    """Every recipe, in the order ``tracks generate --help`` lists them."""
    return [_info(recipe) for recipe in recipes.RECIPES.values()]


def get_recipe(name: str) -> RecipeInfo:
    """One recipe; TracksError (exit code 2) naming the recipes when there is no such one."""
    return _info(recipes.get(name))
