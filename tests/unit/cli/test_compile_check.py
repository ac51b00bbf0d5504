"""The check that ends `tracks generate`, `destroy` and `update`: every package, commands too,
compiles; when all is well nothing is printed and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.errors import TracksError
from tracks.commands import generate

GOOD = "package main\n\nfunc main() {}\n"
#: Compiles in no Go: a local variable declared and not used, in a main package (which
#: `go build` would also link) and in a library package.
BROKEN = "func broken() { unused := 1 }\n"


def module(root: Path, main: str, lib: str) -> Path:
    (root / "cmd/tool").mkdir(parents=True)
    (root / "internal/lib").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/check\n\ngo 1.22\n")
    (root / "cmd/tool/main.go").write_text(main)
    (root / "internal/lib/lib.go").write_text(lib)
    return root


@pytest.fixture(autouse=True)
def local_go(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Go here, outside any workspace."""
    monkeypatch.setenv("GOTOOLCHAIN", "local")
    monkeypatch.setenv("GOWORK", "off")


def test_a_compiling_app_passes_silently_and_writes_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = module(tmp_path / "app", GOOD, "package lib\n")
    generate.build(app)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")
    assert sorted(p.name for p in app.iterdir()) == ["cmd", "go.mod", "internal"]


@pytest.mark.parametrize(
    ("main", "lib", "where"),
    [
        (GOOD + BROKEN, "package lib\n", "cmd/tool/main.go"),
        (GOOD, "package lib\n\n" + BROKEN, "internal/lib/lib.go"),
    ],
    ids=["command", "library"],
)
def test_a_compile_error_anywhere_fails_with_the_compilers_message(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], main: str, lib: str, where: str
) -> None:
    app = module(tmp_path / "app", main, lib)
    with pytest.raises(TracksError) as caught:
        generate.build(app)
    out, err = capfd.readouterr()
    assert f"{where}:" in out + err and "declared and not used: unused" in out + err
    assert caught.value.exit_code == 1
    assert "does not compile" in caught.value.message
    assert "go build ./..." in caught.value.message
