"""Wiring edits marker regions idempotently, sorted, and refuses broken markers; a recipe's
declaration is parsed strictly, and rewiring against the committed one takes stale lines out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hooks.wiring import Insertion, apply, committed, load, parse, remove, rewire
from model.errors import TracksError

pytestmark = pytest.mark.unit

ROUTES = """package web

func routes() {
\tr.Get("/", home)
\t// tracks:routes:start
\t// tracks:routes:end
\treturn r
}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "routes.go").write_text(ROUTES)
    return tmp_path


def region(project: Path) -> list[str]:
    lines = (project / "routes.go").read_text().splitlines()
    start = lines.index("\t// tracks:routes:start")
    return lines[start + 1 : lines.index("\t// tracks:routes:end")]


def test_lines_are_added_once_sorted_and_indented(project: Path) -> None:
    b = Insertion("routes.go", "routes", 'r.Get("/b", b)')
    a = Insertion("routes.go", "routes", 'r.Get("/a", a)')
    assert apply(project, [b]) == ["routes.go"]
    assert apply(project, [a, b]) == ["routes.go"]
    assert apply(project, [a, b]) == [], "a second run changed the file"
    assert region(project) == ['\tr.Get("/a", a)', '\tr.Get("/b", b)']


def test_remove_restores_the_original(project: Path) -> None:
    ins = [Insertion("routes.go", "routes", 'r.Get("/a", a)')]
    apply(project, ins)
    remove(project, ins)
    assert (project / "routes.go").read_text() == ROUTES


@pytest.mark.parametrize(
    "broken",
    [
        ROUTES.replace("\t// tracks:routes:end\n", ""),
        ROUTES.replace("tracks:routes:start", "tracks:route:start"),
        ROUTES.replace("\t// tracks:routes:end\n", "\t// tracks:routes:end\n" * 2),
    ],
)
def test_a_missing_or_edited_marker_is_refused_without_writing(project: Path, broken: str) -> None:
    (project / "routes.go").write_text(broken)
    with pytest.raises(TracksError, match=r"tracks:routes:start.*routes\.go"):
        apply(project, [Insertion("routes.go", "routes", "x()")])
    assert (project / "routes.go").read_text() == broken


def test_a_missing_file_is_refused(project: Path) -> None:
    with pytest.raises(TracksError, match=r"nope\.go is missing"):
        apply(project, [Insertion("nope.go", "routes", "x()")])


DEPS = """package main

import (
\t"fmt"
\t// tracks:imports:start
\t// tracks:imports:end
)

type Deps struct {
\tHealth string
\t// tracks:deps-fields:start
\t// tracks:deps-fields:end
}

var _ = fmt.Sprint
"""


def test_go_files_stay_gofmt_aligned_and_lines_are_found_again(tmp_path: Path) -> None:
    (tmp_path / "deps.go").write_text(DEPS)
    short = Insertion("deps.go", "deps-fields", "Posts string")
    long = Insertion("deps.go", "deps-fields", "Comments string")
    apply(tmp_path, [short, long])
    text = (tmp_path / "deps.go").read_text()
    assert "\tComments string\n\tPosts    string\n" in text, text
    assert apply(tmp_path, [short, long]) == [], "an aligned line was not recognised"
    remove(tmp_path, [long])
    assert "\tPosts string\n" in (tmp_path / "deps.go").read_text()


def test_an_import_region_gets_its_own_group_only_while_it_has_imports(tmp_path: Path) -> None:
    (tmp_path / "deps.go").write_text(DEPS)
    ins = [Insertion("deps.go", "imports", '"example.com/shop/internal/domain/posts"')]
    apply(tmp_path, ins)
    text = (tmp_path / "deps.go").read_text()
    assert '\t"fmt"\n\n\t// tracks:imports:start\n\t"example.com/shop' in text, text
    remove(tmp_path, ins)
    assert (tmp_path / "deps.go").read_text() == DEPS


# --- declarations: parse, load, committed, rewire ----------------------------------------


def test_a_declaration_parses_into_insertions_quotes_and_all() -> None:
    text = (
        "# Lines page pricing keeps (a comment)\n"
        "- file: internal/http/routes.go\n"
        "  region: routes\n"
        "  line: 'web.Get(routes.Pricing, handlers.NewPricingPage(s.log).Show)'\n"
        "- file: internal/http/views/components/nav.templ\n"
        "  region: nav\n"
        "  line: '<li><a href={ templ.SafeURL(routes.Pricing) }>It''s \"on\"</a></li>'\n"
    )
    assert parse(text, "decl.yml") == [
        Insertion(
            "internal/http/routes.go",
            "routes",
            "web.Get(routes.Pricing, handlers.NewPricingPage(s.log).Show)",
        ),
        Insertion(
            "internal/http/views/components/nav.templ",
            "nav",
            '<li><a href={ templ.SafeURL(routes.Pricing) }>It\'s "on"</a></li>',
        ),
    ]


@pytest.mark.parametrize("text", ["", "# nothing wired\n", "[]\n"])
def test_an_empty_declaration_wires_nothing(text: str) -> None:
    assert parse(text, "decl.yml") == []


def test_a_declaration_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(TracksError, match=r"decl\.yml is not valid YAML") as caught:
        parse("- file: a.go\n  region: [routes\n", "decl.yml")
    assert caught.value.exit_code == 1
    assert caught.value.hint


