"""tests.support.pubsub and tools.pstestd: pstestd builds from this repository into the tools
cache, serves Pub/Sub on a fixed loopback port, and is down between stop() and start()."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.support import tools
from tests.support.pubsub import Pstest

pytestmark = pytest.mark.unit


def _answers(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=2):
            return True
    except OSError:
        return False


def test_env_points_an_app_at_the_server(tmp_path: Path) -> None:
    server = Pstest(tmp_path, port=5998)
    env = server.env("SHOP")
    assert env["PUBSUB_EMULATOR_HOST"] == "127.0.0.1:5998"
    assert env["SHOP_JOBS_PROVIDER"] == "pubsub"
    assert env["SHOP_JOBS_AUTO_CREATE"] == "true"
    for name in ("PROJECT_ID", "TOPIC", "SUBSCRIPTION", "DLQ_TOPIC"):
        assert env[f"SHOP_JOBS_PUBSUB_{name}"]


def test_local_tool_version_follows_go_sources(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.test/x\n")
    (tmp_path / "main.go").write_text("package main\n")
    tool = tools.LocalGoTool(name="x", source=tmp_path)
    before = tool.version
    (tmp_path / "README").write_text("not a Go source\n")
    assert tool.version == before
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    assert tool.version != before
    assert tool.path.parent.name == tool.version
    assert tool.path.name == "x"


def test_pstestd_source_is_its_own_module() -> None:
    tool = tools.pstestd()
    mod = (tool.source / "go.mod").read_text()
    assert "cloud.google.com/go/pubsub/v2 v2.9.0" in mod
    assert (tool.source / "go.sum").exists()


def test_server_serves_stops_and_returns_on_the_same_port(tmp_path: Path) -> None:
    server = Pstest(tmp_path)
    server.start()
    try:
        assert server.running
        assert _answers(server.address)
        server.stop()
        assert not server.running
        assert not _answers(server.address)
        server.start()
        assert _answers(server.address)
    finally:
        server.stop()


def test_start_fails_with_the_log_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = Pstest(tmp_path, port=taken.getsockname()[1])
        with pytest.raises(AssertionError, match="pstestd did not start"):
            server.start()
        assert not server.running
