"""``tracks new`` against tiny templates written here (never the real Tracks template)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from plumbum import local

from tracks import source
from tracks.cli import main
from tracks.commands import new
from tracks.project import find_project

pytestmark = pytest.mark.unit

REPO_COPIER_YML = Path(__file__).resolve().parents[3] / "copier.yml"

COPIER_YML = """\
project_name:
  type: str
  help: Project name
  validator: >-
    {% if project_name != project_name | lower or ' ' in project_name %}
    must be lowercase without spaces
    {% endif %}
module_path:
  type: str
  default: "example.com/{{ project_name }}"
database:
  type: str
  default: sqlite3
  choices: [go-libsql, sqlite3, postgres]
git_init:
  type: bool
  default: true
fail_task:
  type: bool
  default: false
  when: false

_tasks:
  - command: "exit 3"
    when: "{{ fail_task }}"
"""

# The real template's closing message (it prints the next steps), and the answer it reads.
COPIER_YML += "recipe:\n  type: str\n  default: app\n  when: false\n\n" + yaml.safe_dump(
    {"_message_after_copy": yaml.safe_load(REPO_COPIER_YML.read_text())["_message_after_copy"]}
)

ANSWERS_TEMPLATE = "{{ _copier_answers | to_nice_yaml -}}\n"
README_TEMPLATE = "{{ project_name }} ({{ module_path }}) uses {{ database }}\n"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<dir>"
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A plain-folder Copier template (not a git repository)."""
    src = tmp_path / "template-src"
    src.mkdir()
    (src / "copier.yml").write_text(COPIER_YML, encoding="utf-8")
    (src / "{{ _copier_conf.answers_file }}.jinja").write_text(ANSWERS_TEMPLATE, encoding="utf-8")
    (src / "README.md.jinja").write_text(README_TEMPLATE, encoding="utf-8")
    return src


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cwd = tmp_path / "work"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.delenv(source.TEMPLATE_ENV, raising=False)
    return cwd


def _git(*args: str, cwd: Path) -> None:
    local["git"]["-c", "user.name=Tracks Test", "-c", "user.email=test@example.com", *args](
        cwd=str(cwd)
    )


def test_existing_non_empty_destination_exits_2_and_is_untouched(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = workdir / "blog"
    (existing / "notes").mkdir(parents=True)
    (existing / "notes" / "todo.txt").write_text("keep me\n", encoding="utf-8")
    before = _snapshot(existing)

    code = main(["new", "blog", "--defaults", "--template", str(template)])

    assert code == 2
    assert _snapshot(existing) == before
    err = capsys.readouterr().err
    assert "already exists and is not empty" in err
    assert "hint:" in err


def test_destination_that_is_a_file_exits_2(workdir: Path, template: Path) -> None:
    (workdir / "blog").write_text("not a folder\n", encoding="utf-8")
    assert main(["new", "blog", "--defaults", "--template", str(template)]) == 2
    assert (workdir / "blog").read_text(encoding="utf-8") == "not a folder\n"


def test_script_refuses_non_empty_destination(
    tmp_path: Path, template: Path, tracks_script
) -> None:
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "main.go").write_text("package main\n", encoding="utf-8")
    result = tracks_script(["new", "blog", "--defaults", "--template", str(template)], tmp_path)
    assert result.code == 2
    assert "error: " in result.stderr
    assert (tmp_path / "blog" / "main.go").read_text(encoding="utf-8") == "package main\n"
    assert sorted(p.name for p in (tmp_path / "blog").iterdir()) == ["main.go"]


