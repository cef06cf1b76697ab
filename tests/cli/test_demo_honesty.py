"""The demo reads like real data and never lies about time."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from actiondays.db import UTCDateTime
from actiondays.demo import POSTAL_CODES, create_demo_data, reference_moment
from actiondays.extensions import db
from actiondays.models import Event, EventKind, SitePage, User
from actiondays.services.listings import current_campaign

TODAY = date(2026, 3, 10)


@pytest.fixture
def demo(seeded):
    create_demo_data(TODAY)
    db.session.commit()


def test_no_record_timestamp_lies_after_today(demo):
    moment = reference_moment(TODAY)
    assert moment <= datetime(2026, 3, 10, tzinfo=UTC)
    late = {}
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, UTCDateTime) and column.name not in ("starts_at", "ends_at"):
                newest = db.session.scalar(select(func.max(column)))
                if newest is not None and newest > moment:
                    late[f"{table.name}.{column.name}"] = newest
    assert late == {}
    # Some events still lie ahead: the demo has an upcoming campaign to show.
    assert db.session.scalar(select(func.max(Event.starts_on))) > TODAY


def test_demo_campaign_is_the_one_shown_as_now(demo):
    shown = current_campaign(TODAY)
    assert shown is not None
    assert shown.year == 2026
    assert (
        db.session.scalar(
            select(func.count()).select_from(Event).where(Event.campaign_id == shown.id)
        )
        >= 30
    )


def test_demo_content_reads_like_real_entries(demo):
    events = db.session.scalars(select(Event)).all()
    summaries = {e.summary for e in events if e.kind == EventKind.ACTION_DAY}
    assert len(summaries) >= 15
    for event in events:
        assert event.venue_postal_code == POSTAL_CODES[event.venue_city], event.venue_city
        if event.target_age_min is not None:
            assert 0 <= event.target_age_min < event.target_age_max <= 18
    account_emails = set(db.session.scalars(select(User.email)))
    assert not {e.contact_email for e in events} & account_emails
    assert all(e.contact_email and e.contact_email.endswith(".example.org") for e in events)


def test_demo_ships_marked_sample_texts_in_both_languages(demo):
    pages = db.session.scalars(select(SitePage)).all()
    assert {(p.slug, p.language) for p in pages} >= {
        (slug, language)
        for slug in ("impressum", "datenschutz", "barrierefreiheit", "kontakt", "ueber")
        for language in ("de", "en")
    }
    for page in pages:
        assert "Mustertext" in page.body or "sample text" in page.body
