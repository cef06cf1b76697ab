"""actiondays: planning, publishing and reviewing the action days against child poverty."""

import logging
import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def _load_config(app: Flask, config_name_or_object) -> None:
    import config

    if config_name_or_object is None:
        config_name_or_object = os.environ.get("ACTIONDAYS_CONFIG", "development")
    if isinstance(config_name_or_object, str):
        try:
            config_name_or_object = config.CONFIGS[config_name_or_object]
        except KeyError:
            raise RuntimeError(f"unknown configuration {config_name_or_object!r}") from None
    app.config.from_object(config_name_or_object)
    if isinstance(config_name_or_object, dict):
        app.config.update(config_name_or_object)
    if (
        not app.debug
        and not app.testing
        and (not app.config.get("SECRET_KEY") or app.config["SECRET_KEY"] == config.DEV_SECRET_KEY)
    ):
        raise RuntimeError("SECRET_KEY must be set to a random value outside development")


def _translation_directories() -> list[str]:
    """One catalogue per audience area (see scripts/i18n.py); Flask-Babel merges them."""
    base = Path(__file__).parent / "translations"
    return [str(p) for p in sorted(base.iterdir()) if p.is_dir()] if base.exists() else []


def create_app(config_name_or_object=None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI. Only wiring."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    _load_config(app, config_name_or_object)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Workers wait for SQLite's single write lock (a feed rebuild holds it) instead of
        # failing after the driver's default five seconds.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {"timeout": 60, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    Path(app.instance_path).mkdir(exist_ok=True)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    for noisy in ("alembic.runtime.plugins", "weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from sqlalchemy.orm import configure_mappers

    from actiondays import models  # noqa: F401 - registers every table
    from actiondays.extensions import babel, csrf, db, login_manager, migrate
    from actiondays.i18n import select_locale

    # Relationships resolved now, once per process, not by whichever request first uses the
    # ORM: that cost about 0.1 s in a fresh gunicorn worker (its first feed after a change).
    configure_mappers()

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=";".join(_translation_directories()),
    )
    login_manager.init_app(app)
    from actiondays import limits

    limits.init_app(app)

    from actiondays import mail

    mail.init_app(app)

    from actiondays.web import register_web

    register_web(app)

    from actiondays.cli import register_cli

    register_cli(app)

    from actiondays.web.public.replay import FeedReplay

    # Unchanged feeds answered before Flask (revalidated per request); inside ProxyFix, so
    # it sees the address the proxy was asked for.
    app.wsgi_app = FeedReplay(app, app.wsgi_app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    return app
