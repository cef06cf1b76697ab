"""The public site: campaign, events, calendar and feeds."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from actiondays.web.public import (  # noqa: E402, F401 - registers the routes on bp
    calendar,
    directory,
    feeds,
    subscribe,
    views,
)
