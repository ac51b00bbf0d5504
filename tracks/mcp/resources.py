"""Resources: the field language reference, the project's answers (.copier-answers.yml) and the
docs pages of this repository (docs/*.md, when the CLI runs from a checkout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError

import tracks
from model.errors import TracksError
from tracks.mcp.common import App
from tracks.mcp.safety import confine
from tracks.project import ANSWERS_FILE

#: This repository's docs (absent from an installed wheel: then no docs resources).
DOCS = Path(tracks.__file__).resolve().parent.parent / "docs"
FIELDS_URI = "tracks://reference/fields"
ANSWERS_URI = "tracks://project/answers"
DOCS_URI = "tracks://docs/{name}"


def docs_section(page: str, heading: str) -> str | None:
    """The section ``## heading`` of ``docs/page`` (to the next ``## ``), or None."""
    try:
        text = (DOCS / page).read_text(encoding="utf-8")
    except OSError:
        return None
    start = text.find(f"## {heading}")
    if start < 0:
        return None
    end = text.find("\n## ", start + 3)
    return text[start:] if end < 0 else text[start:end]


def fields_reference() -> str:
    from tracks.workbench.recipes import field_modifiers, field_types  # loads Copier: on demand

    lines = [
        "# The field language of `tracks generate resource`",
        "",
        "Each field is `name:type[:modifier...]`, e.g. `title:string:max=120`, "
        "`post:references:cascade`, `cover:image:optional`.",
        "",
        "Types: " + ", ".join(f"`{t}`" for t in field_types()),
        "",
        "Modifiers: " + ", ".join(f"`{m}`" for m in field_modifiers()),
    ]
    section = docs_section("recipes.md", "The field language")
    if section:
        lines += ["", section.strip()]
    return "\n".join(lines) + "\n"


def doc_pages() -> list[Path]:
    return sorted(DOCS.glob("*.md")) if DOCS.is_dir() else []


def reader(path: Path, base: Path) -> Callable[[], str]:
    """A resource function reading ``path``, confined to ``base`` when it is read."""

    def read() -> str:
        try:
            return confine(base, path).read_text(encoding="utf-8")
        except TracksError as err:
            raise ResourceError(err.render()) from err
        except OSError as err:
            raise ResourceError(f"cannot read {path.name}: {err.strerror}") from err

    return read


def register(server: MCPServer, app: App) -> None:
    server.resource(
        FIELDS_URI,
        name="field-language",
        description="The field language of resources: types, modifiers, examples",
        mime_type="text/markdown",
    )(fields_reference)

    @server.resource(
        ANSWERS_URI,
        name="answers",
        description=f"The app's Copier answers ({ANSWERS_FILE}): database, providers, ...",
        mime_type="application/yaml",
    )
    def answers() -> str:
        try:
            root = app.root
        except TracksError as err:
            raise ResourceError(err.render()) from err
        return reader(root / ANSWERS_FILE, root)()

    for page in doc_pages():
        server.resource(
            DOCS_URI.format(name=page.stem),
            name=f"docs/{page.name}",
            description=f"Tracks documentation: {page.name}",
            mime_type="text/markdown",
        )(reader(page, DOCS))
