"""The review queue: oldest first, filters, inline approve/reject, progress panel."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Event, Project, Role
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, html, text_of


@pytest.fixture
def submitted(make_event, open_campaign):
    """Submitted events of the open campaign; `age` in hours sets the submission time."""

    def _make(title, age=1, **overrides):
        day = datetime.now(BERLIN).date() + timedelta(days=5)
        event = make_event(
            campaign=open_campaign, day=day, title=title, status="submitted", **overrides
        )
        event.submitted_at = datetime.now(UTC) - timedelta(hours=age)
        db.session.commit()
        return event

    return _make


def _queue_titles(response):
    return [
        text_of(row.select_one("td a"))
        for row in html(response).select("#queue-events ~ table tbody tr")
    ]


def test_queue_lists_submitted_events_oldest_first(client, login_as, submitted, make_event):
    login_as(Role.REVIEWER)
    submitted("Neu", age=1)
    submitted("Alt", age=48)
    make_event(title="Schon veröffentlicht")
    assert _queue_titles(client.get("/review/")) == ["Alt", "Neu"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=landkreis-goslar", ["Goslar"]),
        ("theme=gesundheit", ["Gesund"]),
        ("kind=ideas_workshop", ["Werkstatt"]),
        ("kind=project", []),
    ],
)
def test_queue_filters(client, login_as, submitted, query, expected):
    login_as(Role.REVIEWER)
    submitted("Goslar", region_slug="landkreis-goslar", age=3)
    submitted("Gesund", themes=["gesundheit"], age=2)
    submitted("Werkstatt", kind="ideas_workshop", age=1)
    assert _queue_titles(client.get(f"/review/?{query}")) == expected


def test_approve_inline_publishes_and_returns_to_the_filtered_queue(client, login_as, submitted):
    reviewer = login_as(Role.REVIEWER)
    event = submitted("Fest")
    token = csrf_token(client.get("/review/"))
    response = client.post(
        f"/review/events/{event.id}/approve?theme=bildung", data={"csrf_token": token}
    )
    assert response.headers["Location"] == "/review/?theme=bildung"
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id) == ("publish", reviewer.id)
    assert client.get(f"/events/{event.id}").status_code == 200


def test_reject_needs_a_reason_shown_next_to_that_row(client, login_as, submitted):
    login_as(Role.REVIEWER)
    event = submitted("Fest")
    token = csrf_token(client.get("/review/"))
    response = client.post(
        f"/review/events/{event.id}/reject", data={"csrf_token": token, "reason": ""}
    )
    assert response.status_code == 422
    row = html(response).select_one(f"#event-{event.id}")
    assert "Bitte geben Sie einen Grund für die Ablehnung an." in text_of(row)
    assert row.select_one("textarea[aria-invalid=true]") is not None
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "submitted"


def test_reject_with_reason_is_shown_to_the_organiser(client, login_as, submitted, make_user):
    login_as(Role.REVIEWER)
    event = submitted("Fest")
    token = csrf_token(client.get("/review/"))
    client.post(
        f"/review/events/{event.id}/reject",
        data={"csrf_token": token, "reason": "Der Ort fehlt."},
    )
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert (event.status, event.rejection_reason) == ("rejected", "Der Ort fehlt.")


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_organisers_cannot_decide(client, login_as, submitted, decision):
    login_as()
    event = submitted("Fest")
    token = csrf_token(client.get("/manage/"))
    response = client.post(
        f"/review/events/{event.id}/{decision}", data={"csrf_token": token, "reason": "x"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "submitted"


def test_approving_a_draft_is_refused(client, login_as, make_event, open_campaign):
    login_as(Role.REVIEWER)
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(campaign=open_campaign, day=day, status="draft")
    token = csrf_token(client.get("/review/"))
    response = client.post(f"/review/events/{event.id}/approve", data={"csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "draft"


def test_progress_panel_counts_the_current_campaign(
    client, login_as, submitted, make_event, open_campaign
):
    login_as(Role.REVIEWER)
    submitted("A", region_slug="landkreis-goslar")
    submitted("B", themes=["bildung", "gesundheit"])
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    make_event(campaign=open_campaign, day=day, title="C")
    make_event(title="Anderes Jahr")
    page = html(client.get("/review/"))

    def table(table_id):
        return {
            text_of(row.select_one("th")): text_of(row.select_one("td"))
            for row in page.select(f"#{table_id} tbody tr")
        }

    assert table("progress-states")["Eingereicht"] == "2"
    assert table("progress-states")["Veröffentlicht"] == "1"
    assert table("progress-regions") == {"Region Hannover": "2", "Landkreis Goslar": "1"}
    assert table("progress-themes") == {"Bildung": "3", "Gesundheit": "1"}


def test_queue_query_count_does_not_grow_with_items(client, login_as, submitted, count_queries):
    login_as(Role.REVIEWER)
    for i in range(3):
        submitted(f"Fest {i}", age=i)
    with count_queries() as few:
        client.get("/review/")
    for i in range(3, 12):
        submitted(f"Fest {i}", age=i, region_slug="landkreis-goslar", themes=["gesundheit"])
    with count_queries() as many:
        client.get("/review/")
    assert many.count == few.count
    assert few.count <= 15


def test_reviewer_decides_from_the_event_page(client, login_as, submitted):
    login_as(Role.REVIEWER)
    event = submitted("Fest")
    page = html(client.get(f"/manage/events/{event.id}"))
    step = page.select_one(".decision a[href$='/approve']")["href"]
    form = html(client.get(step)).select_one("main form[action$='/approve']")
    token = form.select_one("input[name=csrf_token]")["value"]
    response = client.post(form["action"], data={"csrf_token": token})
    assert response.headers["Location"] == "/review/"
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"


def test_organisers_see_no_decision_forms(client, login_as, submitted):
    login_as()
    event = submitted("Fest")
    assert html(client.get(f"/manage/events/{event.id}")).select_one(".decision") is None


def test_approval_shows_a_summary_before_anything_is_published(client, login_as, submitted):
    login_as(Role.REVIEWER)
    event = submitted("Sommerfest")
    queue = html(client.get("/review/?theme=bildung"))
    link = queue.select_one(f"#event-{event.id} a[href*='/approve']")["href"]
    assert link == f"/review/events/{event.id}/approve?theme=bildung"
    page = html(client.get(link))
    summary = text_of(page.select_one(".approval-summary"))
    assert "Sommerfest" in summary
    assert "Region Hannover" in summary
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "submitted"  # a GET changes nothing
    form = page.select_one("main form[action*='/approve']")
    assert form["action"] == f"/review/events/{event.id}/approve?theme=bildung"


def test_submitted_project_shows_its_submission_date_and_summary(client, login_as, make_user):
    from tests.conftest import campaign, region, sign_in, theme

    login_as()
    page = client.get("/manage/projects/new")
    client.post(
        "/manage/projects/new",
        data={
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
        },
    )
    project_id = db.session.scalar(select(Project.id))
    token = csrf_token(client.get("/manage/"))
    submitted = client.post(f"/manage/projects/{project_id}/submit", data={"csrf_token": token})
    assert submitted.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
    sign_in(client, make_user(Role.REVIEWER).email)
    row = html(client.get("/review/")).select_one("#queue-projects ~ table tbody tr")
    when = text_of(row.select_one("td[data-label=Eingereicht]"))
    today = datetime.now(BERLIN)
    assert when.startswith(f"{today:%d.%m.%Y}, "), when
    assert "Ehrenamtliche begleiten Kinder" in text_of(row.select_one(".queue-summary"))
