"""Request hardening in one place: security headers on every response, `no-store` for signed-in
pages, control characters in paths refused, a clean 503 while the database is unreachable, and
the `@embeddable` flag for pages other sites may show in a frame.

One `after_request` instead of Flask-Talisman: the policy is a handful of constant headers plus
the per-view frame exception, which Talisman would express with more configuration than code.
"""

import logging
import re
from collections.abc import Callable

from flask import Flask, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import InterfaceError, OperationalError

from actiondays.extensions import db

log = logging.getLogger(__name__)

#: No inline script or style anywhere: every script and stylesheet comes from /static.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors {ancestors}"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def embeddable(view: Callable) -> Callable:
    """Mark a view as meant for other sites' frames (`frame-ancestors` from EMBED_ANCESTORS)."""
    view.embeddable = True  # type: ignore[attr-defined]
    return view


def _is_embeddable() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "embeddable", False))


def refuse_control_characters():
    """NUL and other control characters never belong in a path: 400 before any query."""
    if _CONTROL.search(request.path):
        abort(400, description=_("The address contains characters that are not allowed."))


def add_security_headers(response):
    """The same policy on pages, feeds, downloads and error pages."""
    headers = response.headers
    if _is_embeddable():
        ancestors = current_app.config.get("EMBED_ANCESTORS", "*")
    else:
        ancestors = "'none'"
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault(
        "Content-Security-Policy", CONTENT_SECURITY_POLICY.format(ancestors=ancestors)
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    if _signed_in():
        # Personal pages must not stay in shared caches or the browser's back button history.
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    return response


def _signed_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except (OperationalError, InterfaceError):
        return False


def database_unavailable(error):
    """The database does not answer: a clean 503 page that needs no query to render."""
    log.error("database unavailable: %s", error.__class__.__name__)
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        db.session.close()
    body = render_template("security/unavailable.html")
    return body, 503, {"Retry-After": "30"}


def too_large(error):
    """An upload over MAX_CONTENT_LENGTH: 413 with a page that names the limit."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    megabytes = max(1, limit // (1024 * 1024))
    return render_template("security/too_large.html", megabytes=megabytes), 413


def too_many_requests(error):
    """A rate limit was reached: 429 with a page that says what to do."""
    response = current_app.make_response((render_template("security/too_many_requests.html"), 429))
    response.headers.setdefault("Retry-After", "60")
    return response


def register(app: Flask) -> None:
    """Install the hooks; called once from register_web."""
    from actiondays.services.passwords import MIN_LENGTH

    app.jinja_env.globals["min_password_length"] = MIN_LENGTH
    app.before_request(refuse_control_characters)
    app.after_request(add_security_headers)
    app.register_error_handler(413, too_large)
    app.register_error_handler(429, too_many_requests)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
