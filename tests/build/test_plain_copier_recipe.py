"""Plain Copier gives the same tree as `tracks generate`.

A recipe is complete under Copier alone: its run renders the files and its declaration of
what it wires, and its tasks wire it in and generate the sqlc and templ code. `tracks generate`
is only the friendly front of that run. Two copies of one committed app get the same resource,
one through the CLI and one through `copier.run_copy`; their trees must be the same, byte for
byte, and the plain Copier one must build and vet.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import copier
import pytest
import yaml

from model import layout
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER, REPO
from tests.support.resources import tracks

pytestmark = pytest.mark.build

FIELDS = ("title:string", "body:text")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (symlinks as their target), .git left out."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".git":
            continue
        if path.is_symlink():
            files[rel.as_posix()] = b"symlink -> " + str(path.readlink()).encode()
        elif path.is_file():
            files[rel.as_posix()] = path.read_bytes()
    return files


def without_commit(text: bytes) -> bytes:
    """An answers file less Copier's `_commit` line (the version it rendered)."""
    return b"".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(b"_commit:")
    )


def test_plain_copier_gives_the_tree_tracks_generate_gives(
    rendered_app: Callable[[str], Path], tmp_path: Path
) -> None:
    source = rendered_app(DEFAULT_DRIVER)
    assert (source / ".git").is_dir(), "the rendered app is committed (git_init)"
    _, status, _ = run(source, "git", "status", "--porcelain", "--untracked-files=all")
    assert status.strip() == "", f"the rendered app has uncommitted changes:\n{status}"
    by_cli, by_copier = tmp_path / "cli" / "shop", tmp_path / "copier" / "shop"
    for dst in (by_cli, by_copier):
        shutil.copytree(source, dst, symlinks=True)

    code, out, err = tracks(by_cli, "generate", "resource", "post", *FIELDS, "--vcs-ref", "HEAD")
    assert code == 0, f"tracks generate exited {code}:\n{out}\n{err}"
    answers = yaml.safe_load((by_cli / layout.recipe_answers("resource", "post")).read_text())
    migration_ts = str(answers["migration_ts"])

    copier.run_copy(
        str(REPO),
        str(by_copier),
        data={
            "recipe": "resource",
            "name": "post",
            "fields": " ".join(FIELDS),
            "migration_ts": migration_ts,
        },
        vcs_ref="HEAD",
        defaults=True,
        unsafe=True,
    )

    cli_tree, copier_tree = tree(by_cli), tree(by_copier)
    assert sorted(copier_tree) == sorted(cli_tree), "the two runs wrote different files"
    stored = layout.recipe_answers("resource", "post")
    assert without_commit(copier_tree.pop(stored)) == without_commit(cli_tree.pop(stored))
    differ = [rel for rel in cli_tree if cli_tree[rel] != copier_tree[rel]]
    assert not differ, f"plain Copier and tracks generate wrote different bytes: {differ}"
    # The run did what a resource does: its files, its declaration, the wiring, generated code.
    assert layout.recipe_wiring("resource", "post") in copier_tree
    assert f"internal/db/migrations/{migration_ts}_create_posts.sql" in copier_tree
    assert (
        b"handlers.NewPosts(s.deps.Posts, s.log).Routes(web)"
        in copier_tree["internal/http/routes.go"]
    )
    assert "internal/db/generated/posts.sql.go" in copier_tree
    assert "internal/http/views/posts/index_templ.go" in copier_tree

    run(by_copier, "go", "build", "./...")
    run(by_copier, "go", "vet", "./...")
