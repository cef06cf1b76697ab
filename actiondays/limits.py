"""Per-client rate limits (Flask-Limiter) and where their counters live.

Storage follows the deployment, never per-process state that workers would disagree on:

- `REDIS_URL` set: Redis, shared by every worker and host;
- otherwise, only when a single process serves (`RATELIMIT_SINGLE_PROCESS`, true for the
  embedded development default): `memory://`;
- several workers without Redis (production default): Flask-Limiter stays off and the
  database-backed sign-in throttle (`services/accounts.py`, table `sign_in_failures`) is the
  protection, as before.

Limits are named here so views (and later ones, such as the password reset) apply them by name:
`@limits.sign_in`, `@limits.second_factor`, `@limits.registration`, `@limits.password_reset`,
`@limits.uploads`, `@limits.pdf_downloads`.
"""

import logging

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

log = logging.getLogger(__name__)

limiter = Limiter(key_func=get_remote_address)

#: Failed sign-ins per client; successful ones are never counted (deduct_when).
SIGN_IN = "10 per 15 minutes"
#: Wrong second-factor codes per client (the account's own count is in the database as well).
SECOND_FACTOR = "10 per 15 minutes"
REGISTRATION = "5 per hour"
PASSWORD_RESET = "5 per hour"  # noqa: S105 - a rate, not a password
UPLOADS = "30 per hour"
PDF_DOWNLOADS = "30 per minute"


def _failed(response) -> bool:
    """A sign-in attempt counts only when it did not sign anyone in (no redirect)."""
    return response.status_code != 302


def _account_or_client() -> str:
    """Signed-in work is limited per account, so colleagues behind one address don't collide."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


sign_in = limiter.limit(SIGN_IN, methods=["POST"], deduct_when=_failed, scope="sign-in")
second_factor = limiter.limit(
    SECOND_FACTOR, methods=["POST"], deduct_when=_failed, scope="second-factor"
)
registration = limiter.limit(REGISTRATION, methods=["POST"], scope="registration")
password_reset = limiter.limit(PASSWORD_RESET, methods=["POST"], scope="password-reset")
uploads = limiter.limit(UPLOADS, methods=["POST"], key_func=_account_or_client, scope="uploads")
pdf_downloads = limiter.limit(PDF_DOWNLOADS, scope="pdf")


def storage_uri(config) -> str | None:
    """Where the counters live, or None when no shared or single-process store exists."""
    if config.get("RATELIMIT_STORAGE_URI"):
        return config["RATELIMIT_STORAGE_URI"]
    if config.get("REDIS_URL"):
        return config["REDIS_URL"]
    if config.get("RATELIMIT_SINGLE_PROCESS"):
        return "memory://"
    return None


def init_app(app: Flask) -> None:
    """Bind the limiter with the storage the deployment allows (see the module docstring)."""
    uri = storage_uri(app.config)
    if uri is None:
        app.config["RATELIMIT_ENABLED"] = False
        log.info("rate limits off: several workers without REDIS_URL use the database throttle")
    else:
        app.config["RATELIMIT_STORAGE_URI"] = uri
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
