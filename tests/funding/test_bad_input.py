"""Every amount and the IBAN are validated with a specific German message at the field; a
refused form saves nothing and answers 422."""

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import FundingApplication, FundingCostItem, Role
from tests.conftest import html, text_of
from tests.funding.conftest import application_form, post_form


def _error_at(page, field_id: str) -> str:
    node = page.select_one(f"#{field_id}-error")
    assert node is not None, f"no error at {field_id}"
    assert page.select_one(f"#{field_id}")["aria-invalid"] == "true"
    return text_of(node)


CASES = [
    ({"requested": "-5"}, "requested", "Der Betrag darf nicht negativ sein."),
    ({"items-0-amount": "12,345"}, "items-0-amount", "höchstens zwei Nachkommastellen"),
    ({"own_funds": "zehn"}, "own_funds", "Bitte geben Sie einen Betrag in Euro an"),
    (
        {"requested": "400,00"},
        "requested",
        "Der Finanzierungsplan (550,00 €) deckt den Kostenplan (600,00 €) nicht",
    ),
    (
        {"items-0-amount": "5.250,00", "requested": "5.250,00"},
        "requested",
        "über der höchsten Förderstufe",
    ),
    ({"own_funds": "0", "other_funding": "150,00"}, "own_funds", "Eigenanteil von 10 %"),
    ({"iban": "DE89 3704 0044 0532 0130 01"}, "iban", "Die IBAN ist ungültig (Prüfsumme)"),
    ({"iban": "XX12"}, "iban", "Die IBAN ist ungültig"),
    ({"items-0-category": ""}, "items-0-category", "Kategorie"),
    ({"subject": "event:" + "9" * 25}, "subject", "Bitte wählen Sie eine Ihrer Veranstaltungen"),
    ({"subject": "rathaus:1"}, "subject", "Bitte wählen Sie eine Ihrer Veranstaltungen"),
]


@pytest.mark.parametrize(("changes", "field_id", "message"), CASES)
def test_bad_amounts_and_iban_get_a_message_at_the_field(
    client, login_as, make_event, make_call, changes, field_id, message
):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    response = post_form(
        client,
        f"/funding/calls/{call.id}/apply",
        {**application_form(f"event:{event.id}"), **changes},
    )
    assert response.status_code == 422
    assert message in _error_at(html(response), field_id)
    assert db.session.scalar(select(func.count(FundingApplication.id))) == 0
    assert db.session.scalar(select(func.count(FundingCostItem.id))) == 0


def test_refused_edit_keeps_the_saved_plan(client, login_as, make_event, make_call):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    post_form(client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}"))
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}/edit"
    response = post_form(
        client, url, application_form(f"event:{event.id}", **{"items-1-amount": "9999"})
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert [i.amount_cents for i in db.session.get(FundingApplication, application.id).items] == [
        25_000,
        35_000,
    ]


def test_applying_for_another_regions_event_is_forbidden(client, login_as, make_event, make_call):
    login_as(Role.ORGANISER, regions=("region-hannover",))
    foreign = make_event(region_slug="landkreis-celle")
    call = make_call()
    response = post_form(
        client, f"/funding/calls/{call.id}/apply", application_form(f"event:{foreign.id}")
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(FundingApplication.id))) == 0


def test_a_closed_call_takes_no_applications(client, login_as, make_event, make_call):
    from datetime import timedelta

    from tests.funding.conftest import today

    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call(closes_on=today() - timedelta(days=1))
    response = post_form(
        client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}")
    )
    assert response.status_code == 422
    assert "nicht für Anträge geöffnet" in text_of(html(response))


HUGE = "9" * 25
BAD_URLS = [
    f"/funding/applications/{HUGE}",
    f"/funding/applications/{HUGE}/letter.pdf",
    f"/funding/calls/{HUGE}",
    f"/funding/calls/{HUGE}/apply",
    f"/funding/calls/{HUGE}/applications.xlsx",
    "/funding/applications/abc",
    f"/admin/funding/programmes/{HUGE}",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_malformed_funding_urls_are_client_errors(client, login_as, url):
    login_as(Role.ADMIN)
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize(
    "data",
    [
        {"granted": "1e400"},
        {"granted": "NaN"},
        {"granted": "-1"},
        {"granted": "1,2,3"},
        {"granted": "\u0661\u0662"},
        {"granted": "400", "proof_due_on": "31.02.2020"},
    ],
)
def test_malformed_decisions_are_refused_without_change(
    client, login_as, make_event, make_call, make_officer, act_as, data
):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    post_form(client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}"))
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    act_as(make_officer(call.programme))
    response = post_form(client, url, data, f"{url}/approve")
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "submitted"


GARBAGE = {
    "granted": "\u202e1",
    "amount": "9" * 40,
    "paid_on": "2020-13-45",
    "reclaim": "--1",
    "note": "x" * 6000,
    "actual-0": "abc",
    "actual-7": "1",
    "actual_own_funds": "1e999",
    "report": "",
    "officers": ["abc", "-1"],
}


@pytest.mark.parametrize(
    "suffix",
    [
        "approve",
        "reject",
        "changes",
        "payouts",
        "proof",
        "assess/accept",
        "assess/return",
        "submit",
        "withdraw",
    ],
)
def test_garbage_posted_to_every_funding_action_is_a_client_error(
    client, login_as, make_event, make_call, make_officer, act_as, suffix
):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    post_form(client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}"))
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    act_as(make_officer(call.programme))
    response = post_form(client, url, GARBAGE, f"{url}/{suffix}")
    assert response.status_code < 500
    db.session.expire_all()
    state = db.session.get(FundingApplication, application.id).status
    assert state in ("submitted", "rejected", "changes_requested")
    if state != "submitted":  # a note of 6,000 characters is too long: refused
        pytest.fail(f"{suffix} accepted garbage")


def test_garbage_officer_ids_are_refused(client, login_as, make_call):
    login_as(Role.ADMIN)
    call = make_call()
    url = f"/admin/funding/programmes/{call.programme_id}"
    response = post_form(client, url, {"officers": ["abc", "99999999999999999999"]})
    assert 400 <= response.status_code < 500
