"""tracks.recipes.resource: input checks against the app, destroy's migration (the lines it wires
are checked on its rendered declaration: tests/render/test_wiring_declarations.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from model.errors import TracksError
from tracks.project import Project
from tracks.recipes import resource

pytestmark = pytest.mark.unit


def make_project(root: Path, driver: str = "go-libsql", **resources: str) -> Project:
    """A folder that looks enough like an app: answers, migrations, routes, and .tracks/."""
    answers = {"database": driver, "module_path": "example.com/shop", "recipe": "app"}
    (root / ".copier-answers.yml").write_text(yaml.safe_dump(answers))
    for folder in ("internal/db/migrations", "internal/http/routes", ".tracks"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "internal/http/routes/pages.go").write_text(
        'package routes\n\nconst (\n\tHome    = "/"\n\tContact = "/contact"\n)\n'
    )
    for name, fields in resources.items():
        stored = {"recipe": "resource", "name": name, "fields": fields, "migration_ts": "1"}
        (root / ".tracks" / f"resource-{name}.yml").write_text(yaml.safe_dump(stored))
    return Project(root=root, answers=answers)


def clock() -> str:
    return "20260102030405"


def test_prepare_returns_the_answers_the_templates_need(tmp_path: Path) -> None:
    project = make_project(tmp_path, post="title:string body:text")
    data = resource.prepare(project, "comments", ["post:references", "body:text"], clock)
    assert data == {
        "name": "comment",
        "fields": "post:references body:text",
        "ref_labels": "post=title",
        "migration_ts": "20260102030405",
    }


def test_a_target_without_a_string_field_is_labelled_by_its_id(tmp_path: Path) -> None:
    project = make_project(tmp_path, tally="n:int")
    data = resource.prepare(project, "vote", ["tally:references"], clock)
    assert data["ref_labels"] == "tally=id"


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("post", ["title:string"], "already exists"),
        ("note", [], "at least one field"),
        ("note", ["author:references"], "references a resource 'author'"),
        ("contact", ["email:email"], "Contact already exists"),
        ("type", ["x:string"], "Go keyword"),
        ("note", ["order:string"], "reserved SQL word"),
        ("mip", ["title:string"], "only for mips"),
        ("route", ["title:string"], "clash with a package"),
        ("choice", ["name:string"], "its package 'choices' would clash"),
        ("job", ["name:string"], "its package 'jobs' would clash"),
        ("item", ["title:string"], "variable name in the generated code"),
        ("note", ["scan:file:unique"], "modifier 'unique' does not fit type 'file'"),
        ("note", ["photo:image:default=a.png"], "cannot have a default"),
    ],
)
def test_prepare_refuses_bad_input(
    tmp_path: Path, name: str, args: list[str], message: str
) -> None:
    project = make_project(tmp_path, post="title:string")
    with pytest.raises(TracksError, match=message) as caught:
        resource.prepare(project, name, args, clock)
    assert caught.value.exit_code == 2


def test_a_table_created_by_hand_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (tmp_path / "internal/db/migrations/20250101000000_x.sql").write_text(
        "-- +goose Up\nCREATE TABLE notes (id TEXT);\n"
    )
    with pytest.raises(TracksError, match="table named notes"):
        resource.prepare(project, "note", ["title:string"], clock)


def test_destroy_refuses_while_another_resource_references_it(tmp_path: Path) -> None:
    project = make_project(tmp_path, post="title:string", comment="post:references body:text")
    with pytest.raises(TracksError, match="'comment' references 'post'"):
        resource.before_destroy(project, "post", {})
    resource.before_destroy(project, "comment", {})


def test_destroy_adds_a_drop_migration_whose_down_recreates_the_table(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    create = "CREATE TABLE posts (\n    id TEXT PRIMARY KEY\n);"
    (tmp_path / "internal/db/migrations/20250101000000_create_posts.sql").write_text(
        f"-- header\n\n-- +goose Up\n{create}\n\n-- +goose Down\nDROP TABLE posts;\n"
    )
    added = resource.after_destroy(project, "post", {"migration_ts": "20250101000000"}, clock)
    assert added == ["internal/db/migrations/20260102030405_drop_posts.sql"]
    body = (tmp_path / added[0]).read_text()
    up, down = body.split("-- +goose Down")
    assert "-- +goose Up\nDROP TABLE posts;" in up
    assert down.strip() == create
    assert resource.keeps_on_destroy("internal/db/migrations/20250101000000_create_posts.sql")
    assert not resource.keeps_on_destroy("internal/domain/posts/post.go")


def test_the_fields_validator_of_copier_yml() -> None:
    """Copier's `fields` validator and `resource()` global come from model/, loaded by path the
    way extensions/model.py loads it for Copier."""
    path = Path(__file__).resolve().parents[3] / "extensions" / "model.py"
    spec = importlib.util.spec_from_file_location("tracks_test_model_extension", path)
    assert spec is not None and spec.loader is not None
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    module = extension.load_model().resource
    assert module.fields_error("title:string body:text", "postgres") == ""
    message = module.fields_error("title:strng", "postgres")
    assert "unknown type 'strng'" in message and "for example" in message
    assert "reserved SQL word" in module.fields_error("user:string", "postgres")
    assert module.fields_error("title:string scan:file photo:image:optional", "postgres") == ""
    assert "does not fit type 'image'" in module.fields_error("photo:image:index", "postgres")
    view = module.resource_view("post", "title:string", "sqlite3")
    assert view.pascal == "Post" and view.dialect == "sqlite"


def test_a_table_dropped_by_a_later_migration_is_free_again(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    migrations = tmp_path / "internal/db/migrations"
    (migrations / "20250101000000_create_notes.sql").write_text(
        "-- +goose Up\nCREATE TABLE notes (id TEXT);\n-- +goose Down\nDROP TABLE notes;\n"
    )
    (migrations / "20250102000000_drop_notes.sql").write_text(
        "-- +goose Up\nDROP TABLE notes;\n-- +goose Down\nCREATE TABLE notes (id TEXT);\n"
    )
    assert resource.table_created_in(tmp_path, "notes") is None
    assert resource.prepare(project, "note", ["title:string"], clock)["name"] == "note"
    (migrations / "20250103000000_again.sql").write_text(
        "-- +goose Up\nCREATE TABLE notes (x TEXT);\n"
    )
    assert resource.table_created_in(tmp_path, "notes") == "20250103000000_again.sql"
