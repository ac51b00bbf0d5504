"""Where Tracks keeps its own files in an app (copier.yml's `_answers_file` renders the same
names; tests/unit/model/test_layout.py holds the two together)."""

from __future__ import annotations

from typing import Final

#: The app's Copier answers (`copier update` reads it by default).
APP_ANSWERS: Final = ".copier-answers.yml"
#: Tracks' folder in an app: one answers file per recipe run, and their wiring declarations.
TRACKS_DIR: Final = ".tracks"


def recipe_answers(recipe: str, name: str) -> str:
    """The answers file of one recipe run: `copier update -a <it>` re-applies the recipe."""
    return f"{TRACKS_DIR}/{recipe}-{name}.yml"


def recipe_wiring(recipe: str, name: str) -> str:
    """The wiring declaration a recipe run renders (see hooks/wiring.py)."""
    return f"{TRACKS_DIR}/wiring/{recipe}-{name}.yml"
