"""The event services with an explicit actor: every transition is audited; wrong actors and
illegal transitions raise and change nothing."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from actiondays.errors import InvalidTransition
from actiondays.extensions import db
from actiondays.models import AuditEntry, Role
from actiondays.models.event import BERLIN
from actiondays.services import events as service
from actiondays.services.permissions import PermissionDenied


@pytest.fixture
def event_in(make_event, open_campaign):
    def _make(status):
        day = datetime.now(BERLIN).date() + timedelta(days=5)
        return make_event(campaign=open_campaign, day=day, status=status)

    return _make


CASES = [
    ("draft", service.submit_event, Role.ORGANISER, (), "submitted", "submit"),
    ("submitted", service.withdraw_event, Role.ORGANISER, (), "draft", "withdraw"),
    ("submitted", service.publish_event, Role.REVIEWER, (), "published", "publish"),
    ("submitted", service.reject_event, Role.REVIEWER, ("Unklar",), "rejected", "reject"),
    ("published", service.cancel_event, Role.ORGANISER, ("Regen",), "cancelled", "cancel"),
]


@pytest.mark.parametrize(("before", "change", "role", "args", "after", "action"), CASES)
def test_transition_is_audited_with_its_actor(
    event_in, make_user, before, change, role, args, after, action
):
    actor = make_user(role)
    event = event_in(before)
    change(event, actor, *args)
    db.session.commit()
    assert event.status == after
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.object_id) == (action, actor.id, event.id)
    assert entry.changes["status"] == [before, after]


@pytest.mark.parametrize(("before", "change", "role", "args", "after", "action"), CASES)
def test_organiser_of_another_region_may_not(
    event_in, make_user, before, change, role, args, after, action
):
    outsider = make_user(Role.ORGANISER, regions=("landkreis-goslar",))
    event = event_in(before)
    with pytest.raises(PermissionDenied):
        change(event, outsider, *args)
    db.session.rollback()
    assert event.status == before
    assert db.session.scalars(select(AuditEntry)).all() == []


@pytest.mark.parametrize("change", [service.reject_event, service.cancel_event])
def test_reasons_are_required(event_in, make_user, change):
    status = "submitted" if change is service.reject_event else "published"
    event = event_in(status)
    with pytest.raises(InvalidTransition):
        change(event, make_user(Role.ADMIN), "  ")
    db.session.rollback()
    assert event.status == status


def test_organisers_cannot_publish_their_own_event(event_in, make_user):
    event = event_in("submitted")
    with pytest.raises(PermissionDenied):
        service.publish_event(event, make_user(Role.ORGANISER))


def test_deleting_a_draft_keeps_an_audit_entry(event_in, make_user):
    actor = make_user()
    event = event_in("draft")
    event_id = event.id
    service.delete_event(event, actor)
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.object_id) == ("delete", event_id)
    assert entry.changes["title"][0] == "Lesefest in der Stadtbibliothek"
