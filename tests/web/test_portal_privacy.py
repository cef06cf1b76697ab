"""The person's own data: the JSON export holds their items and nothing of others; closing
the account anonymises them and keeps the organisation's published events."""

import json
from datetime import datetime, time, timedelta

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Event, Role, Theme, User
from actiondays.models.event import BERLIN
from actiondays.services.events import EventData, create_event
from tests.conftest import TEST_PASSWORD, csrf_token, html, region, sign_in, text_of


def test_data_export_contains_own_items_and_nothing_of_others(client, login_as, make_event):
    other = make_event(title="Fremdes Fest", contact_email="fremd@example.org")
    me = login_as(Role.ORGANISER)
    mine = make_event(title="Mein Lesefest", created_by=me)
    response = client.get(f"/account/{me.id}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == me.email
    assert [e["title"] for e in data["events"]] == [mine.title]
    body = response.get_data(as_text=True)
    assert other.title not in body
    assert "fremd@example.org" not in body


def test_data_export_of_another_person_is_forbidden(client, login_as, make_user):
    someone = make_user(Role.ORGANISER, email="jemand@example.org")
    login_as(Role.ADMIN)
    response = client.get(f"/account/{someone.id}/data.json")
    assert response.status_code == 403
    assert "jemand@example.org" not in response.get_data(as_text=True)


def test_data_export_needs_a_sign_in(client, make_user):
    someone = make_user(Role.ORGANISER)
    response = client.get(f"/account/{someone.id}/data.json")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def _close(client, password=TEST_PASSWORD, confirm="y"):
    token = csrf_token(client.get("/account/data"))
    data = {"password": password, "csrf_token": token}
    if confirm:
        data["confirm"] = confirm
    return client.post("/account/close", data=data)


def test_closing_keeps_published_events_and_removes_the_name(client, login_as, open_campaign):
    me = login_as(Role.ORGANISER, name="Henrike Musterfrau", email="henrike@example.org")
    event = make_published(me, open_campaign)
    assert "Henrike Musterfrau" in client.get(f"/events/{event.id}").get_data(as_text=True)
    response = _close(client)
    assert response.status_code == 302
    db.session.expire_all()
    closed = db.session.get(User, me.id)
    assert closed.closed_at is not None
    assert not closed.is_active
    assert "henrike" not in closed.email
    assert closed.name != "Henrike Musterfrau"
    kept = db.session.get(Event, event.id)
    assert kept.status == "published"
    assert kept.contact_name is None
    public = client.get(f"/events/{event.id}")
    assert public.status_code == 200
    assert "Henrike Musterfrau" not in public.get_data(as_text=True)
    assert "henrike@example.org" not in public.get_data(as_text=True)
    for entry in db.session.scalars(select(AuditEntry)):
        dumped = json.dumps(entry.changes, ensure_ascii=False)
        assert "henrike@example.org" not in dumped
        assert "Henrike Musterfrau" not in dumped


def make_published(user, current):
    """An event created through the service by `user`, with their name as contact, published."""
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    data = EventData(
        campaign_id=current.id,
        region_id=region("region-hannover").id,
        title="Spielefest",
        summary="Spielen.",
        theme_ids=[db.session.scalars(select(Theme.id)).first()],
        start_date=day,
        start_time=time(10),
        end_date=day,
        end_time=time(12),
        organisation="Kinderschutzbund",
        contact_name=user.name,
        contact_email=user.email,
        venue_name="Park",
        venue_postal_code="30159",
        venue_city="Hannover",
    )
    event = create_event(data, user, today=datetime.now(BERLIN).date())
    event.submit()
    event.publish()
    db.session.commit()
    return event


def test_closing_shows_the_history_without_the_name(client, login_as, make_user, open_campaign):
    me = login_as(Role.ORGANISER, name="Henrike Musterfrau")
    event = make_published(me, open_campaign)
    _close(client)
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/login"))})
    reviewer = make_user(Role.REVIEWER)
    sign_in(client, reviewer.email)
    page = client.get(f"/manage/events/{event.id}")
    assert page.status_code == 200
    assert "Henrike Musterfrau" not in page.get_data(as_text=True)


def test_closing_needs_password_and_confirmation(client, login_as):
    me = login_as(Role.ORGANISER)
    wrong = _close(client, password="falsch-falsch")
    assert wrong.status_code == 422
    assert "Das Passwort ist nicht korrekt." in text_of(html(wrong).select_one(".error-summary"))
    unconfirmed = _close(client, confirm=None)
    assert unconfirmed.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, me.id).closed_at is None


def test_the_last_admin_cannot_close_their_account(client, login_as):
    me = login_as(Role.ADMIN)
    response = _close(client)
    assert response.status_code == 422
    assert "letzte aktive Admin-Konto" in text_of(html(response).select_one(".error-summary"))
    db.session.expire_all()
    assert db.session.get(User, me.id).closed_at is None


def test_an_admin_can_close_when_another_admin_remains(client, login_as, make_user):
    make_user(Role.ADMIN)
    me = login_as(Role.ADMIN)
    assert _close(client).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, me.id).closed_at is not None


def test_event_form_tells_what_happens_with_contact_data(client, login_as, open_campaign):
    login_as(Role.ORGANISER)
    notice = html(client.get("/manage/events/new")).select_one("form #privacy-notice")
    assert notice is not None
    assert notice.select_one("a[href='/datenschutz']")
