"""The issue's "done when": an organiser registers, confirms the address from the mail, is
approved, submits an event, is told it was rejected and why, fixes it, is told it was approved
(with the .ics), is reminded to report, and resets a forgotten password — every mail delivered
through a real SMTP server and read back with independent parsers."""

from datetime import timedelta

from bs4 import BeautifulSoup
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Event, OutboxMail, Role, User
from tests.conftest import TEST_PASSWORD, csrf_token, event_form, html, region, sign_in, theme
from tests.mail.conftest import deliver, link, parts, subject

NEW_PASSWORD = "vergessen-und-neu-gesetzt"


def _sign_out(client):
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})


def _only(inbox, address):
    received = inbox.to(address)
    assert len(received) == 1, [subject(m) for m in received]
    inbox.clear()
    return received[0]


def test_organiser_journey_through_real_smtp(client, app, make_user, open_campaign, smtp, runner):
    reviewer = make_user(Role.REVIEWER)
    # Register: the only mail asks to confirm the address.
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
    olga = db.session.scalars(select(User).where(User.email == "olga@example.org")).one()
    # Before confirmation the request cannot be approved.
    sign_in(client, reviewer.email)
    client.post(
        f"/review/accounts/{olga.id}/approve",
        data={"csrf_token": csrf_token(client.get("/review/accounts"))},
    )
    db.session.expire_all()
    assert db.session.get(User, olga.id).status == "pending"
    _sign_out(client)

    assert deliver() == (1, 0)
    confirm = _only(smtp, "olga@example.org")
    assert subject(confirm) == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "List-Unsubscribe" not in confirm  # essential mail
    stored = db.session.scalars(
        select(OutboxMail.message_id).where(OutboxMail.kind == "confirm_email")
    ).one()
    assert confirm["Message-ID"] == stored
    text, body_html = parts(confirm)
    assert text.startswith("Guten Tag Olga Organisiert,")
    anchor = BeautifulSoup(body_html, "html.parser").select_one("a[href*='/account/confirm/']")
    assert anchor is not None
    assert client.get(link(confirm, "/account/confirm/")).status_code == 302

    # The reviewer approves; Olga hears of it.
    sign_in(client, reviewer.email)
    client.post(
        f"/review/accounts/{olga.id}/approve",
        data={"csrf_token": csrf_token(client.get("/review/accounts"))},
    )
    _sign_out(client)
    deliver()
    assert subject(_only(smtp, "olga@example.org")) == "Ihr Konto ist freigeschaltet"

    # Olga registers an action day and submits it.
    sign_in(client, "olga@example.org")
    page = client.get("/manage/events/new")
    data = event_form(open_campaign.id, region("region-hannover").id, [theme("teilhabe").id])
    data.update(
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
    )
    event_id = int(client.post("/manage/events/new", data=data).headers["Location"].split("/")[-1])
    token = csrf_token(client.get(f"/manage/events/{event_id}"))
    client.post(f"/manage/events/{event_id}/submit", data={"csrf_token": token})
    _sign_out(client)
    deliver()
    received = _only(smtp, "olga@example.org")
    assert "Spielefest im Stadtpark" in subject(received)
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/mail/unsubscribe/" in received["List-Unsubscribe"]
    assert "/account/notifications" in parts(received)[0]

    # Rejected with a reason: the reason is in both parts.
    sign_in(client, reviewer.email)
    client.post(
        f"/review/events/{event_id}/reject",
        data={"csrf_token": csrf_token(client.get("/review/")), "reason": "Bitte Uhrzeit prüfen."},
    )
    _sign_out(client)
    deliver()
    rejected = _only(smtp, "olga@example.org")
    assert subject(rejected) == "Zurückgegeben: „Spielefest im Stadtpark“ braucht Änderungen"
    text, body_html = parts(rejected)
    assert "Bitte Uhrzeit prüfen." in text
    assert "Bitte Uhrzeit prüfen." in BeautifulSoup(body_html, "html.parser").get_text()
    assert client.get(link(rejected, "/manage/events/")).status_code == 302  # sign-in first

    # Olga fixes it and submits again; the reviewer approves: the mail carries the .ics.
    sign_in(client, "olga@example.org")
    edit = client.get(f"/manage/events/{event_id}/edit")
    fixed = dict(data, end_time="15:00", csrf_token=csrf_token(edit))
    fixed["version"] = html(edit).select_one("input[name=version]")["value"]
    assert client.post(f"/manage/events/{event_id}/edit", data=fixed).status_code == 302
    token = csrf_token(client.get(f"/manage/events/{event_id}"))
    client.post(f"/manage/events/{event_id}/submit", data={"csrf_token": token})
    _sign_out(client)
    deliver()
    assert subject(_only(smtp, "olga@example.org")).startswith("Eingegangen:")
    sign_in(client, reviewer.email)
    client.post(
        f"/review/events/{event_id}/approve",
        data={"csrf_token": csrf_token(client.get("/review/"))},
    )
    _sign_out(client)
    deliver()
    approved = _only(smtp, "olga@example.org")
    assert subject(approved).startswith("Freigegeben:")
    (attachment,) = list(approved.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"aktionstag-{event_id}.ics"
    calendar = IcsCalendarStream.calendar_from_ics(attachment.get_content())
    event = db.session.get(Event, event_id)
    assert event.status == "published"
    (vevent,) = calendar.events
    assert vevent.uid == event.uid
    assert vevent.summary == "Spielefest im Stadtpark"

    # Reminded to report three days after the event, once, whatever cron does.
    reminder_day = (event.ends_on + timedelta(days=3)).isoformat()
    for _ in range(2):
        result = runner.invoke(args=["mail", "remind", "--today", reminder_day])
        assert result.exit_code == 0, result.output
    deliver()
    reminder = _only(smtp, "olga@example.org")
    assert "Bericht" in subject(reminder)
    assert f"/manage/events/{event_id}/report" in parts(reminder)[0]

    # A forgotten password: the link from the mail really resets it, once.
    page = client.get("/password/forgot")
    client.post(
        "/password/forgot", data={"csrf_token": csrf_token(page), "email": "olga@example.org"}
    )
    deliver()
    reset = _only(smtp, "olga@example.org")
    path = link(reset, "/password/reset/")
    form = client.get(path)
    assert form.status_code == 200
    done = client.post(
        path,
        data={"csrf_token": csrf_token(form), "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert sign_in(client, "olga@example.org", NEW_PASSWORD).status_code == 302
    _sign_out(client)
    used = client.get(path)
    assert used.status_code == 400
    assert "nicht gültig" in used.get_data(as_text=True)
    deliver()
    assert subject(_only(smtp, "olga@example.org")) == "Ihr Passwort wurde geändert"
