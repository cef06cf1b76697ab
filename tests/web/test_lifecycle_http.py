"""The life cycle over HTTP: submit, withdraw, delete, cancel, approve, reject; illegal ones."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Event, Role
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, html, text_of


@pytest.fixture
def own_event(make_event, open_campaign):
    """An event of Region Hannover in the open campaign, five days ahead."""

    def _make(status="draft", **overrides):
        day = datetime.now(BERLIN).date() + timedelta(days=overrides.pop("days", 5))
        return make_event(campaign=open_campaign, day=day, status=status, **overrides)

    return _make


def _post(client, path, **data):
    data["csrf_token"] = csrf_token(client.get("/manage/events/new"))
    return client.post(path, data=data)


def _status(event_id):
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    return event.status if event else None


def _actions(event_id):
    return [
        row.action
        for row in db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_id == event_id).order_by(AuditEntry.id)
        )
    ]


@pytest.mark.parametrize(
    ("before", "action", "after"),
    [
        ("draft", "submit", "submitted"),
        ("submitted", "withdraw", "draft"),
        ("draft", "delete", None),
    ],
)
def test_organiser_transitions(client, login_as, own_event, before, action, after):
    login_as()
    event = own_event(before)
    response = _post(client, f"/manage/events/{event.id}/{action}", confirm="y")
    assert response.status_code == 302
    assert _status(event.id) == after
    assert _actions(event.id) == [action]


@pytest.mark.parametrize(
    ("before", "action"),
    [
        ("published", "submit"),
        ("published", "delete"),
        ("submitted", "submit"),
        ("submitted", "delete"),
        ("rejected", "submit"),
        ("cancelled", "withdraw"),
        ("draft", "withdraw"),
        ("draft", "cancel"),
        ("cancelled", "cancel"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(
    client, login_as, own_event, before, action
):
    login_as()
    event = own_event(before)
    response = _post(client, f"/manage/events/{event.id}/{action}", reason="Grund", confirm="y")
    assert response.status_code == 403
    assert _status(event.id) == before
    assert _actions(event.id) == []


def test_cancelling_needs_a_reason(client, login_as, own_event):
    login_as()
    event = own_event("published")
    response = _post(client, f"/manage/events/{event.id}/cancel", reason="  ")
    assert response.status_code == 422
    assert "Bitte geben Sie einen Grund für die Absage an." in text_of(
        html(response).select_one(".cancel-form")
    )
    assert _status(event.id) == "published"


def test_cancelling_keeps_the_event_public_with_reason_and_higher_sequence(
    client, login_as, own_event
):
    login_as()
    event = own_event("published")
    response = _post(client, f"/manage/events/{event.id}/cancel", reason="Unwetter")
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert (event.status, event.cancellation_reason, event.sequence) == ("cancelled", "Unwetter", 1)
    public = html(client.get(f"/events/{event.id}"))
    assert "Unwetter" in text_of(public.select_one(".alert-cancelled"))


def test_history_lists_every_change_with_actor(client, login_as, own_event):
    user = login_as()
    event = own_event("draft")
    _post(client, f"/manage/events/{event.id}/submit")
    _post(client, f"/manage/events/{event.id}/withdraw", confirm="y")
    page = html(client.get(f"/manage/events/{event.id}"))
    rows = page.select("#history-title ~ .table-scroll table tbody tr")
    cells = [[text_of(td) for td in row.select("td")] for row in rows]
    assert [c[2] for c in cells] == ["Zur Prüfung eingereicht", "Zurück in den Entwurf geholt"]
    assert all(c[1] == user.name for c in cells)


def test_reviewer_sees_the_history_too(client, login_as, make_user, own_event):
    event = own_event("draft")
    organiser = make_user()
    from actiondays.services.events import submit_event

    submit_event(event, organiser)
    db.session.commit()
    login_as(Role.REVIEWER)
    page = html(client.get(f"/manage/events/{event.id}"))
    rows = page.select("#history-title ~ .table-scroll table tbody tr")
    assert len(rows) == 1


def test_rejected_event_shows_the_reason_to_the_organiser(client, login_as, own_event):
    login_as()
    event = own_event("rejected", rejection_reason="Bitte Ort präzisieren.")
    page = html(client.get(f"/manage/events/{event.id}"))
    assert "Bitte Ort präzisieren." in text_of(page.select_one(".alert-rejected"))
    dashboard = html(client.get("/manage/"))
    assert "Bitte Ort präzisieren." in text_of(dashboard.select_one(".todo"))


def test_audit_table_is_untouched_by_a_refused_write(client, login_as, own_event):
    login_as()
    event = own_event("published")
    _post(client, f"/manage/events/{event.id}/delete")
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize(("before", "action"), [("submitted", "withdraw"), ("draft", "delete")])
def test_withdraw_and_delete_need_the_confirmation_box(client, login_as, own_event, before, action):
    login_as()
    event = own_event(before)
    page = html(client.get(f"/manage/events/{event.id}"))
    box = page.select_one(f"form[action$='/{action}'] input[name=confirm][type=checkbox]")
    assert box is not None
    assert box.has_attr("required")
    response = _post(client, f"/manage/events/{event.id}/{action}")
    assert response.status_code == 422
    assert "Haken" in text_of(html(response).select_one(".flash-error"))
    assert _status(event.id) == before
    assert _actions(event.id) == []
