"""HTTP layer: one blueprint per audience, plus health, errors and the language switch."""

from flask import Flask, abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from actiondays.web import caching, errors, health, helpers, language, security, sessions
from actiondays.web.admin import bp as admin_bp
from actiondays.web.api import register_api
from actiondays.web.auth import bp as auth_bp
from actiondays.web.auth.guards import register_permissions
from actiondays.web.funding import admin_bp as funding_admin_bp
from actiondays.web.funding import bp as funding_bp
from actiondays.web.indicators import bp as indicators_bp
from actiondays.web.indicators import manage_bp as indicator_admin_bp
from actiondays.web.manage import bp as manage_bp
from actiondays.web.opendata import bp as opendata_bp
from actiondays.web.portal import bp as portal_bp
from actiondays.web.public import bp as public_bp
from actiondays.web.retrospectives import bp as retrospectives_bp
from actiondays.web.retrospectives import review_bp as review_retrospectives_bp
from actiondays.web.review import bp as review_bp


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to what an INTEGER column holds, so huge ids are a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _refuse_nul_bytes():
    """NUL bytes are never meaningful input and PostgreSQL text cannot hold them: 400."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, description=_("The request contains characters that are not allowed."))


def register_web(app: Flask) -> None:
    """Register every blueprint, error handler and template helper."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_refuse_nul_bytes)
    from actiondays.extensions import login_manager

    login_manager.user_loader(sessions.load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    app.register_blueprint(auth_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(language.bp)
    app.register_blueprint(retrospectives_bp)
    app.register_blueprint(review_retrospectives_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(opendata_bp)
    register_api(app)
    app.register_blueprint(funding_bp)
    app.register_blueprint(funding_admin_bp)
    app.register_blueprint(indicators_bp)
    app.register_blueprint(indicator_admin_bp)
    register_permissions(app)
    errors.register(app)
    helpers.register(app)
    security.register(app)
    caching.register(app)
