"""Retrospectives: the public pages and exports, and the reviewers' editing pages."""

from flask import Blueprint

bp = Blueprint("retrospectives", __name__, url_prefix="/retrospectives")
review_bp = Blueprint("review_retrospectives", __name__, url_prefix="/review/retrospectives")

from actiondays.web.retrospectives import (  # noqa: E402, F401 - registers the routes
    public_views,
    rendering,
    review_views,
)
