"""Configuration classes; secrets and the database come from the environment."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production, see ProductionConfig


def _sqlite_default() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'actiondays.sqlite3'}"


def _flag(name: str, default: str = "0") -> bool:
    """A 0/1 environment switch."""
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


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
    # This host's feed body files (services/feeds.py); unset: instance/feed-cache.
    FEED_CACHE_DIR = os.environ.get("FEED_CACHE_DIR")
    # Unchanged feeds answered again by each worker before Flask, revalidated on every
    # request (web/public/replay.py); an entry lives at most this long, 0 turns it off.
    FEED_REPLAY_SECONDS = int(os.environ.get("FEED_REPLAY_SECONDS", "60"))
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")
    EVENTS_PER_PAGE = 20
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Remember-me: one cookie per sign-in, revocable (web/sessions.py), 30 days at most.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_NAME = "remember_token"
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    # Strict-Transport-Security is sent only where the site is served over https (production).
    HSTS = False
    # frame-ancestors of pages marked @embeddable (web/security.py); all others: 'none'.
    EMBED_ANCESTORS = os.environ.get("EMBED_ANCESTORS", "*")
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted
    # (so feed links come out as https behind a TLS-terminating proxy); 0 trusts none.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Rate limits (actiondays/limits.py): Redis when REDIS_URL is set; memory:// only where one
    # process serves; otherwise off, and the database-backed sign-in throttle protects.
    RATELIMIT_SINGLE_PROCESS = os.environ.get("RATELIMIT_SINGLE_PROCESS", "1") == "1"
    RATELIMIT_KEY_PREFIX = "actiondays"
    # Roles that must use two-step sign-in (TOTP), comma-separated: admin, reviewer, organiser,
    # funding_officer (anyone holding a funding programme). Empty: optional for everyone.
    SECOND_FACTOR_REQUIRED = os.environ.get("SECOND_FACTOR_REQUIRED", "")
    # Demo data and its documented passwords exist only outside production.
    ALLOW_DEMO_DATA = True
    # Mail (see README "Mail"): file (instance/mail/), console or smtp; Flask-Mailman sends.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FILE_PATH = str(INSTANCE_DIR / "mail")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_USE_SSL = _flag("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Aktionstage gegen Kinderarmut <aktionstage@localhost>"
    )
    MAIL_TIMEOUT = 30
    # Links in mails sent outside a request (cron, CLI) start with this address.
    MAIL_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")
    # Deliver due mail right after the request that queued it (the embedded default); with a
    # worker or cron running `flask mail send`, switch it off.
    MAIL_DELIVER_AFTER_REQUEST = _flag("MAIL_DELIVER_AFTER_REQUEST", "1")
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
    # Rendered PDFs of this test process (actiondays/web/retrospectives/pdf_cache.py).
    PDF_CACHE_DIR = os.path.join(tempfile.gettempdir(), f"actiondays-pdf-cache-{os.getpid()}")
    # Feed body files of this test process (services/feeds.py).
    FEED_CACHE_DIR = os.path.join(tempfile.gettempdir(), f"actiondays-feed-cache-{os.getpid()}")
    # Limits are tested on their own app (tests/security/test_limits.py); elsewhere they would
    # make the outcome of one test depend on the requests of the others.
    RATELIMIT_ENABLED = False
    EVENTS_PER_PAGE = 5
    # Tests deliver explicitly (to an aiosmtpd server on 127.0.0.1, see tests/mail/).
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "127.0.0.1"
    MAIL_DELIVER_AFTER_REQUEST = False


class ProductionConfig(Config):
    """Production: PostgreSQL via DATABASE_URL, secure cookies, no demo data."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    # gunicorn runs several workers: memory:// counters would disagree (see limits.py).
    RATELIMIT_SINGLE_PROCESS = os.environ.get("RATELIMIT_SINGLE_PROCESS", "0") == "1"
    PREFERRED_URL_SCHEME = "https"
    ALLOW_DEMO_DATA = False
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_DELIVER_AFTER_REQUEST = _flag("MAIL_DELIVER_AFTER_REQUEST", "0")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
