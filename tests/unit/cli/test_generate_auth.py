"""`tracks generate resource NAME FIELD... --auth`: the flag is parsed, reaches the recipe as its
`auth` answer, and is refused for recipes without routes of their own to guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.cli import build_parser, main
from tracks.commands import generate

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("argv", "fields", "auth"),
    [
        (["title:string", "--auth"], ["title:string"], True),
        (["title:string", "body:text", "--auth", "--dry-run"], ["title:string", "body:text"], True),
        (["title:string"], ["title:string"], False),
    ],
)
def test_the_auth_flag_is_parsed_after_the_fields(
    argv: list[str], fields: list[str], auth: bool
) -> None:
    args = build_parser().parse_args(["generate", "resource", "post", *argv])
    assert (args.recipe, args.name, args.fields, args.auth) == ("resource", "post", fields, auth)


def test_the_auth_flag_reaches_generate(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake_generate(recipe: str, name: str, args: list[str], **options: object) -> int:
        seen.update(recipe=recipe, name=name, args=args, **options)
        return 0

    monkeypatch.setattr(generate, "generate", fake_generate)
    assert main(["generate", "resource", "post", "title:string", "--auth"]) == 0
    assert seen["recipe"] == "resource" and seen["args"] == ["title:string"]
    assert seen["auth"] is True
    assert main(["generate", "resource", "post", "title:string"]) == 0
    assert seen["auth"] is False


@pytest.mark.parametrize("recipe", [r for r in generate.RECIPES if r != "resource"])
def test_auth_is_refused_for_other_recipes(recipe: str) -> None:
    with pytest.raises(TracksError) as caught:
        generate.check_auth(recipe, auth=True)
    assert caught.value.exit_code == 2
    assert f"--auth is for resources only, not {recipe}" in caught.value.message
    generate.check_auth(recipe, auth=False)
    generate.check_auth("resource", auth=True)


def test_auth_on_another_recipe_exits_2_before_writing(
    fake_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(fake_project)
    before = sorted(p.relative_to(fake_project) for p in fake_project.rglob("*"))
    assert main(["generate", "handler", "reports", "--auth"]) == 2
    assert "--auth is for resources only, not handler" in capsys.readouterr().err
    assert sorted(p.relative_to(fake_project) for p in fake_project.rglob("*")) == before
