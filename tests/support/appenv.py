"""Settings a generated app needs to start in production, beside its secret and database.

Production refuses to start without the public base URL and the email settings its login
emails need (CONF-5). Tests that start a production server take them from here, so a new
required setting is added in one place. The SMTP address is a closed loopback port: tests that
send email point it at Mailpit instead (tests.support.mailpit).
"""

from __future__ import annotations

#: Loopback http is allowed in production (it is refused for any other host).
BASE_URL = "http://127.0.0.1"


def production_required(prefix: str, **overrides: str) -> dict[str, str]:
    """The variables production insists on (besides SECRET_KEY), as PREFIX_NAME=value."""
    values = {
        "SERVER_BASE_URL": BASE_URL,
        "EMAIL_FROM": "no-reply@example.com",
        "EMAIL_SMTP_HOST": "127.0.0.1",
        "EMAIL_SMTP_PORT": "9",
        "EMAIL_SMTP_TLS": "none",
    }
    values.update(overrides)
    return {f"{prefix}_{name}": value for name, value in values.items()}
