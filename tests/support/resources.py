"""The resources the recipe tests generate: `post` with one field of every type, `comment`,
which references it, and `document`, whose fields are uploads."""

from __future__ import annotations

from pathlib import Path

from plumbum import local

from tests.support.paths import REPO

POST_FIELDS = (
    "title:string:unique",
    "body:text",
    "views:int:optional:min=0",
    "score:bigint",
    "rating:float:optional",
    "price:decimal:min=0",
    "published:bool",
    "published_on:date:optional",
    "starts_at:datetime",
    "token:uuid:optional",
    "contact:email:optional",
    "site:url:optional",
    "meta:json:optional",
    "status:enum(draft|published):default=draft",
)
COMMENT_FIELDS = ("post:references", "body:text", "author:string:optional")
#: A required file and an optional image: uploads, stored through the app's files service.
DOCUMENT_FIELDS = ("title:string", "attachment:file", "cover:image:optional")


def tracks(
    app: Path, *args: str, template: Path = REPO, timeout: float = 900
) -> tuple[int, str, str]:
    """Run the tracks CLI in app against this checkout's template (HEAD, uncommitted included)."""
    with local.cwd(app), local.env(TRACKS_TEMPLATE=str(template)):
        code, out, err = local["tracks"][args].run(retcode=None, timeout=timeout)
    return int(code), out, err


def generate(app: Path, recipe: str, name: str, *fields: str, template: Path = REPO) -> str:
    """`tracks generate` that must succeed; returns its output."""
    code, out, err = tracks(
        app, "generate", recipe, name, *fields, "--vcs-ref", "HEAD", template=template
    )
    assert code == 0, f"tracks generate {recipe} {name} exited {code}:\n{out}\n{err}"
    return out


def generate_blog(app: Path, template: Path = REPO) -> None:
    """Generate post (every field type), comment (post:references) and document (uploads) in
    app."""
    generate(app, "resource", "post", *POST_FIELDS, template=template)
    generate(app, "resource", "comment", *COMMENT_FIELDS, template=template)
    generate(app, "resource", "document", *DOCUMENT_FIELDS, template=template)
