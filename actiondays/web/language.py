"""The language switch: a plain link that stores the choice in a cookie."""

from flask import Blueprint, abort, current_app, redirect, request

from actiondays.i18n import LANGUAGE_COOKIE
from actiondays.web.helpers import safe_next_url

bp = Blueprint("language", __name__)


@bp.get("/language/<code>")
def set_language(code: str):
    """Remember the chosen interface language and return to the page the visitor came from."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_next_url(request.args.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response
