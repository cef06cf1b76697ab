"""Funding: the applicants' and officers' area (/funding) and its administration
(/admin/funding). Object rules (own application, officer of the programme) come from
`services.permissions`; the blueprints only check that someone active is signed in (or an admin).
"""

from flask import Blueprint

from actiondays.services.permissions import can_manage_funding, can_use_manage_area
from actiondays.web.auth.guards import guard_area

bp = Blueprint("funding", __name__, url_prefix="/funding")
guard_area(bp, can_use_manage_area)
admin_bp = Blueprint("funding_admin", __name__, url_prefix="/admin/funding")
guard_area(admin_bp, can_manage_funding)

from actiondays.web.funding import views_admin, views_applications, views_officers  # noqa: E402, F401