@pytest.mark.parametrize(
    "text",
    [
        "file: a.go\nregion: routes\nline: x()\n",  # one entry, not a list
        "- a.go routes x()\n",  # a list of strings
        "- file: a.go\n  region: routes\n",  # an entry without its line
        "- file: a.go\n  line: x()\n",  # an entry without its region
        "- [a.go, routes, x()]\n",
        "just text\n",
        "42\n",
    ],
)
def test_a_declaration_of_the_wrong_shape_is_refused(text: str) -> None:
    with pytest.raises(TracksError, match=r"decl\.yml must be a list of entries") as caught:
        parse(text, "decl.yml")
    assert caught.value.exit_code == 1
    assert "restore it" in caught.value.render()


def test_load_names_the_file_in_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "page-x.yml"
    path.write_text("{not: a list}\n")
    with pytest.raises(TracksError, match=r"page-x\.yml must be a list"):
        load(path)


DECL = ".tracks/wiring/page-a.yml"


def git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    done = subprocess.run(
        ["git", *identity, "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def declare(root: Path, *lines: str, rel: str = DECL) -> None:
    entries = "".join(
        f"- file: routes.go\n  region: routes\n  line: '{line.replace(chr(39), chr(39) * 2)}'\n"
        for line in lines
    )
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text("# Lines page a keeps\n" + entries)


@pytest.fixture
def repo(project: Path) -> Path:
    """``project`` as a git work tree with nothing committed yet."""
    git(project, "init", "-q")
    return project


def test_committed_is_the_declaration_of_the_last_commit(repo: Path) -> None:
    assert committed(repo, DECL) == [], "no commit yet"
    declare(repo, 'r.Get("/a", a)')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a")
    declare(repo, 'r.Get("/b", b)')
    assert committed(repo, DECL) == [Insertion("routes.go", "routes", 'r.Get("/a", a)')]
    assert committed(repo, ".tracks/wiring/page-other.yml") == []


def test_committed_is_nothing_outside_a_git_work_tree(project: Path) -> None:
    declare(project, 'r.Get("/a", a)')
    assert committed(project, DECL) == []


def test_rewire_adds_new_lines_and_takes_out_stale_ones_once(repo: Path) -> None:
    # The recipe's first run: nothing committed, so every declared line is added.
    declare(repo, 'r.Get("/a", a)', 'r.Get("/b", b)')
    assert rewire(repo, DECL) == ["routes.go"]
    assert region(repo) == ['\tr.Get("/a", a)', '\tr.Get("/b", b)']
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "page a")
    # A newer template no longer wants /a and wants /c: /a goes, /c comes, /b stays.
    declare(repo, 'r.Get("/b", b)', 'r.Get("/c", c)')
    assert rewire(repo, DECL) == ["routes.go"]
    assert region(repo) == ['\tr.Get("/b", b)', '\tr.Get("/c", c)']
    after = (repo / "routes.go").read_text()
    assert rewire(repo, DECL) == [], "a second run changed a file"
    assert (repo / "routes.go").read_text() == after
    assert "/a" not in after


def test_rewire_takes_out_every_line_of_a_declaration_that_now_wires_nothing(repo: Path) -> None:
    declare(repo, 'r.Get("/a", a)')
    rewire(repo, DECL)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "page a")
    declare(repo)
    assert rewire(repo, DECL) == ["routes.go"]
    assert (repo / "routes.go").read_text() == ROUTES


def test_rewire_leaves_lines_the_user_wired_by_hand(repo: Path) -> None:
    apply(repo, [Insertion("routes.go", "routes", 'r.Get("/mine", mine)')])
    declare(repo, 'r.Get("/a", a)')
    rewire(repo, DECL)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "page a")
    declare(repo, 'r.Get("/b", b)')
    rewire(repo, DECL)
    assert region(repo) == ['\tr.Get("/b", b)', '\tr.Get("/mine", mine)']


def test_rewire_checks_every_marker_before_it_writes(repo: Path) -> None:
    """A stale line whose region is gone stops the run before the new lines are written."""
    (repo / "nav.templ").write_text("<ul>\n\t// tracks:nav:start\n\t// tracks:nav:end\n</ul>\n")
    (repo / DECL).parent.mkdir(parents=True)
    (repo / DECL).write_text("- file: nav.templ\n  region: nav\n  line: <li>A</li>\n")
    rewire(repo, DECL)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "page a")
    (repo / "nav.templ").write_text("<ul>\n\t<li>A</li>\n</ul>\n")  # the user removed the markers
    declare(repo, 'r.Get("/b", b)')
    with pytest.raises(TracksError, match=r"tracks:nav:start.*nav\.templ"):
        rewire(repo, DECL)
    assert (repo / "routes.go").read_text() == ROUTES


def test_a_broken_declaration_in_the_last_commit_is_refused(repo: Path) -> None:
    (repo / DECL).parent.mkdir(parents=True)
    (repo / DECL).write_text("- [broken\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "broken")
    declare(repo, 'r.Get("/a", a)')
    with pytest.raises(TracksError, match=r"HEAD:\.tracks/wiring/page-a\.yml is not valid YAML"):
        rewire(repo, DECL)


def test_rewire_of_a_recipe_that_declares_nothing_wires_nothing(repo: Path) -> None:
    assert rewire(repo, ".tracks/wiring/component-card.yml") == []
    assert (repo / "routes.go").read_text() == ROUTES


def test_rewire_keeps_a_stale_line_another_declaration_still_needs(repo: Path) -> None:
    other = ".tracks/wiring/page-b.yml"
    shared = 'r.Get("/shared", shared)'
    declare(repo, shared, 'r.Get("/a", a)')
    declare(repo, shared, rel=other)
    rewire(repo, DECL)
    rewire(repo, other)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pages a and b")
    declare(repo, 'r.Get("/a", a)')
    rewire(repo, DECL)
    assert '\tr.Get("/shared", shared)' in region(repo)
