"""What the template knows, in Python: the template side of Tracks.

Everything here decides generated output, so it is versioned with copier.yml, template/ and
recipes/: the naming rules (``naming``), the answer validators (``validation``,
``recipe_rules``, ``updates``), the field language (``fields``), the type model that turns a
resource into Go and SQL (``resource``), the Go names a recipe may not take (``gonames``),
render-time identifiers (``identifiers``) and the one error type (``errors``).

Copier loads this package from the template checkout it renders, by file path, through
``extensions/model.py``: during ``copier update`` an old and a new checkout are loaded in one
process, so the package uses relative imports only and is never registered under a shared
name. ``hooks/`` (run by Copier's tasks) and the ``tracks`` CLI import it as ``model``; it
imports neither.
"""
