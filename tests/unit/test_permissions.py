"""Permission predicates: pure functions over a user and an item (no database)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from actiondays.models import AccountStatus, Event, ReviewState, Role
from actiondays.services import permissions as p

S = ReviewState


def _user(role=Role.ORGANISER, status=AccountStatus.ACTIVE, regions=(1,)):
    return SimpleNamespace(
        id=7,
        role=role.value,
        status=status.value,
        is_authenticated=True,
        regions=[SimpleNamespace(id=r) for r in regions],
    )


def _item(status=S.DRAFT, region_id=1):
    return SimpleNamespace(state=status, status=status.value, region_id=region_id)


@pytest.mark.parametrize(
    ("role", "manage", "review", "admin"),
    [
        (Role.ORGANISER, True, False, False),
        (Role.REVIEWER, True, True, False),
        (Role.ADMIN, True, True, True),
    ],
)
def test_area_access_by_role(role, manage, review, admin):
    user = _user(role)
    assert p.can_use_manage_area(user) is manage
    assert p.can_use_review_area(user) is review
    assert p.can_use_admin_area(user) is admin


@pytest.mark.parametrize("status", [AccountStatus.PENDING, AccountStatus.DEACTIVATED])
@pytest.mark.parametrize("role", list(Role))
def test_inactive_accounts_may_do_nothing(role, status):
    user = _user(role, status)
    assert not p.can_use_manage_area(user)
    assert not p.can_act_for_region(user, 1)
    assert not p.can_edit_item(user, _item())


def test_anonymous_may_do_nothing():
    assert not p.can_use_manage_area(None)
    assert not p.can_view_item(None, _item())


def test_organiser_acts_only_for_own_regions():
    user = _user(regions=(1, 2))
    assert p.can_act_for_region(user, 2)
    assert not p.can_act_for_region(user, 3)
    assert not p.can_act_for_region(user, None)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_reviewers_act_for_every_region_and_statewide(role):
    assert p.can_act_for_region(_user(role, regions=()), 99)
    assert p.can_act_for_region(_user(role, regions=()), None)


@pytest.mark.parametrize(
    ("predicate", "allowed_states"),
    [
        (p.can_edit_item, {S.DRAFT, S.REJECTED, S.PUBLISHED}),
        (p.can_submit_item, {S.DRAFT}),
        (p.can_withdraw_item, {S.SUBMITTED}),
        (p.can_delete_item, {S.DRAFT}),
        (p.can_cancel_item, {S.PUBLISHED}),
    ],
)
@pytest.mark.parametrize("state", list(S))
def test_organiser_actions_by_state(predicate, allowed_states, state):
    assert predicate(_user(), _item(state)) is (state in allowed_states)
    assert predicate(_user(regions=(2,)), _item(state)) is False


@pytest.mark.parametrize("state", list(S))
def test_only_reviewers_review_and_only_submitted_items(state):
    assert p.can_review_item(_user(Role.REVIEWER), _item(state)) is (state == S.SUBMITTED)
    assert p.can_review_item(_user(Role.ORGANISER), _item(state)) is False


def test_report_only_after_a_published_event_has_ended(app):
    start = datetime(2026, 5, 1, 10, tzinfo=UTC)
    event = Event(status=S.PUBLISHED.value, region_id=1)
    event.set_timed(start, start + timedelta(hours=2))
    assert not p.can_report_on_event(_user(), event, start + timedelta(hours=1))
    assert p.can_report_on_event(_user(), event, start + timedelta(hours=2))
    assert not p.can_report_on_event(_user(regions=(2,)), event, start + timedelta(days=1))
