"""Organisers act only for their own regions: every route, and tampered POSTs, answer 403."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Event, Role
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, event_form, html, region, theme

OTHER = "landkreis-goslar"


@pytest.fixture
def foreign_event(make_event, open_campaign):
    """A draft of another region (Goslar) in the open campaign."""

    def _make(status="draft", days=5):
        day = datetime.now(BERLIN).date() + timedelta(days=days)
        return make_event(campaign=open_campaign, day=day, region_slug=OTHER, status=status)

    return _make


def _token(client) -> str:
    return csrf_token(client.get("/manage/events/new"))


@pytest.mark.parametrize(
    ("status", "path"),
    [
        ("draft", ""),
        ("draft", "/edit"),
        ("published", "/edit"),
        ("published", "/report"),
    ],
)
def test_organiser_cannot_open_another_regions_event(client, login_as, foreign_event, status, path):
    login_as()
    event = foreign_event(status)
    assert client.get(f"/manage/events/{event.id}{path}").status_code == 403


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "submit"),
        ("draft", "delete"),
        ("submitted", "withdraw"),
        ("published", "cancel"),
    ],
)
def test_organiser_cannot_change_another_regions_event(
    client, login_as, foreign_event, status, action
):
    login_as()
    event = foreign_event(status)
    data = {"csrf_token": _token(client), "reason": "Weil ich es kann"}
    response = client.post(f"/manage/events/{event.id}/{action}", data=data)
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == status
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_tampered_edit_moving_an_event_to_another_region_is_forbidden(
    client, login_as, make_event, open_campaign
):
    login_as()
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(campaign=open_campaign, day=day, status="draft")
    data = event_form(open_campaign.id, region(OTHER).id, [theme("bildung").id])
    data.update(csrf_token=_token(client), version=str(event.version))
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, event.id).region.slug == "region-hannover"


def test_tampered_new_event_for_another_region_is_forbidden(client, login_as, open_campaign):
    login_as()
    data = event_form(open_campaign.id, region(OTHER).id, [theme("bildung").id])
    data["csrf_token"] = _token(client)
    assert client.post("/manage/events/new", data=data).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_posts_without_csrf_token_are_refused(client, login_as, make_event, open_campaign):
    login_as()
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(campaign=open_campaign, day=day, status="draft")
    assert client.post(f"/manage/events/{event.id}/submit").status_code == 400
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "draft"


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_reviewers_see_every_regions_event(client, login_as, foreign_event, role):
    login_as(role)
    event = foreign_event("submitted")
    page = client.get(f"/manage/events/{event.id}")
    assert page.status_code == 200
    assert html(page).select_one("h1").get_text() == event.title


def test_anonymous_post_is_sent_to_sign_in(client, foreign_event):
    event = foreign_event()
    response = client.post(f"/manage/events/{event.id}/submit")
    assert response.status_code in (302, 400)
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "draft"


def test_organiser_sees_only_own_regions_on_the_dashboard(
    client, login_as, foreign_event, make_event, open_campaign
):
    login_as()
    foreign_event()
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    make_event(campaign=open_campaign, day=day, title="Eigenes Fest", status="draft")
    page = html(client.get("/manage/"))
    titles = [a.get_text() for a in page.select("#group-draft td a")]
    assert titles == ["Eigenes Fest"]
