"""Registering and editing events through the real forms (CSRF on), German messages."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Event, ReviewState, Role
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, event_form, html, region, text_of, theme


def _new_page(client):
    page = client.get("/manage/events/new")
    assert page.status_code == 200
    form_token = html(page).select_one("input[name=form_token]")["value"]
    return csrf_token(page), form_token


def _post_new(client, open_campaign, region_slug="region-hannover", **overrides):
    token, form_token = _new_page(client)
    data = event_form(
        open_campaign.id, region(region_slug).id if region_slug else None, [theme("bildung").id]
    )
    data.update(csrf_token=token, form_token=form_token, **overrides)
    return client.post("/manage/events/new", data=data)


def _errors(response) -> str:
    return text_of(html(response).select_one(".error-summary"))


def _count(model=Event) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_organiser_registers_a_draft(client, login_as, open_campaign):
    user = login_as()
    response = _post_new(client, open_campaign)
    assert response.status_code == 302
    event = db.session.scalars(select(Event)).one()
    assert response.headers["Location"] == f"/manage/events/{event.id}"
    assert event.status == ReviewState.DRAFT
    assert event.created_by_id == user.id
    assert [t.slug for t in event.themes] == ["bildung"]
    assert event.local_start.hour == 10
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.object_id) == ("create", user.id, event.id)
    assert "title" in entry.changes


def test_the_form_offers_only_the_organisers_regions(client, login_as, open_campaign):
    login_as(regions=("region-hannover", "landkreis-goslar"))
    page = html(client.get("/manage/events/new"))
    names = [text_of(o) for o in page.select("select[name=region_id] option")]
    assert names == ["Bitte wählen", "Landkreis Goslar", "Region Hannover"]


def test_double_submission_creates_one_event(client, login_as, open_campaign):
    login_as()
    token, form_token = _new_page(client)
    data = event_form(open_campaign.id, region("region-hannover").id, [theme("bildung").id])
    data.update(csrf_token=token, form_token=form_token)
    first = client.post("/manage/events/new", data=data)
    second = client.post("/manage/events/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert _count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 201}, "Bitte verwenden Sie höchstens 200 Zeichen."),
        ({"themes": []}, "Bitte wählen Sie mindestens ein Thema."),
        ({"venue_postal_code": "3015"}, "Bitte geben Sie eine fünfstellige Postleitzahl an."),
        ({"venue_postal_code": "3015a"}, "Bitte geben Sie eine fünfstellige Postleitzahl an."),
        ({"end_time": "09:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"contact_email": "kein-at"}, "Bitte geben Sie eine gültige E-Mail-Adresse"),
        ({"registration_url": "javascript:alert(1)"}, "vollständige Webadresse"),
        ({"registration_url": "www.example.org"}, "vollständige Webadresse"),
        ({"latitude": "52.3"}, "Bitte geben Sie beide Koordinaten an oder keine."),
        ({"target_age_min": "12", "target_age_max": "6"}, "Das Höchstalter darf nicht"),
        ({"start_date": ""}, "Bitte geben Sie das Datum an"),
        ({"start_date": "32.13.2020"}, "Bitte geben Sie ein Datum im Format TT.MM.JJJJ an."),
        ({"region_id": ""}, "Bitte wählen Sie eine Region."),
    ],
)
def test_invalid_values_get_a_german_message_and_nothing_is_saved(
    client, login_as, open_campaign, overrides, message
):
    login_as()
    response = _post_new(client, open_campaign, **overrides)
    assert response.status_code == 422
    assert message in _errors(response)
    assert html(response).select_one("[aria-invalid=true]") is not None
    assert _count() == 0


def test_action_day_outside_the_action_period_is_refused(client, login_as, open_campaign):
    login_as()
    late = (open_campaign.action_ends_on + timedelta(days=1)).isoformat()
    response = _post_new(client, open_campaign, start_date=late)
    assert response.status_code == 422
    assert "Ein Aktionstag muss im Aktionszeitraum der Kampagne liegen" in _errors(response)
    assert _count() == 0


def test_ideas_workshop_may_lie_before_the_action_period(client, login_as, open_campaign):
    login_as()
    early = (open_campaign.action_starts_on - timedelta(days=20)).isoformat()
    response = _post_new(client, open_campaign, kind="ideas_workshop", start_date=early)
    assert response.status_code == 302
    assert db.session.scalars(select(Event)).one().kind == "ideas_workshop"


def test_organisers_register_only_while_registration_is_open(client, login_as, seeded):
    login_as()
    from tests.conftest import campaign

    old = campaign(2013)
    response = _post_new(client, old, start_date="2013-06-15")
    assert response.status_code == 422
    assert "Anmeldungen für diese Kampagne sind vom" in _errors(response)
    assert _count() == 0


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_reviewers_override_the_registration_window(client, login_as, seeded, role):
    login_as(role)
    from tests.conftest import campaign

    response = _post_new(client, campaign(2013), start_date="2013-06-15")
    assert response.status_code == 302
    assert _count() == 1


def test_organisers_cannot_register_statewide_workshops(client, login_as, open_campaign):
    login_as()
    response = _post_new(client, open_campaign, region_slug=None, kind="ideas_workshop")
    assert response.status_code == 422
    assert "Landesweite Ideenwerkstätten meldet nur die Kampagnenstelle an" in _errors(response)


def test_reviewer_registers_a_statewide_workshop(client, login_as, open_campaign):
    login_as(Role.REVIEWER)
    response = _post_new(client, open_campaign, region_slug=None, kind="ideas_workshop")
    assert response.status_code == 302
    assert db.session.scalars(select(Event)).one().region_id is None


def test_all_day_event_needs_no_times(client, login_as, open_campaign):
    login_as()
    response = _post_new(client, open_campaign, is_all_day="y", start_time="", end_time="")
    assert response.status_code == 302
    event = db.session.scalars(select(Event)).one()
    assert event.is_all_day
    assert event.starts_at is None


def _edit(client, event, **overrides):
    page = client.get(f"/manage/events/{event.id}/edit")
    assert page.status_code == 200
    form = html(page).select_one("form.event-form")
    data = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])
        else:
            data[name] = field.get("value", "")
    data.update(overrides)
    return client.post(f"/manage/events/{event.id}/edit", data=data)


def _own_event(make_event, open_campaign, user, **overrides):
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    return make_event(campaign=open_campaign, day=day, created_by_id=user.id, **overrides)


def test_editing_a_published_event_keeps_it_published_and_bumps_sequence(
    client, login_as, make_event, open_campaign
):
    user = login_as()
    event = _own_event(make_event, open_campaign, user)
    response = _edit(client, event, title="Neuer Titel")
    assert response.status_code == 302
    db.session.expire_all()
    assert (event.title, event.status, event.sequence) == ("Neuer Titel", "published", 1)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.changes["title"] == ["Lesefest in der Stadtbibliothek", "Neuer Titel"]
    assert entry.actor_id == user.id


def test_editing_a_rejected_event_returns_it_to_draft(client, login_as, make_event, open_campaign):
    user = login_as()
    event = _own_event(make_event, open_campaign, user, status="rejected", rejection_reason="PLZ?")
    assert _edit(client, event, venue_postal_code="30161").status_code == 302
    db.session.expire_all()
    assert event.status == ReviewState.DRAFT
    assert event.sequence == 0


def test_stale_edit_is_refused_with_a_clear_message(client, login_as, make_event, open_campaign):
    user = login_as()
    event = _own_event(make_event, open_campaign, user, status="draft")
    response = _edit(client, event, title="Meine Fassung", version=str(event.version - 1 or 99))
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Eintrag geändert" in _errors(response)
    db.session.expire_all()
    assert event.title == "Lesefest in der Stadtbibliothek"


def test_submitted_events_are_not_editable(client, login_as, make_event, open_campaign):
    user = login_as()
    event = _own_event(make_event, open_campaign, user, status="submitted")
    assert client.get(f"/manage/events/{event.id}/edit").status_code == 403


def test_hostile_markdown_is_sanitised_on_the_manage_page(
    client, login_as, make_event, open_campaign
):
    user = login_as()
    hostile = (
        '<script>alert(1)</script> <img src=x onerror="alert(2)"> '
        "[klick](javascript:alert(3)) [gut](https://example.org)"
    )
    event = _own_event(make_event, open_campaign, user, description=hostile)
    body = html(client.get(f"/manage/events/{event.id}")).select_one(".prose")
    assert body.select("script") == []
    assert body.select("img") == []
    assert body.find_all(attrs={"onerror": True}) == []
    links = body.select("a")
    assert [a.get("href") for a in links] == ["https://example.org"]
    assert links[0]["rel"] == ["nofollow", "noopener"]


def test_saving_an_unchanged_published_event_changes_nothing(
    client, login_as, make_event, open_campaign
):
    user = login_as()
    event = _own_event(make_event, open_campaign, user)
    assert _edit(client, event).status_code == 302
    db.session.expire_all()
    assert event.sequence == 0
    assert db.session.scalars(select(AuditEntry)).all() == []
