"""The organisers' area: their events, projects, reports and the bulk import."""

from flask import Blueprint

from actiondays.services.permissions import can_use_manage_area
from actiondays.web.auth.guards import guard_area

bp = Blueprint("manage", __name__, url_prefix="/manage")
guard_area(bp, can_use_manage_area)

from actiondays.web.manage import views_events, views_import, views_projects  # noqa: E402, F401
