"""Every successful action says so exactly once: the redirect's final page carries one status
region with the message, and the message text appears nowhere else on the page."""

import io
from datetime import datetime, timedelta

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Event, Project, Role, User
from actiondays.models.event import BERLIN
from tests.conftest import (
    TEST_PASSWORD,
    campaign,
    confirm_address,
    csrf_token,
    event_form,
    html,
    region,
    sign_in,
    text_of,
    theme,
)
from tests.funding.conftest import post_form
from tests.import_files import csv_bytes, row


def _final(client, response):
    """Follow the redirects of an action like a browser (GET) and return the final page."""
    hops = 0
    while response.status_code in (301, 302, 303) and hops < 5:
        response = client.get(response.headers["Location"])
        hops += 1
    assert response.status_code == 200, response.status_code
    return response


def assert_flashed_once(client, response, expected: str) -> None:
    """The final page shows `expected` in one flash, once, and nothing else twice."""
    page = html(_final(client, response))
    regions = page.select(".flashes")
    assert len(regions) == 1, [text_of(r) for r in regions]
    assert regions[0].get("role") == "status"
    flashes = [text_of(p) for p in page.select(".flash")]
    assert len(flashes) == len(set(flashes)), flashes
    assert any(expected in message for message in flashes), (expected, flashes)
    for message in flashes:
        assert text_of(page).count(message) == 1, (message, text_of(page))
    assert len(page.select("[role=status] .flash")) == len(flashes)
    # The message was consumed: the next page has no flash at all.
    again = html(client.get("/"))
    assert again.select(".flash") == []


def _token(client, path="/manage/events/new"):
    return csrf_token(client.get(path))


def _new_event(client, campaign, title="Spielefest im Stadtpark"):
    page = client.get("/manage/events/new")
    data = event_form(campaign.id, region("region-hannover").id, [theme("teilhabe").id])
    data.update(
        title=title,
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
    )
    return client.post("/manage/events/new", data=data)


def _event(title) -> Event:
    db.session.expire_all()
    return db.session.scalars(select(Event).where(Event.title == title)).one()


def test_organiser_event_actions_flash_once(client, login_as, open_campaign):
    login_as()
    assert_flashed_once(client, _new_event(client, open_campaign), "gespeichert")
    event = _event("Spielefest im Stadtpark")
    page = client.get(f"/manage/events/{event.id}/edit")
    data = event_form(open_campaign.id, region("region-hannover").id, [theme("teilhabe").id])
    data.update(
        title="Spielefest im Stadtpark",
        summary="Neu",
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
    )
    for field in html(page).select("input[type=hidden]"):
        data.setdefault(field["name"], field.get("value", ""))
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert_flashed_once(client, response, "gespeichert")
    for action in ("submit", "withdraw", "delete"):
        response = client.post(
            f"/manage/events/{event.id}/{action}",
            data={"csrf_token": _token(client), "confirm": "y"},
        )
        assert response.status_code == 302, action
        text = flash_of(client, response)
        # Consumed: reloading the same page does not say it again.
        assert text_of(html(client.get(response.headers["Location"]))).count(text) == 0


def _walk(client, path, data, expected):
    data = {"csrf_token": _token(client), **data}
    assert_flashed_once(client, client.post(path, data=data), expected)


def test_organiser_transitions_flash_once(client, login_as, open_campaign, make_event):
    login_as()
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(campaign=open_campaign, day=day, status="draft")
    _walk(client, f"/manage/events/{event.id}/submit", {"confirm": "y"}, "eingereicht")
    _walk(client, f"/manage/events/{event.id}/withdraw", {"confirm": "y"}, "wieder ein Entwurf")
    _walk(client, f"/manage/events/{event.id}/delete", {"confirm": "y"}, "gelöscht")
    published = make_event(campaign=open_campaign, day=day, status="published")
    _walk(
        client,
        f"/manage/events/{published.id}/cancel",
        {"confirm": "y", "reason": "Die Halle ist gesperrt."},
        "abgesagt",
    )


def test_review_decisions_flash_once(client, login_as, open_campaign, make_event):
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    first = make_event(campaign=open_campaign, day=day, status="submitted", title="Erstes Fest")
    second = make_event(campaign=open_campaign, day=day, status="submitted", title="Zweites Fest")
    login_as(Role.REVIEWER)
    token = csrf_token(client.get(f"/review/events/{first.id}/approve"))
    response = client.post(
        f"/review/events/{first.id}/approve", data={"csrf_token": token, "confirm": "y"}
    )
    assert_flashed_once(client, response, "„Erstes Fest“")
    token = csrf_token(client.get("/review/"))
    response = client.post(
        f"/review/events/{second.id}/reject",
        data={"csrf_token": token, "reason": "Bitte den Ort genauer angeben."},
    )
    assert_flashed_once(client, response, "„Zweites Fest“")


