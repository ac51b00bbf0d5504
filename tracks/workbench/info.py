"""What a Tracks app is: its answers (name, module, driver, providers), the template version
it is at and whether ``tracks update`` has a newer one, and the recipe runs it records.

Everything is read from files and the local git history of the template; nothing here raises
for a fact it cannot know (it is None instead), so a dashboard can always show the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from hooks import runner
from model import layout
from model.errors import TracksError
from tracks.commands.provider_checks import CHECK_NAMES, QUESTIONS
from tracks.commands.update import is_recipe_answers, target_ref, template_path
from tracks.project import Project, read_answers
from tracks.source import app_version, commit_of, is_remote, newest_release, remote_tags

#: How long a look at a remote template's tags may take (``network=True`` only).
REMOTE_TIMEOUT = 5.0


@dataclass(frozen=True)
class TemplateStatus:
    """The template version an app is at, and the newest one ``tracks update`` would bring."""

    #: Where the app's template is (``_src_path``: a folder or a git URL).
    source: str | None
    #: The version the app is at (``_commit``: a tag such as ``v0.10.0``, ``v0.10.0-3-gabc1234``
    #: past it, or a commit hash).
    commit: str | None
    #: The newest release tag of the source; None when unknown (no tags, a remote source
    #: without ``network``, an unreachable one).
    latest: str | None
    #: Whether ``latest`` is newer than the app; None when unknown.
    update_available: bool | None


@dataclass(frozen=True)
class RecipeRun:
    """One ``tracks generate`` run recorded in the app (``.tracks/<recipe>-<name>.yml``)."""

    recipe: str
    name: str
    #: The template version it was rendered (or last updated) from (``_commit``).
    version: str | None
    #: Its answers file, relative to the app root.
    answers_file: str
    #: A resource's fields as given (``title:string body:text``); None for other recipes.
    fields: str | None = None
    #: A resource generated with ``--auth``.
    auth: bool = False


@dataclass(frozen=True)
class ProjectInfo:
    """A Tracks app at a glance."""

    root: Path
    name: str
    module_path: str | None
    #: ``go-libsql``, ``sqlite3`` or ``postgres``.
    database: str
    env_prefix: str
    #: The provider answers by kind: ``email``, ``sms``, ``storage``, ``queue`` (an answer an
    #: older app lacks is the template's default for it).
    providers: Mapping[str, str]
    oauth_providers: tuple[str, ...]
    deploy_targets: tuple[str, ...]
    ci_provider: str | None
    template: TemplateStatus
    recipe_runs: tuple[RecipeRun, ...]
    #: The whole ``.copier-answers.yml``.
    answers: Mapping[str, Any]


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),) if value not in (None, "") else ()


def _version(tag: str) -> Version | None:
    try:
        return Version(tag)
    except InvalidVersion:
        return None


def _newer_by_version(latest: str, commit: str) -> bool | None:
    """Whether release ``latest`` is newer than the release an app's ``_commit`` names."""
    at = app_version(commit)
    newest = _version(latest)
    if at is None or newest is None:
        return None
    return newest > at[0]


def _newer_in_git(where: str, latest: str, commit: str) -> bool | None:
    """Whether ``latest`` is newer than ``commit`` in the local git template ``where``: not one
    of its ancestors (what ``tracks update`` refuses as a downgrade); by version when the
    template does not have the app's commit (a render of uncommitted changes)."""
    if commit_of(where, commit) is None or commit_of(where, latest) is None:
        return _newer_by_version(latest, commit)
    behind = runner.capture(["git", "-C", where, "merge-base", "--is-ancestor", latest, commit])
    return not behind.ok


def template_status(project: Project, network: bool = False) -> TemplateStatus:
    """The app's template version and whether a newer release exists.

    A local template (a folder, as ``tracks new`` from a checkout records) is asked through
    git, offline. A remote one (a git URL) is asked only with ``network`` (``git ls-remote``,
    :data:`REMOTE_TIMEOUT` seconds); otherwise, and whenever anything fails, the unknown parts
    are None. Never raises.
    """
    source = _text(project.answers.get("_src_path"))
    commit = _text(project.answers.get("_commit"))
    unknown = TemplateStatus(source, commit, None, None)
    if source is None or commit is None:
        return unknown
    where = template_path(project.root, source)
    try:
        if is_remote(where):
            if not network:
                return unknown
            latest = newest_release(remote_tags(where, timeout=REMOTE_TIMEOUT))
            newer = _newer_by_version(latest, commit) if latest else None
        elif Path(where).is_dir():
            latest = target_ref(where, None)
            newer = _newer_in_git(where, latest, commit) if latest else None
        else:
            return unknown
    except TracksError:
        return unknown
    return TemplateStatus(source, commit, latest, newer)


def recipe_runs(project: Project) -> list[RecipeRun]:
    """The recipe runs recorded under ``.tracks/``, sorted by answers file; unreadable answers
    files are left out."""
    runs = []
    folder = project.root / layout.TRACKS_DIR
    for path in sorted(folder.glob("*.yml")):
        rel = f"{layout.TRACKS_DIR}/{path.name}"
        answers = read_answers(path) if is_recipe_answers(rel) else None
        if not answers or not answers.get("recipe") or not answers.get("name"):
            continue
        recipe = str(answers["recipe"])
        runs.append(
            RecipeRun(
                recipe=recipe,
                name=str(answers["name"]),
                version=_text(answers.get("_commit")),
                answers_file=rel,
                fields=_text(answers.get("fields")) if recipe == "resource" else None,
                auth=bool(answers.get("auth", False)),
            )
        )
    return runs


def project_info(project: Project, network: bool = False) -> ProjectInfo:
    """The app at a glance (see :class:`ProjectInfo`); ``network`` as for
    :func:`template_status`. Never raises."""
    answers = project.answers
    providers = {
        CHECK_NAMES[question]: str(answers.get(question) or default)
        for question, default in QUESTIONS.items()
    }
    return ProjectInfo(
        root=project.root,
        name=project.name,
        module_path=_text(answers.get("module_path")),
        database=project.database,
        env_prefix=project.env_prefix,
        providers=providers,
        oauth_providers=_words(answers.get("oauth_providers")),
        deploy_targets=_words(answers.get("deploy_targets")),
        ci_provider=_text(answers.get("ci_provider")),
        template=template_status(project, network=network),
        recipe_runs=tuple(recipe_runs(project)),
        answers=dict(answers),
    )
