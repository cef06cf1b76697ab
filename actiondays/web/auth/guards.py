"""Area guards: each audience's blueprint checks the role in `before_request`, so a forgotten
decorator cannot open an area. Object-level rules come from `services.permissions`."""

from collections.abc import Callable

from flask import Blueprint, abort, render_template
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from actiondays.extensions import db, login_manager
from actiondays.services import permissions
from actiondays.services.permissions import PermissionDenied
from actiondays.web.auth.labels import audit_label


def guard_area(bp: Blueprint, allowed: Callable[[object], bool]) -> None:
    """Anonymous visitors are sent to sign in; signed-in users without the role get 403."""

    @bp.before_request
    def _check_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not allowed(current_user):
            abort(403)
        return None


def register_permissions(app) -> None:
    """`can.*` predicates in every template; PermissionDenied from a service becomes a 403."""
    from actiondays.web.auth.views import home_url_for  # the views import this module

    app.jinja_env.globals["can"] = permissions
    app.jinja_env.globals["audit_label"] = audit_label
    app.jinja_env.globals["home_url_for"] = home_url_for

    @app.errorhandler(PermissionDenied)
    def _forbidden(_error):
        db.session.rollback()
        return render_template("errors/error.html", error=Forbidden()), 403
