"""The review life cycle: allowed and illegal transitions, reasons required."""

import pytest

from actiondays.errors import InvalidTransition
from actiondays.models import Event, Project, ReviewState
from actiondays.models.lifecycle import ALLOWED_TRANSITIONS

S = ReviewState
ALLOWED = [(old, new) for old, targets in ALLOWED_TRANSITIONS.items() for new in targets]
ILLEGAL = [
    (old, new) for old in S for new in S if old != new and new not in ALLOWED_TRANSITIONS[old]
]


@pytest.mark.parametrize("model", [Event, Project])
@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_transition_changes_state(app, model, old, new):
    item = model(status=old.value)
    item.status = new
    assert item.status == new.value


@pytest.mark.parametrize("model", [Event, Project])
@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_illegal_transition_raises_domain_error(app, model, old, new):
    item = model(status=old.value)
    with pytest.raises(InvalidTransition) as excinfo:
        item.status = new
    assert item.status == old.value
    assert "kann nicht von" in str(excinfo.value.message)


def test_published_event_cannot_go_back_to_draft(app):
    event = Event(status="published")
    with pytest.raises(InvalidTransition):
        event.return_to_draft()


def test_reject_requires_a_reason(app):
    event = Event(status="submitted")
    with pytest.raises(InvalidTransition) as excinfo:
        event.reject("   ")
    assert excinfo.value.field == "reason"
    assert event.status == "submitted"


def test_cancel_requires_a_reason_and_stores_it(app):
    event = Event(status="published")
    with pytest.raises(InvalidTransition):
        event.cancel("")
    event.cancel("  Krankheit  ")
    assert event.status == "cancelled"
    assert event.cancellation_reason == "Krankheit"
    assert event.cancelled_at is not None


def test_unknown_state_is_refused(app):
    with pytest.raises(ValueError, match="archived"):
        Event(status="archived")
