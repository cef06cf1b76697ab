"""Model rules that must hold on every write: sequence, uid, life cycle in the database."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from actiondays.errors import DomainError
from actiondays.extensions import db
from actiondays.models import Event
from tests.conftest import theme


def _reload(event: Event) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event.id)


def test_editing_a_published_event_increments_sequence(make_event):
    event = make_event()
    before = event.updated_at
    event.title = "Lesefest – neuer Termin"
    db.session.commit()
    event = _reload(event)
    assert event.sequence == 1
    assert event.updated_at > before


def test_every_change_to_a_published_event_increments_again(make_event):
    event = make_event()
    for number in range(1, 4):
        event.summary = f"Fassung {number}"
        db.session.commit()
        assert _reload(event).sequence == number


def test_moving_a_published_event_keeps_uid_and_raises_sequence(make_event):
    event = make_event()
    uid = event.uid
    event.set_timed(datetime(2013, 6, 20, 8, tzinfo=UTC), datetime(2013, 6, 20, 12, tzinfo=UTC))
    db.session.commit()
    event = _reload(event)
    assert event.uid == uid
    assert event.sequence == 1


def test_changing_themes_of_a_published_event_increments_sequence(make_event):
    event = make_event()
    event.themes.append(theme("gesundheit"))
    db.session.commit()
    assert _reload(event).sequence == 1


def test_cancelling_a_published_event_increments_sequence(make_event):
    event = make_event()
    event.cancel("Unwetterwarnung")
    db.session.commit()
    event = _reload(event)
    assert event.status == "cancelled"
    assert event.sequence == 1


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_editing_an_unpublished_event_keeps_sequence(make_event, status):
    event = make_event(status=status)
    event.title = "Noch in Arbeit"
    db.session.commit()
    assert _reload(event).sequence == 0


def test_publishing_does_not_increment_sequence(make_event):
    event = make_event(status="submitted")
    event.publish()
    db.session.commit()
    event = _reload(event)
    assert event.status == "published"
    assert event.sequence == 0
    assert event.published_at is not None


def test_saving_an_unchanged_published_event_keeps_sequence(make_event):
    event = make_event()
    event.title = event.title
    db.session.commit()
    assert _reload(event).sequence == 0


def test_uid_is_a_uuid_and_never_changes(make_event):
    event = make_event()
    assert len(event.uid) == 36
    with pytest.raises(DomainError):
        event.uid = "00000000-0000-0000-0000-000000000000"
    db.session.rollback()
    assert _reload(event).uid == event.uid


def test_each_event_gets_its_own_uid(make_event):
    uids = {make_event().uid for _ in range(3)}
    assert len(uids) == 3


def test_timestamps_come_back_timezone_aware(make_event):
    event = _reload(make_event())
    assert event.starts_at.tzinfo is not None
    assert event.created_at.tzinfo is not None


def test_stale_edit_is_detected_by_the_version_column(make_event, app):
    from sqlalchemy.orm.exc import StaleDataError

    event = make_event()
    with db.engine.begin() as conn:  # another worker saves first
        conn.execute(
            Event.__table__.update()
            .where(Event.__table__.c.id == event.id)
            .values(version=Event.__table__.c.version + 1)
        )
    event.title = "Meine Änderung"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()


def test_action_day_without_region_is_refused_by_the_database(make_event):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        make_event(region_slug="does-not-exist")
    db.session.rollback()
    assert db.session.scalars(select(Event)).all() == []


def test_statewide_ideas_workshop_needs_no_region(make_event):
    event = make_event(kind="ideas_workshop", region_slug="does-not-exist")
    assert event.region is None
