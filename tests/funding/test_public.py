"""Public pages say "gefördert im Rahmen von …"; amounts only when the programme publishes them."""

from actiondays.extensions import db
from actiondays.models import FundingApplication, FundingCostItem, Project, ReviewState
from tests.conftest import html, region, text_of


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
