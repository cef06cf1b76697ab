"""Configuration classes; secrets and the database come from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production, see ProductionConfig


def _sqlite_default() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'actiondays.sqlite3'}"


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url(_sqlite_default())
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")
    EVENTS_PER_PAGE = 20
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    # (so feed links come out as https behind a TLS-terminating proxy); 0 trusts none.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Demo data and its documented passwords exist only outside production.
    ALLOW_DEMO_DATA = True
    # Who runs the site (footer, Impressum) and the accessibility statement's fixed parts.
    SITE_OPERATOR = os.environ.get(
        "SITE_OPERATOR", "Landesstelle Aktionstage gegen Kinderarmut (Beispielbetreiber)"
    )
    SITE_OPERATOR_ADDRESS = os.environ.get(
        "SITE_OPERATOR_ADDRESS", "Musterstraße 1, 30159 Hannover (Beispieladresse)"
    )
    SITE_OPERATOR_EMAIL = os.environ.get("SITE_OPERATOR_EMAIL", "kontakt@example.org")
    ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-12-01")
    CONCILIATION_BODY = os.environ.get(
        "CONCILIATION_BODY",
        "Schlichtungsstelle nach dem Niedersächsischen Behindertengleichstellungsgesetz (NBGG) "
        "bei der Landesbeauftragten für Menschen mit Behinderungen",
    )
    CONCILIATION_BODY_URL = os.environ.get("CONCILIATION_BODY_URL", "")
    # Contact form: messages per sender address and hour; how long messages are kept.
    CONTACT_MESSAGES_PER_HOUR = int(os.environ.get("CONTACT_MESSAGES_PER_HOUR", "5"))
    CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "365"))
    # Account requests nobody approved are deleted after this many days (`flask purge`).
    PENDING_ACCOUNT_RETENTION_DAYS = int(os.environ.get("PENDING_ACCOUNT_RETENTION_DAYS", "90"))


class DevelopmentConfig(Config):
    """Local development on the embedded SQLite database."""

    DEBUG = True


class TestingConfig(Config):
    """The test suite: TEST_DATABASE_URL or a throw-away SQLite file chosen by the fixtures."""

    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite:///:memory:")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SERVER_NAME = "actiondays.test"
    EVENTS_PER_PAGE = 5


class ProductionConfig(Config):
    """Production: PostgreSQL via DATABASE_URL, secure cookies, no demo data."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    ALLOW_DEMO_DATA = False


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
