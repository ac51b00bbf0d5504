"""tracks/workbench/info.py: an app's answers and recipe runs, and its template version
against a real git template with release tags (made here), offline and over git's file://
transport for a remote source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from plumbum import local

from tests.unit.workbench.conftest import make_app
from tracks.workbench.info import project_info, recipe_runs, template_status

pytestmark = pytest.mark.unit


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    return str(local["git"][("-C", str(repo), *identity, *args)]()).strip()


@pytest.fixture
def template(tmp_path: Path) -> dict[str, str]:
    """A template repository with releases v0.1.0 and v0.2.0 and one commit past v0.2.0;
    the commits by name."""
    repo = tmp_path / "tracks"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commits = {}
    for name in ("v0.1.0", "v0.2.0", "past"):
        (repo / "copier.yml").write_text(f"# {name}\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", name)
        if name.startswith("v"):
            git(repo, "tag", name)
        commits[name] = git(repo, "rev-parse", "--short", "HEAD")
    commits["path"] = str(repo)
    return commits


@pytest.mark.parametrize(
    ("commit", "newer"),
    [
        ("v0.1.0", True),
        ("v0.2.0", False),
        ("past", False),  # a render of HEAD past the newest release (a hash)
        ("v0.1.0-1-g0000000", True),  # a draft commit that is not in the template: by version
        ("v0.2.0-3-g0000000", False),
        ("0000000", None),  # neither in the template nor a release: unknown
    ],
)
def test_local_template(
    tmp_path: Path, template: dict[str, str], commit: str, newer: bool | None
) -> None:
    recorded = template.get(commit, commit)
    project = make_app(tmp_path / "shop", _src_path=template["path"], _commit=recorded)
    status = template_status(project)
    assert status.source == template["path"]
    assert status.commit == recorded
    assert status.latest == "v0.2.0"
    assert status.update_available is newer


def test_a_relative_source_is_read_from_the_app_root(
    tmp_path: Path, template: dict[str, str]
) -> None:
    project = make_app(tmp_path / "shop", _src_path="../tracks", _commit="v0.1.0")
    assert template_status(project).update_available is True


def test_remote_template_only_with_network(tmp_path: Path, template: dict[str, str]) -> None:
    url = f"file://{template['path']}"
    project = make_app(tmp_path / "shop", _src_path=url, _commit="v0.1.0")
    offline = template_status(project)
    assert (offline.source, offline.latest, offline.update_available) == (url, None, None)
    online = template_status(project, network=True)
    assert (online.latest, online.update_available) == ("v0.2.0", True)


@pytest.mark.parametrize(
    "answers",
    [
        {"_src_path": "https://127.0.0.1:1/none.git"},  # unreachable: unknown, not an error
        {"_src_path": "/nowhere/at/all"},
        {"_src_path": None},
        {"_commit": None},
    ],
)
def test_unknown_is_none_never_an_error(tmp_path: Path, answers: dict[str, object]) -> None:
    project = make_app(tmp_path / "shop", **answers)
    status = template_status(project, network=True)
    assert (status.latest, status.update_available) == (None, None)


def test_a_folder_without_git_has_no_releases(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    project = make_app(tmp_path / "shop", _src_path=str(tmp_path / "plain"))
    assert template_status(project).update_available is None


def write_run(root: Path, rel: str, **answers: object) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"_commit": "v0.2.0", "_src_path": "/t", **answers}))


def test_recipe_runs(tmp_path: Path) -> None:
    project = make_app(tmp_path / "shop")
    root = tmp_path / "shop"
    write_run(
        root,
        ".tracks/resource-post.yml",
        recipe="resource",
        name="post",
        fields="title:string body:text",
        auth=True,
    )
    write_run(root, ".tracks/page-about_us.yml", recipe="page", name="about_us")
    # A wiring declaration and a broken answers file are no runs.
    write_run(root, ".tracks/wiring/page-about_us.yml", recipe="page", name="about_us")
    (root / ".tracks/job-broken.yml").write_text(": not yaml: [")
    runs = recipe_runs(project)
    assert [(r.recipe, r.name, r.answers_file) for r in runs] == [
        ("page", "about_us", ".tracks/page-about_us.yml"),
        ("resource", "post", ".tracks/resource-post.yml"),
    ]
    page, post = runs
    assert (page.fields, page.auth, page.version) == (None, False, "v0.2.0")
    assert (post.fields, post.auth) == ("title:string body:text", True)
    assert recipe_runs(make_app(tmp_path / "empty")) == []


def test_project_info(tmp_path: Path, template: dict[str, str]) -> None:
    project = make_app(
        tmp_path / "shop",
        _src_path=template["path"],
        database="postgres",
        email_provider="ses",
        queue_provider="sqs",
        oauth_providers=["github"],
        deploy_targets=[],
        ci_provider="github",
    )
    write_run(tmp_path / "shop", ".tracks/job-send_digest.yml", recipe="job", name="send_digest")
    info = project_info(project)
    assert info.root == tmp_path / "shop"
    assert (info.name, info.module_path, info.database, info.env_prefix) == (
        "shop",
        "example.com/shop",
        "postgres",
        "SHOP",
    )
    # sms and storage are not recorded: an older app has the template's defaults.
    assert info.providers == {"email": "ses", "sms": "log", "storage": "local", "queue": "sqs"}
    assert info.oauth_providers == ("github",)
    assert info.deploy_targets == ()
    assert info.ci_provider == "github"
    assert info.template.update_available is True
    assert [r.name for r in info.recipe_runs] == ["send_digest"]
    assert info.answers["email_provider"] == "ses"
