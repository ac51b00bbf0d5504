"""The two apps of the provider e2e tier, each rendered and built once per session and shared
by every test that exercises providers over HTTP (issue 11, "Matrix (build tier)"):

- the AWS app: go-libsql with ses, sns, s3 and sqs (against moto);
- the alt app: go-libsql with sendgrid, twilio, r2 and pubsub (against the SendGrid and
  Twilio fakes, moto standing in for R2, and pstest).

Both carry what those tests need: a `document` resource whose `attachment` is a file upload
(generated without --auth, so uploads need no login) and the `send_digest` job, its handler
filled in to leave marks the tests count (see add_send_digest); bin/server and bin/admin are
built. Renders and builds are the expensive part of the tier, hence one of each per session.

Tests that are not about some provider point it elsewhere with `plain_env` (local storage,
the memory queue), which every generated app keeps beside its cloud providers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import seeds
from tests.support.gocmd import run
from tests.support.paths import DEFAULT_DRIVER
from tests.support.render import answers, render
from tests.support.resources import generate

AWS = "aws"
ALT = "alt"
#: The provider answers of each app (the database is DEFAULT_DRIVER for both).
ANSWERS: dict[str, dict[str, str]] = {
    AWS: {
        "email_provider": "ses",
        "sms_provider": "sns",
        "storage_provider": "s3",
        "queue_provider": "sqs",
    },
    ALT: {
        "email_provider": "sendgrid",
        "sms_provider": "twilio",
        "storage_provider": "r2",
        "queue_provider": "pubsub",
    },
}
#: The resource the storage tests upload through: a title and a required file.
DOCUMENT_FIELDS = ("title:string", "attachment:file")
#: The job the jobs tests enqueue, and the file its handler lives in.
JOB = "send_digest"
HANDLER = "internal/jobs/tasks/send_digest.go"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first old in the file at path with new; old must be there."""
    text = path.read_text()
    assert old in text, f"{path} no longer contains {old!r}: the job recipe changed"
    path.write_text(text.replace(old, new, 1))


def add_send_digest(app: Path) -> Path:
    """Generate send_digest in app and fill its handler in the way a user would: it appends
    the payload's id to the file the payload's `marker` names (so a test counts runs), and a
    payload with `"fail": true` then fails permanently (straight to the dead letters)."""
    generate(app, "job", JOB)
    handler = app / HANDLER
    edit(
        handler,
        '\tID string `json:"id"`\n}',
        '\tID     string `json:"id"`\n'
        '\tMarker string `json:"marker"`\n'
        '\tFail   bool   `json:"fail"`\n}',
    )
    edit(
        handler,
        "\t\t// Do the work here",
        '\t\tif p.Marker != "" {\n'
        "\t\t\tif err := appendLine(p.Marker, p.ID); err != nil {\n"
        "\t\t\t\treturn err\n"
        "\t\t\t}\n"
        "\t\t}\n"
        "\t\tif p.Fail {\n"
        '\t\t\treturn jobs.Permanent(errors.New("send_digest: told to fail"))\n'
        "\t\t}\n"
        "\t\t// Do the work here",
    )
    handler.write_text(
        handler.read_text().replace('import (\n\t"context"', 'import (\n\t"context"\n\t"os"', 1)
        + "\n// appendLine adds line to the file at path, made if missing.\n"
        "func appendLine(path, line string) error {\n"
        "\tf, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)\n"
        "\tif err != nil {\n"
        "\t\treturn err\n"
        "\t}\n"
        '\tif _, err := f.WriteString(line + "\\n"); err != nil {\n'
        "\t\t_ = f.Close()\n"
        "\t\treturn err\n"
        "\t}\n"
        "\treturn f.Close()\n"
        "}\n"
    )
    run(app, "gofmt", "-w", HANDLER)  # the added import, sorted
    return app


def build_binaries(app: Path) -> Path:
    run(app, "go", "build", "-o", "bin/server", "./cmd/server")
    run(app, "go", "build", "-o", "bin/admin", "./cmd/admin")
    return app


def provider_app(dst: Path, kind: str) -> Path:
    """Render the AWS or the alt app into dst, add the document resource and send_digest,
    build bin/server and bin/admin."""
    app = render(dst, answers(DEFAULT_DRIVER, **ANSWERS[kind]))
    generate(app, "resource", "document", *DOCUMENT_FIELDS)
    add_send_digest(app)
    return build_binaries(app)


def plain_env(prefix: str, tmp: Path) -> dict[str, str]:
    """Settings that take storage and the queue off their cloud providers (local files in tmp,
    the in-process memory queue): for tests about other providers, which would otherwise
    need a bucket and queues to start in production."""
    return {
        f"{prefix}_STORAGE_PROVIDER": "local",
        f"{prefix}_STORAGE_LOCAL_DIR": str(tmp / "uploads"),
        f"{prefix}_JOBS_PROVIDER": "memory",
    }


@pytest.fixture(scope="session")
def aws_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AWS app (ses, sns, s3, sqs), built once per run; a copy per xdist worker."""
    return seeds.copy_of(tmp_path_factory, "provider-aws", lambda d: provider_app(d, AWS), "shop")


@pytest.fixture(scope="session")
def alt_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The alt app (sendgrid, twilio, r2, pubsub), built once per run; a copy per xdist
    worker."""
    return seeds.copy_of(tmp_path_factory, "provider-alt", lambda d: provider_app(d, ALT), "shop")
