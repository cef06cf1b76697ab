"""The reviewers' area: the queue of submitted items, campaign progress, account approval."""

from flask import Blueprint

from actiondays.services.permissions import can_use_review_area
from actiondays.web.auth.guards import guard_area

bp = Blueprint("review", __name__, url_prefix="/review")
guard_area(bp, can_use_review_area)

from actiondays.web.review import views  # noqa: E402, F401 - registers the routes on bp
