"""Shared fixtures: one migrated database per session, emptied after every test."""

import os
import re
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, select, text

import config
from actiondays import create_app
from actiondays.extensions import db
from actiondays.models import (
    AccountStatus,
    Campaign,
    Event,
    EventKind,
    Region,
    ReviewState,
    Role,
    Theme,
    User,
)
from actiondays.models.event import BERLIN
from actiondays.services.reference import seed_reference_data

TEST_PASSWORD = "richtig-langes-passwort"


def _weasyprint_loads() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


#: PDF tests need WeasyPrint with the system's Pango; CI sets REQUIRE_PDF so they cannot skip.
needs_pdf = pytest.mark.skipif(
    not _weasyprint_loads() and not os.environ.get("REQUIRE_PDF"),
    reason="WeasyPrint cannot load Pango here (apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0); CI requires it",
)


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """TEST_DATABASE_URL (wiped) when set, else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _app(database_url):
    """The application, with its schema built by running the migrations."""
    app = create_app(
        {**_config_dict(config.TestingConfig), "SQLALCHEMY_DATABASE_URI": database_url}
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()
    app.extensions["feed_replay"].dispose()
    # This process's cache directories (config.TestingConfig): rendered PDFs, feed bodies.
    for key in ("PDF_CACHE_DIR", "FEED_CACHE_DIR"):
        shutil.rmtree(app.config[key], ignore_errors=True)


def _config_dict(cls) -> dict:
    return {key: getattr(cls, key) for key in dir(cls) if key.isupper()}


@pytest.fixture
def app(_app):
    """The application inside an app context; every table is emptied afterwards."""
    with _app.app_context():
        yield _app
        # Feed responses remembered for replay (web/public/replay.py) belong to this test.
        _app.extensions["feed_replay"].clear()
        db.session.rollback()
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            # DELETE (children first) beats TRUNCATE on PostgreSQL for tables this small.
            # The data version only ever grows; its row stays (triggers count into it).
            for table in (t for t in tables if t != "data_versions"):
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - names from metadata


@pytest.fixture
def client(app):
    """A test client (CSRF stays enabled)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for `flask --app actiondays ...` commands."""
    return app.test_cli_runner()


@pytest.fixture
def seeded(app):
    """Reference data: regions, themes and the historic campaigns, committed."""
    seed_reference_data()
    db.session.commit()


def region(slug: str) -> Region:
    return db.session.scalar(select(Region).where(Region.slug == slug))


def theme(slug: str) -> Theme:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def campaign(year: int) -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.year == year))


@pytest.fixture
def make_event(seeded) -> Callable[..., Event]:
    """Factory for committed events; defaults give a published 2013 action day in Hannover."""

    def _make(**overrides) -> Event:
        day = overrides.pop("day", date(2013, 6, 15))
        all_day = overrides.pop("all_day", False)
        themes = overrides.pop("themes", ["bildung"])
        year = overrides.pop("year", day.year)
        values = {
            "kind": EventKind.ACTION_DAY.value,
            "campaign": campaign(year),
            "region": region(overrides.pop("region_slug", "region-hannover")),
            "title": "Lesefest in der Stadtbibliothek",
            "summary": "Vorlesen, basteln, mitmachen.",
            "venue_name": "Stadtbibliothek",
            "venue_city": "Hannover",
            "venue_postal_code": "30159",
            "organisation": "Familienservicebüro",
            "status": ReviewState.PUBLISHED.value,
            "themes": [theme(slug) for slug in themes],
        }
        values.update(overrides)
        event = Event(**values)
        if all_day:
            event.set_all_day(day, day)
        else:
            start = datetime.combine(day, datetime.min.time(), BERLIN).replace(hour=10)
            event.set_timed(start.astimezone(UTC), (start + timedelta(hours=4)).astimezone(UTC))
        db.session.add(event)
        db.session.commit()
        return event

    return _make


@pytest.fixture
def make_user(seeded) -> Callable[..., User]:
    """Factory for committed accounts with TEST_PASSWORD."""
    counter = iter(range(1, 10_000))

    def _make(role: Role = Role.ORGANISER, regions=("region-hannover",), **overrides) -> User:
        values = {
            "email": f"user{next(counter)}@example.org",
            "name": "Test Person",
            "role": role.value,
            "status": AccountStatus.ACTIVE.value,
            "regions": [region(slug) for slug in regions] if role == Role.ORGANISER else [],
        }
        values.update(overrides)
        user = User(**values)
        user.set_password(TEST_PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return _make


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Context manager counting the SQL statements run inside it."""

    @contextmanager
    def _count():
        counter = QueryCounter()

        def _on_execute(_conn, _cursor, statement, *_args):
            counter.statements.append(statement)

        # The app's engine, and the one the feed replay checks with (web/public/replay.py).
        engines = {db.engine, app.extensions["feed_replay"].engine}
        for engine in engines:
            event.listen(engine, "before_cursor_execute", _on_execute)
        try:
            yield counter
        finally:
            for engine in engines:
                event.remove(engine, "before_cursor_execute", _on_execute)

    return _count


def html(response) -> BeautifulSoup:
    """Parse a response body as HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def csrf_token(response) -> str:
    """The CSRF token rendered into a page's form."""
    field = html(response).select_one("input[name=csrf_token]")
    assert field is not None, "page has no CSRF token"
    return field["value"]


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    """Sign in through the real login form, CSRF token included."""
    token = csrf_token(client.get("/login"))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login_as(client, make_user) -> Callable[..., User]:
    """Create an account with the given role (and regions) and sign it in via the form."""

    def _login(role: Role = Role.ORGANISER, regions=("region-hannover",), **overrides) -> User:
        user = make_user(role, regions, **overrides)
        response = sign_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


@pytest.fixture
def open_campaign(seeded) -> Campaign:
    """A campaign whose registration window is open today and whose action period runs from
    30 days ago to 60 days ahead (so events can lie in the past and in the future)."""
    today = datetime.now(BERLIN).date()
    current = Campaign(
        year=today.year + 100,
        title="Offene Testkampagne",
        registration_opens_on=today - timedelta(days=60),
        registration_closes_on=today + timedelta(days=30),
        action_starts_on=today - timedelta(days=30),
        action_ends_on=today + timedelta(days=60),
    )
    db.session.add(current)
    db.session.commit()
    return current


def event_form(campaign_id: int, region_id: int | None, theme_ids=(), **overrides) -> dict:
    """Valid values of the event form (a timed action day in ten days), as posted."""
    day = datetime.now(BERLIN).date() + timedelta(days=10)
    values = {
        "kind": "action_day",
        "campaign_id": str(campaign_id),
        "region_id": "" if region_id is None else str(region_id),
        "title": "Spielefest im Stadtpark",
        "summary": "Spielen, toben, mitmachen.",
        "description": "Für **alle** Kinder.",
        "themes": [str(t) for t in theme_ids],
        "start_date": day.isoformat(),
        "start_time": "10:00",
        "end_date": "",
        "end_time": "14:00",
        "venue_name": "Stadtpark",
        "venue_street": "Parkweg 1",
        "venue_postal_code": "30159",
        "venue_city": "Hannover",
        "organisation": "Kinderschutzbund",
        "project_id": "",
    }
    values.update(overrides)
    return values


def confirm_address(email: str) -> None:
    """Mark an account request's address as confirmed (as following the mailed link does)."""
    from actiondays.mail.outbox import settings_for
    from actiondays.models.user import normalise_email

    user = db.session.scalars(select(User).where(User.email == normalise_email(email))).one()
    settings_for(user).email_confirmed_at = datetime.now(UTC)
    db.session.commit()