def test_generates_from_template_with_answers(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "new",
            "blog",
            "--defaults",
            "--template",
            str(template),
            "--db",
            "postgres",
            "--module",
            "github.com/me/blog",
            "--no-git",
        ]
    )

    assert code == 0
    readme = (workdir / "blog" / "README.md").read_text(encoding="utf-8")
    assert readme == "blog (github.com/me/blog) uses postgres\n"
    answers = yaml.safe_load((workdir / "blog" / ".copier-answers.yml").read_text())
    assert answers["git_init"] is False
    assert answers["database"] == "postgres"
    # Copier prints the template's message on stderr.
    err = capsys.readouterr().err
    assert "cd blog\n" in err
    assert "go run ./cmd/server" in err
    project = find_project(workdir / "blog")
    assert project is not None
    assert project.root == (workdir / "blog").resolve()


def test_next_steps_are_printed_once(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "blog", "--defaults", "--template", str(template), "--no-git"]) == 0
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert output.count("Next steps") == 1, output
    assert output.count("cd blog") == 1, output


def test_data_flags_and_defaults(workdir: Path, template: Path) -> None:
    argv = ["new", "shop", "--defaults", "--template", str(template)]
    assert main([*argv, "-d", "git_init=false"]) == 0
    answers = yaml.safe_load((workdir / "shop" / ".copier-answers.yml").read_text())
    assert answers["git_init"] is False

    argv = ["new", "shop2", "--defaults", "--template", str(template)]
    assert main([*argv, "-d", "database=go-libsql"]) == 0
    answers = yaml.safe_load((workdir / "shop2" / ".copier-answers.yml").read_text())
    assert answers["database"] == "go-libsql"
    assert answers["module_path"] == "example.com/shop2"
    assert answers["git_init"] is True


def test_existing_empty_destination_is_used(workdir: Path, template: Path) -> None:
    (workdir / "blog").mkdir()
    assert main(["new", "blog", "--defaults", "--template", str(template)]) == 0
    assert (workdir / "blog" / "README.md").is_file()


