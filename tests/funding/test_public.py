"""Public pages say "gefördert im Rahmen von …"; amounts only when the programme publishes them."""

from flask import g
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import FundingApplication, FundingCostItem, Project, ReviewState
from tests.conftest import csrf_token, html, region, sign_in, text_of


def _grant(call, granted, status="approved", **subject):
    db.session.add(
        FundingApplication(
            call=call,
            region_id=(subject.get("event") or subject.get("project")).region_id,
            organisation="Verein",
            account_holder="Verein",
            iban="DE89370400440532013000",
            requested_cents=granted,
            items=[FundingCostItem(category="Material", amount_cents=granted)],
            status=status,
            granted_cents=granted if status != "submitted" else None,
            **subject,
        )
    )
    db.session.commit()


def test_event_page_names_the_programme_without_amount(client, make_event, make_call):
    event = make_event()
    call = make_call()
    _grant(call, 123_400, event=event)
    page = html(client.get(f"/events/{event.id}"))
    note = text_of(page.select_one("#funded-by"))
    assert note == f"Gefördert im Rahmen von „{call.programme.name}“"
    assert "1.234" not in page.get_text()


def test_amount_shown_when_the_programme_publishes_it(client, make_event, make_call):
    event = make_event()
    call = make_call()
    call.programme.publishes_amounts = True
    _grant(call, 123_400, event=event)
    assert "(1.234,00 €)" in text_of(
        html(client.get(f"/events/{event.id}")).select_one("#funded-by")
    )


def test_submitted_application_is_not_mentioned(client, make_event, make_call):
    event = make_event()
    _grant(make_call(), 10_000, status="submitted", event=event)
    assert html(client.get(f"/events/{event.id}")).select_one("#funded-by") is None


def test_project_page_names_the_programme(client, make_call, seeded):
    project = Project(
        name="Lesepaten",
        organisation="Bücherei",
        region=region("region-hannover"),
        status=ReviewState.PUBLISHED.value,
    )
    db.session.add(project)
    call = make_call()
    _grant(call, 50_000, status="closed", project=project)
    note = text_of(html(client.get(f"/projects/{project.id}")).select_one("#funded-by"))
    assert call.programme.name in note


def test_an_approval_changes_the_public_pages_etag(
    app, client, make_event, make_call, make_officer
):
    """Anonymous visitors revalidate with If-None-Match: after a funding approval (and after
    the programme is renamed) they get the page with the label, never a stale 304."""
    event = make_event()
    call = make_call()
    _grant(call, 40_000, status="submitted", event=event)
    application = db.session.scalar(select(FundingApplication))
    url = f"/events/{event.id}"
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert html(first).select_one("#funded-by") is None
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    office = app.test_client()
    officer = make_officer(call.programme)
    sign_in(office, officer.email)
    page = f"/funding/applications/{application.id}"
    token = csrf_token(office.get(page))
    approved = office.post(
        f"{page}/approve",
        data={"csrf_token": token, "granted": "400,00", "conditions": "", "proof_due_on": ""},
    )
    assert approved.status_code == 302, approved.get_data(as_text=True)
    # The test's app context outlives requests: forget the officer Flask-Login put into `g`.
    g.pop("_login_user", None)

    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    label = text_of(html(after).select_one("#funded-by"))
    assert label == f"Gefördert im Rahmen von „{call.programme.name}“"

    etag = after.headers["ETag"]
    call.programme.name = "Mitten drin! Jung und aktiv"
    db.session.commit()
    renamed = client.get(url, headers={"If-None-Match": etag})
    assert renamed.status_code == 200
    assert "Mitten drin! Jung und aktiv" in text_of(html(renamed).select_one("#funded-by"))


def test_a_draft_application_leaves_the_public_etag_alone(client, make_event, make_call):
    """Only changes that can alter the label move the data version (feeds stay cached)."""
    event = make_event()
    etag = client.get(f"/events/{event.id}").headers["ETag"]
    _grant(make_call(), 10_000, status="draft", event=event)
    assert client.get(f"/events/{event.id}", headers={"If-None-Match": etag}).status_code == 304
