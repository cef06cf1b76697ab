"""The admins' area: accounts, campaigns and themes."""

from flask import Blueprint

from actiondays.services.permissions import can_use_admin_area
from actiondays.web.auth.guards import guard_area

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_area(bp, can_use_admin_area)

from actiondays.web.admin import (  # noqa: E402, F401 - routes
    views_invite,
    views_mail,
    views_portal,
    views_reference,
    views_second_factor,
    views_users,
)
