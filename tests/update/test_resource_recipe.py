"""The `resource` recipe through the CLI and Copier's update (GEN-R-4, GEN-R-8, GEN-R-10, GEN-R-11).

Every test runs the real `tracks` command in a real rendered app. The template is a git clone of
this working tree tagged v0.1.0 (like the update tier's `template_repo`), not the working tree
itself: `tracks destroy` re-renders the recipe at the `_commit` stored in the answers file, which
must be a revision the template repository really has.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import copier
import pytest

from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, only_with
from tests.support.render import answers, render
from tests.support.resources import COMMENT_FIELDS, POST_FIELDS, generate, tracks
from tests.update import test_update as update_tier

pytestmark = pytest.mark.update

git = update_tier.git
commit_all = update_tier.commit_all
clone_template = update_tier.clone_template

#: The app-owned files the resource recipe wires lines into (GEN-R-8).
WIRING_FILES = (
    "cmd/server/main.go",
    "internal/http/server.go",
    "internal/http/routes.go",
    "internal/http/routes/routes.go",
    "internal/http/views/components/nav.templ",
    "internal/http/server_test.go",
    "tests/httpkit/httpkit.go",
)
MIGRATIONS = "internal/db/migrations"
HANDLER = "internal/http/handlers/posts.go"
MARKER = re.compile(r"tracks:([\w-]+):(start|end)\s*$")
CREATE_POSTS = re.compile(rf"{MIGRATIONS}/\d{{14}}_create_posts\.sql")


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def copy_app(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def status(app: Path) -> str:
    return git(app, "status", "--porcelain", "--untracked-files=all")


def head(app: Path) -> str:
    return git(app, "rev-parse", "HEAD").strip()


def created_files(output: str) -> list[str]:
    """The files `tracks generate` lists under `created:`."""
    block = output.split("created:\n", 1)[-1]
    return [line.strip() for line in block.splitlines() if line.startswith("  ")]


def without_timestamp(rel: str) -> str:
    return re.sub(r"/\d{14}_", "/<ts>_", rel)


def regions(text: str) -> dict[str, list[str]]:
    """The non-blank lines between each pair of wiring markers, by region name."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        marker = MARKER.search(line)
        if marker and marker[2] == "start":
            current = marker[1]
            found.setdefault(current, [])
        elif marker:
            current = None
        elif current is not None and line.strip():
            found[current].append(line)
    return found


def wiring_snapshot(app: Path) -> dict[str, str]:
    return {rel: (app / rel).read_text() for rel in WIRING_FILES}


def goose_sections(path: Path) -> tuple[str, str]:
    """The Up and Down sections of a goose migration, stripped."""
    text = path.read_text()
    assert "-- +goose Up" in text and "-- +goose Down" in text, f"{path.name} is not a goose file"
    up = text.split("-- +goose Up", 1)[1].split("-- +goose Down", 1)[0]
    down = text.split("-- +goose Down", 1)[1]
    return up.strip(), down.strip()


def conflict_markers(app: Path) -> list[str]:
    found = []
    for path in app.rglob("*"):
        if ".git" in path.parts or not path.is_file():
            continue
        if path.suffix in {".rej", ".orig"}:
            found.append(str(path.relative_to(app)))
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        if re.search(r"^(<{7}|>{7}|={7})( |$)", text, re.M):
            found.append(str(path.relative_to(app)))
    return found


def assert_refused(
    app: Path, args: tuple[str, ...], fragments: tuple[str, ...], template: Path
) -> str:
    """`tracks ARGS` exits 2 with a message holding every fragment, and writes nothing."""
    before_status, before_head = status(app), head(app)
    code, out, err = tracks(app, *args, "--vcs-ref", "HEAD", template=template)
    shown = f"`tracks {' '.join(args)}` exited {code}\n--- stdout\n{out}\n--- stderr\n{err}"
    assert code == 2, shown
    assert err.startswith("error: "), shown
    for fragment in fragments:
        assert fragment in err, f"the message does not say {fragment!r}:\n{shown}"
    assert status(app) == before_status, f"the refused run wrote files:\n{status(app)}\n{shown}"
    assert head(app) == before_head, "the refused run committed"
    return err


# --------------------------------------------------------------------------------------
# Fixtures: one template clone, one rendered app and one app with `post`, per module
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clone_template(tmp_path_factory.mktemp("template") / "tracks")


