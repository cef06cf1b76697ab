"""Sign-in and sign-out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from actiondays.web.auth import views  # noqa: E402, F401 - registers the routes on bp