def test_account_actions_flash_once(client, login_as, make_user, seeded):
    page = client.get("/register")
    response = client.post(
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
    assert flash_of(client, response).startswith("Vielen Dank. Ihr Antrag ist eingegangen")
    confirm_address("olga@example.org")
    reviewer = make_user(Role.REVIEWER)
    response = sign_in(client, reviewer.email)
    assert_flashed_once(client, response, "angemeldet")
    olga = db.session.scalars(select(User).where(User.email == "olga@example.org")).one()
    token = csrf_token(client.get("/review/accounts"))
    response = client.post(
        f"/review/accounts/{olga.id}/approve", data={"csrf_token": token, "confirm": "y"}
    )
    final = html(_final(client, response))
    flashes = [text_of(f) for f in final.select(".flash")]
    assert len(flashes) == 1, flashes
    assert text_of(final).count(flashes[0]) == 1
    response = client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
    assert_flashed_once(client, response, "abgemeldet")
    admin = make_user(Role.ADMIN)
    sign_in(client, admin.email)
    client.get("/")
    token = csrf_token(client.get(f"/admin/users/{olga.id}"))
    response = client.post(
        f"/admin/users/{olga.id}/deactivate", data={"csrf_token": token, "confirm": "y"}
    )
    assert_flashed_once(client, response, "deaktiviert")
    token = csrf_token(client.get(f"/admin/users/{olga.id}"))
    response = client.post(f"/admin/users/{olga.id}/approve", data={"csrf_token": token})
    assert_flashed_once(client, response, "aktiv")


def test_project_actions_flash_once(client, login_as, seeded):
    login_as()
    page = client.get("/manage/projects/new")
    data = {
        "name": "Lernpaten Nordstadt",
        "organisation": "Diakonie Hannover",
        "region_id": str(region("region-hannover").id),
        "themes": [str(theme("bildung").id)],
        "description": "Ehrenamtliche begleiten Kinder beim Lernen.",
        "website": "https://example.org/lernpaten",
        "target_group": "Grundschulkinder",
        "campaign_ids": [str(campaign(2013).id)],
        "partners": "Grundschule am Park\n",
        "continues_after_campaign": "yes",
        "sustainability_note": "Die Stadt finanziert weiter.",
        "csrf_token": csrf_token(page),
        "form_token": html(page).select_one("input[name=form_token]")["value"],
    }
    assert_flashed_once(client, client.post("/manage/projects/new", data=data), "gespeichert")
    db.session.expire_all()
    project = db.session.scalars(select(Project)).one()
    for action, word in (("submit", "eingereicht"), ("withdraw", "wieder ein Entwurf")):
        _walk(client, f"/manage/projects/{project.id}/{action}", {"confirm": "y"}, word)
    _walk(client, f"/manage/projects/{project.id}/delete", {"confirm": "y"}, "gelöscht")


def flash_of(client, response) -> str:
    """The one flash of the final page (asserted once, and nowhere else in the page)."""
    page = html(_final(client, response))
    flashes = [text_of(p) for p in page.select(".flash")]
    assert len(flashes) == 1, flashes
    assert text_of(page).count(flashes[0]) == 1, (flashes[0], text_of(page))
    assert len(page.select(".flashes[role=status]")) == 1
    return flashes[0]


def test_import_and_submit_all_flash_once(client, login_as, open_campaign):
    login_as()
    rows = [row(open_campaign.year), row(open_campaign.year, Titel="Lesefest", PLZ="30161")]
    token = csrf_token(client.get("/manage/import"))
    preview = client.post(
        "/manage/import/preview",
        data={"csrf_token": token, "file": (io.BytesIO(csv_bytes(rows, ";")), "liste.csv")},
        content_type="multipart/form-data",
    )
    form = html(preview).select_one("form[action='/manage/import/commit']")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    imported = flash_of(client, client.post("/manage/import/commit", data=data))
    assert imported == "2 Veranstaltungen als Entwürfe importiert."
    token = csrf_token(client.get("/manage/import"))
    response = client.post(
        "/manage/import/submit-drafts", data={"csrf_token": token, "confirm": "y"}
    )
    assert flash_of(client, response) == "2 Entwürfe wurden zur Prüfung eingereicht."


def test_password_change_flashes_once(client, login_as):
    login_as()
    new = "ein-ganz-neues-Kennwort-2026"
    response = post_form(
        client,
        "/account/password",
        {"current_password": TEST_PASSWORD, "new_password": new, "confirm": new},
    )
    assert flash_of(client, response)


def test_english_flash_once(client, login_as, open_campaign, make_event):
    client.get("/language/en")
    login_as()
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(campaign=open_campaign, day=day, status="draft")
    response = post_form(client, "/manage/", {"confirm": "y"}, f"/manage/events/{event.id}/submit")
    assert flash_of(client, response) == "The event has been submitted for review."


def test_contact_message_flashes_once(client, seeded):
    response = post_form(
        client,
        "/kontakt",
        {"topic": "question", "message": "Wann beginnen die Aktionstage?", "name": "", "email": ""},
    )
    assert flash_of(client, response).startswith("Vielen Dank.")
