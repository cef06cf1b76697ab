"""Social-reporting indicators: public comparisons, and the catalogue for reviewers and admins."""

from flask import Blueprint

from actiondays.services.permissions import can_manage_indicators
from actiondays.web.auth.guards import guard_area

bp = Blueprint("indicators", __name__)
manage_bp = Blueprint("indicator_admin", __name__, url_prefix="/review/indicators")
guard_area(manage_bp, can_manage_indicators)


@bp.app_context_processor
def _charts():
    """`series_chart` for the region pages' indicator partial."""
    from actiondays.web.indicators.rendering import series_chart

    return {"series_chart": series_chart}


from actiondays.web.indicators import manage_views, public_views  # noqa: E402, F401
