"""Render tier (STORE-1..4): the storage answer chooses files, not runtime branches. Every app
has the local adapter, the key rules, the URL signer and the shared test suite; an app generated
with s3 or r2 adds the one S3 adapter (R2 is its options) and the server's bucket check, and
only r2 apps have the R2 settings. A local app carries no AWS SDK for storage."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from plumbum import local

from tests.support.paths import DEFAULT_DRIVER
from tests.support.render import answers, render

pytestmark = pytest.mark.render

STORAGE = "internal/storage"
ALWAYS = [
    f"{STORAGE}/storage.go",
    f"{STORAGE}/keys.go",
    f"{STORAGE}/signer.go",
    f"{STORAGE}/local.go",
    f"{STORAGE}/local_test.go",
    f"{STORAGE}/storagetest/storagetest.go",
    "internal/config/storage.go",
    "internal/config/storage_test.go",
    "cmd/server/storage.go",
]
BUCKET = [
    f"{STORAGE}/s3.go",
    f"{STORAGE}/s3_test.go",
    "cmd/server/storage_bucket.go",
    "cmd/server/storage_bucket_test.go",
]
# Each answer's own files (beyond ALWAYS), and text that must and must not appear in its Go
# files and go.mod.
CASES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "local": (
        [],
        [r'"storage.provider":\s+"local"'],
        ["service/s3", "transfermanager", r"\bstorage\.bucket\b", r"\bR2[A-Z]"],
    ),
    "s3": (
        BUCKET,
        [r'"storage.provider":\s+"s3"', "service/s3", "feature/s3/transfermanager", "HeadBucket"],
        [r"\bR2AccountID\b", "storage.r2_"],
    ),
    "r2": (
        BUCKET,
        [
            r'"storage.provider":\s+"r2"',
            r"r2\.cloudflarestorage\.com",
            r"storage\.R2Options\{",
            "RequestChecksumCalculationWhenRequired",
        ],
        [],
    ),
}


@pytest.fixture(scope="module")
def storage_app(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    cache: dict[str, Path] = {}

    def get(provider: str) -> Path:
        if provider not in cache:
            dst = tmp_path_factory.mktemp(f"storage-{provider}") / "shop"
            cache[provider] = render(dst, answers(DEFAULT_DRIVER, storage_provider=provider))
        return cache[provider]

    return get


def go_text(app: Path) -> dict[str, str]:
    """Every Go file of the app and its go.mod, by path."""
    files = [*sorted(app.rglob("*.go")), app / "go.mod"]
    return {p.relative_to(app).as_posix(): p.read_text() for p in files}


@pytest.mark.parametrize("provider", list(CASES))
def test_only_the_chosen_storage_is_rendered(
    storage_app: Callable[[str], Path], provider: str
) -> None:
    app = storage_app(provider)
    present, must, must_not = CASES[provider]
    for rel in ALWAYS + present:
        assert (app / rel).is_file(), f"{provider}: {rel} missing"
    for rel in set(BUCKET) - set(present):
        assert not (app / rel).exists(), f"{provider}: {rel} rendered"
    files = go_text(app)
    for pattern in must:
        assert any(re.search(pattern, t) for t in files.values()), f"{provider}: no {pattern!r}"
    for pattern in must_not:
        for rel, text in files.items():
            if rel.startswith(("internal/storage/", "internal/config/", "cmd/server/", "go.mod")):
                found = re.search(f".*{pattern}.*", text)
                assert found is None, f"{provider}: {rel} has {pattern!r}: {found.group(0).strip()}"


@pytest.mark.parametrize("provider", list(CASES))
def test_storage_go_is_gofmt_clean(storage_app: Callable[[str], Path], provider: str) -> None:
    app = storage_app(provider)
    present = CASES[provider][0]
    with local.cwd(app):
        unformatted = local["gofmt"]("-l", *ALWAYS, *present)
    assert unformatted.strip() == "", f"{provider}: gofmt would change:\n{unformatted}"
