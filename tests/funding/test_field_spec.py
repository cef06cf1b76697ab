"""The application's field specs drive its form and data objects: every field appears there."""

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import FundingApplication, Role
from actiondays.services.funding.applications import ApplicationData, CostItemData
from actiondays.spec.funding import APPLICATION_FIELDS, COST_ITEM_FIELDS
from tests.conftest import html
from tests.funding.conftest import application_form, post_form


def _has_label(page, control) -> bool:
    return page.select_one(f"label[for={control['id']}]") is not None


def test_the_application_form_offers_every_field_of_the_spec(client, login_as, make_call):
    login_as(Role.ORGANISER)
    call = make_call()
    page = html(client.get(f"/funding/calls/{call.id}/apply"))
    for f in APPLICATION_FIELDS:
        control = page.select_one(f"main form [name={f.name}]")
        assert control is not None, f.name
        assert _has_label(page, control), f.name
        assert hasattr(ApplicationData(), f.key), f.name
    for f in COST_ITEM_FIELDS:
        control = page.select_one(f"main form [name=items-0-{f.name}]")
        assert control is not None, f.name
        assert _has_label(page, control), f.name
        assert hasattr(CostItemData(), f.key), f.name


def test_an_edit_form_shows_the_stored_values_of_every_field(
    client, login_as, make_event, make_call
):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    sent = application_form(f"event:{event.id}")
    post_form(client, f"/funding/calls/{call.id}/apply", sent)
    application = db.session.scalar(select(FundingApplication))
    page = html(client.get(f"/funding/applications/{application.id}/edit"))
    assert page.select_one("select[name=subject] option[selected]")["value"] == sent["subject"]
    for name in ("organisation", "account_holder", "items-0-category", "items-1-details"):
        assert page.select_one(f"[name={name}]")["value"] == sent[name].strip(), name
    assert page.select_one("[name=iban]")["value"] == sent["iban"].replace(" ", "")
    justification = page.select_one("textarea[name=justification]").get_text().strip()
    assert justification == sent["justification"]
    assert page.select_one("[name=requested]")["value"] == "450,00"
    assert page.select_one("[name=items-1-amount]")["value"] == "350,00"


def test_the_application_history_names_the_fields_of_the_spec(app):
    from actiondays.services.funding.labels import describe_funding_changes
    from actiondays.spec import history_labels

    labels = history_labels(APPLICATION_FIELDS)
    stored = [f for f in APPLICATION_FIELDS if f.stored]
    assert stored
    assert all(labels[f.key] is f.label for f in stored)
    assert "iban" not in labels  # bank details stay out of the history
    with app.test_request_context(headers={"Accept-Language": "de"}):
        rows = describe_funding_changes(
            {"organisation": ["Alt e. V.", "Neu e. V."], "requested_cents": [100, 25050]}
        )
        texts = [(str(r.label), r.old, r.new) for r in rows]
    assert ("Beantragt", "1,00\xa0€", "250,50\xa0€") in texts
    assert ("Antragstellende Organisation", "Alt e. V.", "Neu e. V.") in texts