def test_template_from_environment(
    workdir: Path, template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(source.TEMPLATE_ENV, str(template))
    assert main(["new", "blog", "--defaults"]) == 0
    assert (workdir / "blog" / "README.md").is_file()


def test_validation_error_exits_2_and_writes_nothing(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["new", "Bad-Name", "--defaults", "--template", str(template)])
    assert code == 2
    assert "must be lowercase without spaces" in capsys.readouterr().err
    assert list(workdir.iterdir()) == []


def test_invalid_choice_exits_2(workdir: Path, template: Path) -> None:
    code = main(["new", "blog", "--defaults", "--template", str(template), "-d", "database=mongo"])
    assert code == 2
    assert list(workdir.iterdir()) == []


def test_failing_task_exits_1_and_cleans_up(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["new", "blog", "--defaults", "--template", str(template), "-d", "fail_task=true"])
    assert code == 1
    assert "task" in capsys.readouterr().err.lower()
    assert not (workdir / "blog").exists()  # Copier removed what it had written


def test_missing_template_folder_exits_2(workdir: Path, tmp_path: Path) -> None:
    code = main(["new", "blog", "--defaults", "--template", str(tmp_path / "nowhere")])
    assert code == 2
    assert list(workdir.iterdir()) == []


def test_without_defaults_and_without_terminal_exits_2(
    tmp_path: Path, template: Path, tracks_script
) -> None:
    result = tracks_script(
        ["new", "blog", "--template", str(template)], tmp_path, stdin=subprocess.DEVNULL
    )
    assert result.code == 2, result.stderr
    assert "--defaults" in result.stderr
    assert not (tmp_path / "blog").exists()


def test_vcs_ref_prefers_the_release_tag(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _git("init", "-q", cwd=template)
    _git("add", "-A", cwd=template)
    _git("commit", "-q", "-m", "template", cwd=template)

    assert source.resolve_vcs_ref(str(template)) == "HEAD"
    assert "using HEAD" in capsys.readouterr().err

    _git("tag", source.release_tag(), cwd=template)
    assert source.resolve_vcs_ref(str(template)) == source.release_tag()
    assert source.resolve_vcs_ref(str(template), "HEAD~0") == "HEAD~0"


def test_unknown_vcs_ref_exits_2(workdir: Path, template: Path, capsys) -> None:
    _git("init", "-q", cwd=template)
    _git("add", "-A", cwd=template)
    _git("commit", "-q", "-m", "template", cwd=template)
    argv = ["new", "blog", "--defaults", "--template", str(template), "--vcs-ref", "v9.9.9"]
    assert main(argv) == 2
    assert "v9.9.9" in capsys.readouterr().err
    assert list(workdir.iterdir()) == []


def test_vcs_ref_for_plain_folder_and_remote(template: Path) -> None:
    assert source.resolve_vcs_ref(str(template)) is None
    # An explicit ref of a remote template is taken as it is (nothing is fetched).
    assert source.resolve_vcs_ref("https://example.invalid/tracks.git", "v9") == "v9"


def test_generates_from_remote_template_at_the_release_tag(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file:// URL is a remote: its release tag is found with ls-remote, and Copier is given
    the URL as git+file:// (it reads a bare file:// URL as a local path)."""
    _git("init", "-q", cwd=template)
    _git("add", "-A", cwd=template)
    _git("commit", "-q", "-m", "template", cwd=template)
    _git("tag", source.release_tag(), cwd=template)
    (template / "README.md.jinja").write_text("after the tag\n", encoding="utf-8")
    _git("commit", "-qam", "after the tag", cwd=template)

    url = template.as_uri()
    assert main(["new", "blog", "--defaults", "--template", url, "--no-git"]) == 0

    readme = (workdir / "blog" / "README.md").read_text(encoding="utf-8")
    assert readme == "blog (example.com/blog) uses sqlite3\n"  # the tagged version
    answers = yaml.safe_load((workdir / "blog" / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == f"git+{url}"
    assert answers["_commit"] == source.release_tag()


def test_without_a_template_an_unreachable_canonical_source_exits_1(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wheel install (no checkout around the CLI) offline: one clear error, no traceback."""
    monkeypatch.setattr(source, "bundled_template", lambda: None)
    missing = (workdir.parent / "no-such-repo.git").as_uri()
    monkeypatch.setattr(source, "CANONICAL_URL", missing)

    assert main(["new", "blog", "--defaults"]) == 1

    err = capsys.readouterr().err
    assert f"error: cannot reach the template at {missing}" in err
    assert "hint: pass --template" in err
    assert source.TEMPLATE_ENV in err
    assert "Traceback" not in err
    assert list(workdir.iterdir()) == []


def test_generates_from_tagged_git_template(
    workdir: Path, template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _git("init", "-q", cwd=template)
    _git("add", "-A", cwd=template)
    _git("commit", "-q", "-m", "template", cwd=template)
    _git("tag", source.release_tag(), cwd=template)
    (template / "README.md.jinja").write_text("changed after the tag\n", encoding="utf-8")

    assert main(["new", "blog", "--defaults", "--template", str(template), "--no-git"]) == 0

    readme = (workdir / "blog" / "README.md").read_text(encoding="utf-8")
    assert readme == "blog (example.com/blog) uses sqlite3\n"  # the tagged version
    answers = yaml.safe_load((workdir / "blog" / ".copier-answers.yml").read_text())
    assert answers["_commit"] == source.release_tag()


def test_parse_data() -> None:
    assert new.parse_data(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}


def test_build_answers_explicit_options_win() -> None:
    answers = new.build_answers(
        "blog", module="m", database="postgres", git=False, extra={"project_name": "x", "k": "v"}
    )
    assert answers == {
        "project_name": "blog",
        "module_path": "m",
        "database": "postgres",
        "git_init": False,
        "k": "v",
    }
    assert new.build_answers("blog") == {"project_name": "blog"}


def test_bundled_template_requires_copier_yml_and_git() -> None:
    bundled = source.bundled_template()
    root = Path(source.__file__).resolve().parents[1]
    expected = (root / "copier.yml").is_file() and (root / ".git").exists()
    assert (bundled == root) if expected else bundled is None
