"""e2e tier over HTTP: uploads and downloads through the cloud storage providers (STORE-2,
STORE-5, STORE-6): the AWS app's S3 and the alt app's R2, both against the session's moto
(R2 speaks the S3 API; its endpoint and keys are the app's own R2 settings, never the AWS
chain).

Each app (tests/support/provider_apps.py, a `document` resource whose attachment is a file)
runs in production on a bucket of its own, made first (production checks it exists), with a
1 MiB upload cap. A PNG goes in through the resource's multipart form as a browser posts it;
its page links a presigned URL to the bucket for the default 15 minutes and allows images
from the bucket's origin (CSP img-src); the link gives back the same bytes; the object is in
the bucket; refused uploads (too large, SVG) leave the bucket as it was; deleting the row
deletes the object.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.test_files_http import MAX_UPLOAD, PNG, upload
from tests.e2e.test_web import PREFIX, production_env
from tests.support import authflow, server
from tests.support.moto import ACCESS_KEY_ID, SECRET_ACCESS_KEY, Moto

pytestmark = pytest.mark.e2e

#: The provider under test and the session app that has it.
PROVIDERS = {"s3": "aws_app", "r2": "alt_app"}
#: The presigned link on a document's page: any href carrying an S3 signature.
SIGNED = re.compile(r'href="([^"]*X-Amz-Signature=[^"]*)"')
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@dataclass
class Site:
    """A running app whose files go to bucket on moto."""

    server: server.RunningServer
    moto: Moto
    bucket: str

    def objects(self) -> list[str]:
        """The bucket's object keys, read through the S3 API (boto3)."""
        listed = self.moto.client("s3").list_objects_v2(Bucket=self.bucket)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    def show(self, path: str) -> server.Response:
        page = self.server.request("GET", path)
        assert page.status == 200, (page.status, page.body[:500])
        return page


def bucket_env(provider: str, moto: Moto, bucket: str) -> dict[str, str]:
    """The app's storage settings for bucket on moto: S3 through the AWS chain (moto.env()),
    R2 through its own endpoint and keys. moto serves buckets by path, not by host name."""
    env = {
        f"{PREFIX}_STORAGE_PROVIDER": provider,
        f"{PREFIX}_STORAGE_BUCKET": bucket,
        f"{PREFIX}_STORAGE_S3_FORCE_PATH_STYLE": "true",
    }
    if provider == "s3":
        return {**moto.env(), **env}
    return {
        **env,
        f"{PREFIX}_STORAGE_R2_ENDPOINT": moto.endpoint,
        f"{PREFIX}_STORAGE_R2_ACCESS_KEY_ID": ACCESS_KEY_ID,
        f"{PREFIX}_STORAGE_R2_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
    }


@pytest.fixture(scope="module", params=list(PROVIDERS))
def site(
    request: pytest.FixtureRequest, moto: Moto, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    provider = str(request.param)
    app: Path = request.getfixturevalue(PROVIDERS[provider])
    tmp = tmp_path_factory.mktemp(f"storage-{provider}")
    moto.start()  # running again if a test of another module stopped it
    bucket = f"shop-files-{provider}-{uuid.uuid4().hex[:8]}"
    moto.client("s3").create_bucket(Bucket=bucket)
    env = production_env(
        {f"{PREFIX}_DATABASE_URL": f"file:{tmp / 'files.db'}"},
        MIDDLEWARE_RATE_LIMIT_REQUESTS="0",
        STORAGE_MAX_UPLOAD_BYTES=str(MAX_UPLOAD),
        EMAIL_PROVIDER="smtp",  # production_required's SMTP settings: no mail is sent here
        JOBS_PROVIDER="memory",
    )
    env.update(bucket_env(provider, moto, bucket))
    running = authflow.start_app(app, PREFIX, env, tmp / "server.log")
    yield Site(running, moto, bucket)
    assert running.terminate() == 0, running.log()


def upload_png(site: Site) -> tuple[str, str]:
    """Upload PNG through the form; the document's page path and its presigned link."""
    resp = upload(site.server, "photo.png", PNG)
    assert resp.status == 303, (resp.status, resp.body[:500])
    show = resp.headers["Location"]
    (link,) = SIGNED.findall(site.show(show).body.decode())
    return show, html.unescape(link)


def test_a_png_round_trips_through_the_bucket(site: Site) -> None:
    before = site.objects()
    show, link = upload_png(site)

    url = urlsplit(link)
    assert f"{url.scheme}://{url.netloc}" == site.moto.endpoint, link
    assert url.path.startswith(f"/{site.bucket}/uploads/") and url.path.endswith(".png"), link
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["900"], link  # storage.signed_url_ttl's default, 15m

    resp = server.get(link)
    assert resp.status == 200, (resp.status, resp.body[:300])
    assert hashlib.sha256(resp.body).hexdigest() == hashlib.sha256(PNG).hexdigest()

    key = url.path.removeprefix(f"/{site.bucket}/")
    assert site.objects() == sorted([*before, key])

    # The server allows pages images from the bucket's origin (learnt at startup).
    csp = site.show(show).headers["Content-Security-Policy"]
    img_src = re.search(r"(?:^|;)\s*img-src ([^;]*)", csp)
    assert img_src, csp
    assert site.moto.endpoint in img_src.group(1).split(), csp


def test_an_upload_over_the_cap_is_413_and_stores_nothing(site: Site) -> None:
    before = site.objects()
    resp = upload(site.server, "big.png", PNG + secrets.token_bytes(2 * MAX_UPLOAD))
    assert resp.status == 413, (resp.status, resp.body[:300])
    assert site.objects() == before


def test_an_svg_is_422_and_stores_nothing(site: Site) -> None:
    before = site.objects()
    resp = upload(site.server, "logo.svg", SVG)
    assert resp.status == 422, (resp.status, resp.body[:300])
    assert "must be a PNG, JPEG, GIF, WebP or PDF" in resp.body.decode()
    assert site.objects() == before


def test_deleting_the_row_deletes_its_object(site: Site) -> None:
    show, link = upload_png(site)
    key = urlsplit(link).path.removeprefix(f"/{site.bucket}/")
    assert key in site.objects()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Sec-Fetch-Site": "same-origin",
        "Origin": site.server.base_url,
    }
    resp = site.server.request("POST", show + "/delete", headers, b"")
    assert resp.status == 303, (resp.status, resp.body[:300])
    assert key not in site.objects()
    # The link now finds nothing. S3 says so with 404 (NoSuchKey) or, to a caller without
    # s3:ListBucket, 403; moto 5.2.5 answers 403 for a link with response-content-disposition
    # to a missing key (its signature check of that fallback mishandles the parameter).
    gone = server.get(link)
    assert gone.status in (403, 404), (gone.status, gone.body[:300])
    assert PNG[:16] not in gone.body
