"""Sign-in and sign-out, account requests, password changes."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from actiondays.web.auth import (  # noqa: E402, F401 - registers the routes
    second_factor,
    views,
    views_account,
    views_mail,
    views_security,
)
