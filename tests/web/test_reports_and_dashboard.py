"""The dashboard groups items and lists reports due; the post-event report form."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Report
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, html, text_of


@pytest.fixture
def event_on(make_event, open_campaign):
    """An event of Region Hannover `days` from today (negative: in the past)."""

    def _make(days, **overrides):
        day = datetime.now(BERLIN).date() + timedelta(days=days)
        return make_event(campaign=open_campaign, day=day, **overrides)

    return _make


def _report(client, event_id, **values):
    page = client.get(f"/manage/events/{event_id}/report")
    data = {"csrf_token": csrf_token(page), "outcome": "Viele Familien kamen.", **values}
    return client.post(f"/manage/events/{event_id}/report", data=data)


def test_dashboard_lists_reports_due_for_ended_events_first(client, login_as, event_on):
    login_as()
    past = event_on(-3, title="Vorbei")
    event_on(3, title="Kommt noch")
    todo = html(client.get("/manage/")).select_one(".todo")
    links = [a["href"] for a in todo.select("a")]
    assert links == [f"/manage/events/{past.id}/report"]


def test_dashboard_groups_by_state(client, login_as, event_on):
    login_as()
    event_on(3, title="Entwurf", status="draft")
    event_on(4, title="Eingereicht", status="submitted")
    event_on(5, title="Öffentlich")
    page = html(client.get("/manage/"))
    assert [text_of(a) for a in page.select("#group-draft td > a")] == ["Entwurf"]
    assert [text_of(a) for a in page.select("#group-submitted td > a")] == ["Eingereicht"]
    assert [text_of(a) for a in page.select("#group-published td > a")] == ["Öffentlich"]


def test_report_is_refused_before_the_event_has_ended(client, login_as, event_on):
    login_as()
    event = event_on(3)
    assert client.get(f"/manage/events/{event.id}/report").status_code == 403


def test_report_is_filed_and_audited(client, login_as, event_on):
    user = login_as()
    event = event_on(-2)
    response = _report(
        client,
        event.id,
        participants="120",
        children_reached="80",
        volunteers="12",
        partner_organisations="3",
        continues="yes",
    )
    assert response.status_code == 302
    report = db.session.scalars(select(Report)).one()
    assert (report.participants, report.children_reached, report.continues) == (120, 80, True)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.object_id) == ("file_report", user.id, event.id)
    assert html(client.get("/manage/")).select_one(".todo a") is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"outcome": ""}, "Bitte beschreiben Sie das Ergebnis in wenigen Worten."),
        (
            {"participants": "10", "children_reached": "20"},
            "Mehr erreichte Kinder als Teilnehmende",
        ),
        ({"participants": "-1"}, "Bitte geben Sie eine Zahl zwischen 0 und"),
        ({"volunteers": "viele"}, "Bitte geben Sie eine ganze Zahl an."),
    ],
)
def test_report_validation(client, login_as, event_on, values, message):
    login_as()
    event = event_on(-2)
    response = _report(client, event.id, **values)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalars(select(Report)).all() == []


def test_dashboard_query_count_does_not_grow_with_items(client, login_as, event_on, count_queries):
    login_as()
    for i in range(3):
        event_on(i - 1, title=f"Fest {i}")
    with count_queries() as few:
        assert client.get("/manage/").status_code == 200
    for i in range(3, 15):
        event_on(i - 5, title=f"Fest {i}", status="draft", themes=["gesundheit", "bildung"])
    with count_queries() as many:
        client.get("/manage/")
    assert many.count == few.count
    assert few.count <= 12