@pytest.fixture(scope="module")
def base_app(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default app, rendered and committed (read-only: tests copy it to change it)."""
    dst = tmp_path_factory.mktemp("base") / "shop"
    app = render(dst, answers(DEFAULT_DRIVER), src=template, vcs_ref="v0.1.0")
    assert status(app) == "", "a fresh render is not committed"
    return app


@pytest.fixture(scope="module")
def post_app(
    base_app: Path, template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """base_app with `post` (one field of every type) generated and committed, and the output
    of that `tracks generate`. Read-only: tests copy it to change it."""
    app = copy_app(base_app, tmp_path_factory.mktemp("post") / "shop")
    out = generate(app, "resource", "post", *POST_FIELDS, template=template)
    commit_all(app, "tracks generate resource post")
    return app, out


# --------------------------------------------------------------------------------------
# GEN-R-4: bad input exits 2, names the token and writes nothing
# --------------------------------------------------------------------------------------

BAD_INPUT = {
    "go keyword as name": (("type", "title:string"), ("'type'", "Go keyword")),
    "go keyword as field": (("article", "func:string"), ("'func:string'", "Go keyword")),
    "go predeclared as field": (("article", "string:string"), ("'string:string'", "predeclared")),
    "sql word as name (select)": (("select", "title:string"), ("'select'",)),
    "sql-only word as name (group)": (("group", "title:string"), ("'group'", "reserved SQL")),
    "sql word as field": (("article", "order:string"), ("'order:string'", "reserved SQL")),
    "implicit field": (("article", "created_at:datetime"), ("'created_at:datetime'",)),
    "unknown type": (("article", "title:strng"), ("'title:strng'", "unknown type 'strng'")),
    "unknown modifier": (
        ("article", "title:string:shiny"),
        ("'title:string:shiny'", "unknown modifier 'shiny'"),
    ),
    "modifier unfit for type": (("article", "published:bool:min=1"), ("'min'", "'bool'")),
    "duplicate field": (("article", "title:string", "title:text"), ("'title:text'", "duplicate")),
    "reference to a missing resource": (
        ("article", "author:references"),
        ("'author:references'", "'author'", "does not have"),
    ),
    "no fields": (("article",), ("'article'", "at least one field")),
}


@only_with(DEFAULT_DRIVER)
@pytest.mark.parametrize("case", list(BAD_INPUT), ids=list(BAD_INPUT))
def test_bad_input_exits_2_naming_the_token_and_writes_nothing(
    case: str, base_app: Path, template: Path, tmp_path: Path
) -> None:
    args, fragments = BAD_INPUT[case]
    app = copy_app(base_app, tmp_path / "shop")
    err = assert_refused(app, ("generate", "resource", *args), fragments, template)
    assert "for example" in err, f"no example of valid input in:\n{err}"


@only_with(DEFAULT_DRIVER)
def test_a_resource_that_already_exists_is_refused(
    post_app: tuple[Path, str], template: Path, tmp_path: Path
) -> None:
    app = copy_app(post_app[0], tmp_path / "shop")
    for name in ("post", "posts"):  # the plural is singularised first, then refused too
        assert_refused(
            app,
            ("generate", "resource", name, "title:string"),
            ("'post'", "already exists", "tracks destroy resource post"),
            template,
        )


@only_with(DEFAULT_DRIVER)
def test_outside_an_app_is_refused(template: Path, tmp_path: Path) -> None:
    outside = tmp_path / "not-an-app"
    outside.mkdir()
    code, out, err = tracks(
        outside,
        "generate",
        "resource",
        "post",
        "title:string",
        "--vcs-ref",
        "HEAD",
        template=template,
    )
    assert code == 2, out + err
    assert "not inside a Tracks app" in err, err
    assert list(outside.iterdir()) == [], "the refused run wrote files outside an app"


@only_with(DEFAULT_DRIVER)
def test_a_broken_wiring_marker_is_refused_naming_the_file(
    base_app: Path, template: Path, tmp_path: Path
) -> None:
    app = copy_app(base_app, tmp_path / "shop")
    nav = app / "internal/http/views/components/nav.templ"
    text = nav.read_text()
    assert "// tracks:nav:end" in text
    nav.write_text(text.replace("// tracks:nav:end", "// nav ends here"))
    commit_all(app, "the user edited a marker")
    assert_refused(
        app,
        ("generate", "resource", "post", "title:string"),
        ("internal/http/views/components/nav.templ", "tracks:nav:end"),
        template,
    )
    assert not (app / ".tracks/resource-post.yml").exists()


@only_with("postgres")
def test_user_is_refused_as_a_field_on_postgres(template: Path, tmp_path: Path) -> None:
    """`user` means CURRENT_USER in PostgreSQL: Tracks refuses it there rather than quoting."""
    app = render(tmp_path / "shop", answers("postgres"), src=template, vcs_ref="v0.1.0")
    err = assert_refused(
        app,
        ("generate", "resource", "article", "user:string"),
        ("'user:string'", "PostgreSQL"),
        template,
    )
    assert "for example" in err, err


# --------------------------------------------------------------------------------------
# GEN-R-11: --dry-run
# --------------------------------------------------------------------------------------


@only_with(DEFAULT_DRIVER)
def test_dry_run_lists_what_generate_does_and_writes_nothing(
    base_app: Path, post_app: tuple[Path, str], template: Path, tmp_path: Path
) -> None:
    app = copy_app(base_app, tmp_path / "shop")
    code, out, err = tracks(
        app,
        "generate",
        "resource",
        "post",
        *POST_FIELDS,
        "--dry-run",
        "--vcs-ref",
        "HEAD",
        template=template,
    )
    assert code == 0, out + err
    assert status(app) == "", f"--dry-run wrote files:\n{status(app)}"
    would_create = re.findall(r"^would create: (\S+)$", out, re.M)
    would_wire = re.findall(r"^would wire:\s+(\S+) \(([\w-]+)\): (.+)$", out, re.M)

    # The listing is what a real run creates (the migration's timestamp aside).
    real_app, real_out = post_app
    created = created_files(real_out)
    assert created, f"no files listed by the real run:\n{real_out}"
    assert sorted(map(without_timestamp, would_create)) == sorted(
        map(without_timestamp, created)
    ), f"--dry-run's files differ from a real run's:\n{out}"
    for rel in ("internal/http/handlers/posts.go", "internal/http/routes/posts.go"):
        assert rel in would_create, out
    assert any(CREATE_POSTS.fullmatch(rel) for rel in would_create), out

    # ... and the wiring it announces is the wiring a real run does, in each wired file.
    assert {path for path, _, _ in would_wire} == set(WIRING_FILES), out
    for path, region, line in would_wire:
        wired = regions((real_app / path).read_text()).get(region, [])
        assert " ".join(line.split()) in {" ".join(w.split()) for w in wired}, (
            f"--dry-run announced `{line}` in {path} ({region}); the real run has {wired}"
        )


# --------------------------------------------------------------------------------------
# GEN-R-8 / GEN-R-11: destroy
# --------------------------------------------------------------------------------------


@only_with(DEFAULT_DRIVER)
def test_destroy_then_generate_again_gives_the_same_wiring(
    post_app: tuple[Path, str], template: Path, tmp_path: Path
) -> None:
    source, out = post_app
    app = copy_app(source, tmp_path / "shop")
    pristine = git(app, "rev-list", "--max-parents=0", "HEAD").strip()
    once = wiring_snapshot(app)
    created = created_files(out)
    (create_rel,) = [rel for rel in created if CREATE_POSTS.fullmatch(rel)]

    code, dout, derr = tracks(app, "destroy", "resource", "post", template=template)
    assert code == 0, f"tracks destroy resource post exited {code}:\n{dout}\n{derr}"
    run(app, "go", "build", "./...")

    # The recipe's files and what was generated from them are gone; the create migration stays.
    for rel in created:
        if rel == create_rel:
            continue
        assert not (app / rel).exists(), f"{rel} survived destroy"
        if rel.endswith(".templ"):
            assert not (app / rel.replace(".templ", "_templ.go")).exists(), f"{rel}: _templ.go"
    assert not (app / "internal/db/generated/posts.sql.go").exists()
    assert not (app / "internal/domain/posts").exists()
    assert not (app / "internal/http/views/posts").exists()
    assert not (app / ".tracks/resource-post.yml").exists()
    assert (app / create_rel).is_file(), "destroy deleted the create migration"

    # A new migration drops the table; its Down re-creates it as the create migration did.
    drops = sorted((app / MIGRATIONS).glob("*_drop_posts.sql"))
    assert len(drops) == 1, f"expected one *_drop_posts.sql, found {drops}"
    assert drops[0].name > Path(create_rel).name, "the drop migration sorts before the create"
    drop_up, drop_down = goose_sections(drops[0])
    create_up, _ = goose_sections(app / create_rel)
    assert re.search(r"DROP TABLE (IF EXISTS )?posts\b", drop_up), drop_up
    assert "CREATE TABLE posts (" in drop_down and drop_down == create_up, (
        f"the drop migration's Down does not re-create the table:\n{drop_down}"
    )

    # Everything else is back to the template's, wiring files included.
    commit_all(app, "tracks destroy resource post")
    diff = git(app, "diff", "--name-status", pristine, "HEAD").splitlines()
    expected = sorted([f"A\t{create_rel}", f"A\t{drops[0].relative_to(app).as_posix()}"])
    assert sorted(diff) == expected, "destroy left more than the two migrations:\n" + "\n".join(
        diff
    )

    # Generate again: it builds and the wiring is byte-identical to a single generate.
    code, gout, gerr = tracks(
        app, "generate", "resource", "post", *POST_FIELDS, "--vcs-ref", "HEAD", template=template
    )
    assert code == 0, (
        "GEN-R-8: `tracks generate resource post ...` after `tracks destroy resource post` must "
        f"succeed (the create migration is kept on purpose), but it exited {code}:\n{gout}\n{gerr}"
    )
    run(app, "go", "build", "./...")
    again = wiring_snapshot(app)
    for rel in WIRING_FILES:
        assert again[rel] == once[rel], f"{rel} differs after generate, destroy, generate"


@only_with(DEFAULT_DRIVER)
def test_destroy_refuses_while_another_resource_references_it(
    post_app: tuple[Path, str], template: Path, tmp_path: Path
) -> None:
    app = copy_app(post_app[0], tmp_path / "shop")
    generate(app, "resource", "comment", *COMMENT_FIELDS, template=template)
    commit_all(app, "tracks generate resource comment")
    before = status(app), head(app)
    code, out, err = tracks(app, "destroy", "resource", "post", template=template)
    assert code == 2, f"destroy exited {code}:\n{out}\n{err}"
    assert "'comment'" in err and "'post'" in err, err
    assert "tracks destroy resource comment" in err, f"no way forward in:\n{err}"
    assert (status(app), head(app)) == before, f"the refused destroy wrote files:\n{status(app)}"
    assert (app / HANDLER).is_file() and (app / ".tracks/resource-post.yml").is_file()


@only_with(DEFAULT_DRIVER)
def test_destroy_keeps_a_file_the_user_changed_unless_forced(
    post_app: tuple[Path, str], template: Path, tmp_path: Path
) -> None:
    app = copy_app(post_app[0], tmp_path / "shop")
    handler = app / HANDLER
    handler.write_text(handler.read_text() + "\n// a helper the user wrote\n")
    commit_all(app, "the user changes the handler")
    before = status(app), head(app)

    code, out, err = tracks(app, "destroy", "resource", "post", template=template)
    assert code == 2, f"destroy exited {code}:\n{out}\n{err}"
    assert HANDLER in err and "--force" in err, err
    assert "internal/http/routes/posts.go" not in err, f"an unchanged file is named:\n{err}"
    assert (status(app), head(app)) == before, f"the refused destroy wrote files:\n{status(app)}"

    code, out, err = tracks(app, "destroy", "resource", "post", "--force", template=template)
    assert code == 0, f"destroy --force exited {code}:\n{out}\n{err}"
    assert not handler.exists() and not (app / ".tracks/resource-post.yml").exists()
    run(app, "go", "build", "./...")


# --------------------------------------------------------------------------------------
# GEN-R-10: `copier update -a .tracks/resource-post.yml` to a newer recipe
# --------------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path} no longer contains {old!r}: update the test's edit"
    path.write_text(text.replace(old, new, 1))


def update_recipe(app: Path, vcs_ref: str) -> None:
    copier.run_update(
        str(app),
        answers_file=".tracks/resource-post.yml",
        vcs_ref=vcs_ref,
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )


@only_with(DEFAULT_DRIVER)
def test_update_to_a_newer_recipe_keeps_edits_and_wiring(tmp_path: Path) -> None:
    tpl = clone_template(tmp_path / "tracks")
    app = render(tmp_path / "shop", answers(DEFAULT_DRIVER), src=tpl, vcs_ref="v0.1.0")
    code, out, err = tracks(
        app, "generate", "resource", "post", *POST_FIELDS, "--vcs-ref", "v0.1.0", template=tpl
    )
    assert code == 0, f"tracks generate resource post (v0.1.0) exited {code}:\n{out}\n{err}"
    commit_all(app, "tracks generate resource post")
    stored = app / ".tracks/resource-post.yml"
    answers_v1 = stored.read_text()
    assert "_commit: v0.1.0" in answers_v1, answers_v1
    stamp = re.search(r"migration_ts: '(\d{14})'", answers_v1)
    assert stamp, answers_v1
    wiring_v1 = wiring_snapshot(app)

    # The user edits the generated handler, inside Index.
    user_line = "\t// edited by the user: the list stays fast."
    edit(
        app / HANDLER,
        "func (h *Posts) Index(w http.ResponseWriter, r *http.Request) {\n",
        "func (h *Posts) Index(w http.ResponseWriter, r *http.Request) {\n" + user_line + "\n",
    )
    commit_all(app, "user edits the posts handler")

    # The recipe moves on: its route constants and its index view change.
    views = next((tpl / "recipes/resource/internal/http/views").iterdir())
    edit(
        tpl / "recipes/resource/internal/http/routes/{{ name | plural }}.go.jinja",
        "// {{ r.pascal }}Path is the page of one {{ r.human }}.",
        "// {{ r.pascal }}Path is the page of one {{ r.human }} (recipe v0.2.0).",
    )
    edit(
        views / "index.templ.jinja",
        "// Index is the list page of {{ r.human_plural }}.",
        "// Index is the list page of {{ r.human_plural }} (recipe v0.2.0).",
    )
    commit_all(tpl, "recipe v0.2.0")
    git(tpl, "tag", "v0.2.0")

    update_recipe(app, "v0.2.0")

    assert user_line in (app / HANDLER).read_text(), "the user's edit of the handler was lost"
    assert (
        "PostPath is the page of one post (recipe v0.2.0)."
        in (app / "internal/http/routes/posts.go").read_text()
    ), "the recipe's change to routes/posts.go did not arrive"
    assert "(recipe v0.2.0)." in (app / "internal/http/views/posts/index.templ").read_text(), (
        "the recipe's change to the index view did not arrive"
    )
    assert conflict_markers(app) == [], f"conflicts: {conflict_markers(app)}"

    # Wiring is left as it was: no line duplicated, no file changed.
    for rel in WIRING_FILES:
        for region, lines in regions((app / rel).read_text()).items():
            collapsed = [" ".join(line.split()) for line in lines]
            dupes = {line for line in collapsed if collapsed.count(line) > 1}
            assert not dupes, f"{rel} ({region}) has duplicated wiring: {dupes}"
        assert (app / rel).read_text() == wiring_v1[rel], f"the update changed {rel}"
    nav = (app / "internal/http/views/components/nav.templ").read_text()
    assert nav.count("routes.Posts") == 1, nav

    # The answers keep the run's fields and timestamp; there is still one create migration.
    answers_v2 = stored.read_text()
    assert "_commit: v0.2.0" in answers_v2, answers_v2
    assert f"migration_ts: '{stamp[1]}'" in answers_v2, answers_v2
    fields_v1 = re.search(r"^fields: .*?(?=^\S)", answers_v1, re.M | re.S)
    assert fields_v1 and fields_v1[0] in answers_v2, f"fields changed:\n{answers_v2}"
    creates = sorted(p.name for p in (app / MIGRATIONS).glob("*_create_posts.sql"))
    assert creates == [f"{stamp[1]}_create_posts.sql"], creates
    assert "recipe: app" in (app / ".copier-answers.yml").read_text()
    run(app, "go", "build", "./...")

    # Updating again to the same version changes nothing.
    commit_all(app, "update post to recipe v0.2.0")
    update_recipe(app, "v0.2.0")
    assert status(app) == "", f"a second update to the same version changed:\n{status(app)}"
