"""The issue's acceptance path, all through the real forms with CSRF: request an account, be
approved, register an action day, submit it, see it rejected with a reason, fix it, have it
approved and see it public."""

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Event, Role, User
from tests.conftest import (
    TEST_PASSWORD,
    confirm_address,
    csrf_token,
    event_form,
    html,
    region,
    sign_in,
    text_of,
    theme,
)


def _sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})


def test_new_organiser_goes_from_account_request_to_public_event(client, make_user, open_campaign):
    reviewer = make_user(Role.REVIEWER)
    # 1. Request an account.
    page = client.get("/register")
    client.post(
        "/register",
        data={
            "csrf_token": csrf_token(page),
            "name": "Olga Organisiert",
            "organisation": "Familienzentrum Linden",
            "email": "olga@example.org",
            "regions": [str(region("region-hannover").id)],
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )
    # 2. She confirms her address (tests/mail/ follows the mailed link); a reviewer approves.
    confirm_address("olga@example.org")
    sign_in(client, reviewer.email)
    olga = db.session.scalars(select(User).where(User.email == "olga@example.org")).one()
    client.post(
        f"/review/accounts/{olga.id}/approve",
        data={"csrf_token": csrf_token(client.get("/review/accounts"))},
    )
    _sign_out(client)
    # 3. Olga registers an action day and submits it.
    assert sign_in(client, "olga@example.org").headers["Location"] == "/manage/"
    page = client.get("/manage/events/new")
    data = event_form(open_campaign.id, region("region-hannover").id, [theme("teilhabe").id])
    data.update(
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
        venue_postal_code="3044",
    )
    assert client.post("/manage/events/new", data=data).status_code == 422
    data["venue_postal_code"] = "30449"
    created = client.post("/manage/events/new", data=data)
    event_id = int(created.headers["Location"].rsplit("/", 1)[1])
    token = csrf_token(client.get(f"/manage/events/{event_id}"))
    client.post(f"/manage/events/{event_id}/submit", data={"csrf_token": token})
    _sign_out(client)
    # 4. The reviewer rejects it with a reason.
    sign_in(client, reviewer.email)
    client.post(
        f"/review/events/{event_id}/reject",
        data={"csrf_token": csrf_token(client.get("/review/")), "reason": "Bitte Uhrzeit prüfen."},
    )
    _sign_out(client)
    # 5. Olga sees the reason, fixes the event (back to draft) and submits again.
    sign_in(client, "olga@example.org")
    assert "Bitte Uhrzeit prüfen." in text_of(html(client.get("/manage/")).select_one(".todo"))
    edit = client.get(f"/manage/events/{event_id}/edit")
    fixed = dict(data, end_time="15:00", csrf_token=csrf_token(edit))
    fixed["version"] = html(edit).select_one("input[name=version]")["value"]
    assert client.post(f"/manage/events/{event_id}/edit", data=fixed).status_code == 302
    assert db.session.get(Event, event_id).status == "draft"
    token = csrf_token(client.get(f"/manage/events/{event_id}"))
    client.post(f"/manage/events/{event_id}/submit", data={"csrf_token": token})
    _sign_out(client)
    # 6. The reviewer approves; the event is public.
    sign_in(client, reviewer.email)
    client.post(
        f"/review/events/{event_id}/approve",
        data={"csrf_token": csrf_token(client.get("/review/"))},
    )
    _sign_out(client)
    db.session.expire_all()
    assert db.session.get(Event, event_id).status == "published"
    public = client.get(f"/events/{event_id}")
    assert public.status_code == 200
    assert text_of(html(public).select_one("h1")) == "Spielefest im Stadtpark"
    actions = [
        entry.action
        for entry in db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "event").order_by(AuditEntry.id)
        )
    ]
    assert actions == ["create", "submit", "reject", "update", "submit", "publish"]
