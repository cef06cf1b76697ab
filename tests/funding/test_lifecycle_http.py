"""The whole life cycle over HTTP: a carrier applies, the officer approves within the budget,
the letter is issued, payout and proof of use are recorded, the officer closes with a reclaim."""

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, FundingApplication, Role
from tests.conftest import html, needs_pdf, text_of
from tests.funding.conftest import application_form, post_form, today


def _apply(client, call, event):
    return post_form(
        client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}")
    )


def test_full_life_cycle_as_carrier_and_officer(
    client, login_as, make_event, make_call, make_officer, act_as
):
    carrier = login_as(Role.ORGANISER, regions=("region-hannover",))
    event = make_event(day=today() + timedelta(days=5), year=2013)
    call = make_call()
    officer = make_officer(call.programme)

    response = _apply(client, call, event)
    assert response.status_code == 302, response.get_data(as_text=True)
    application = db.session.scalar(select(FundingApplication))
    assert application.status == "draft"
    assert application.applicant_id == carrier.id
    assert [i.amount_cents for i in application.items] == [25_000, 35_000]
    assert application.requested_cents == 45_000
    assert application.tier.name == "Mikro"
    assert application.iban == "DE89370400440532013000"
    url = f"/funding/applications/{application.id}"

    page = html(client.get(url))
    assert "•••• 3000" in text_of(page.select_one("#iban"))
    assert "450,00 €" in text_of(page.select_one("#requested"))

    assert post_form(client, url, {}, f"{url}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "submitted"

    office = act_as(officer)
    officer_page = html(office.get(url))
    assert text_of(officer_page.select_one("#iban")) == "DE89370400440532013000"
    response = post_form(
        office,
        url,
        {"granted": "400,00", "conditions": "Fotos der Aktion beilegen.", "proof_due_on": ""},
        f"{url}/approve",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    application = db.session.get(FundingApplication, application.id)
    assert application.status == "approved"
    assert application.granted_cents == 40_000
    assert application.proof_due_on == today() + timedelta(days=call.proof_period_days)
    assert "400,00 €" in text_of(html(client.get(url)).select_one("#granted"))

    response = post_form(
        office, url, {"amount": "400", "paid_on": today().isoformat()}, f"{url}/payouts"
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "paid_out"

    act_as(carrier)
    proof = {
        "actual-0": "200,00",
        "actual-1": "350,00",
        "actual_own_funds": "60,00",
        "actual_other_funding": "90,00",
        "report": "Fünf Termine mit 14 Kindern; Aufführung im Stadtteilzentrum.",
    }
    response = post_form(client, url, proof, f"{url}/proof")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    application = db.session.get(FundingApplication, application.id)
    assert application.status == "proof_submitted"
    assert [i.actual_cents for i in application.items] == [20_000, 35_000]

    act_as(officer)
    # Needed 550 − 150 = 400 €, paid 400 €: nothing to reclaim is suggested; the officer sets 50 €.
    response = post_form(office, url, {"reclaim": "50,00", "note": ""}, f"{url}/assess/accept")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    application = db.session.get(FundingApplication, application.id)
    assert application.status == "closed"
    assert application.reclaim_cents == 5_000
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_type == "fundingapplication")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "funding.create",
        "funding.submit",
        "funding.approve",
        "funding.payout",
        "funding.submit_proof",
        "funding.close",
    ]


def test_officer_asks_for_changes_and_the_carrier_resubmits(
    client, login_as, make_event, make_call, make_officer, act_as
):
    carrier = login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    officer = make_officer(call.programme)
    _apply(client, call, event)
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    office = act_as(officer)
    response = post_form(office, url, {"note": "Bitte Honorare aufschlüsseln."}, f"{url}/changes")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "changes_requested"
    act_as(carrier)
    assert "Bitte Honorare aufschlüsseln." in client.get(url).get_data(as_text=True)
    edit = post_form(
        client, f"{url}/edit", application_form(f"event:{event.id}", justification="Neu.")
    )
    assert edit.status_code == 302
    assert post_form(client, url, {}, f"{url}/submit").status_code == 302
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "submitted"


def test_rejection_needs_a_reason(client, login_as, make_event, make_call, make_officer, act_as):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    officer = make_officer(call.programme)
    _apply(client, call, event)
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    office = act_as(officer)
    assert post_form(office, url, {"note": " "}, f"{url}/reject").status_code == 422
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "submitted"
    assert (
        post_form(office, url, {"note": "Nicht förderfähig."}, f"{url}/reject").status_code == 302
    )
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "rejected"


@needs_pdf
def test_decision_letter_amounts_match_the_database(
    client, login_as, make_event, make_call, make_officer, act_as
):
    carrier = login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    officer = make_officer(call.programme)
    _apply(client, call, event)
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    office = act_as(officer)
    post_form(
        office, url, {"granted": "412,34", "conditions": "Belege aufbewahren."}, f"{url}/approve"
    )
    act_as(carrier)
    response = client.get(f"{url}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages
    ).replace("\xa0", " ")
    db.session.expire_all()
    application = db.session.get(FundingApplication, application.id)
    assert application.granted_cents == 41_234
    assert "412,34 €" in text
    assert "450,00 €" in text  # requested
    assert "600,00 €" in text  # total costs
    assert "Belege aufbewahren." in text
    assert application.proof_due_on.strftime("%Y") in text


def test_no_letter_before_a_decision(client, login_as, make_event, make_call):
    login_as(Role.ORGANISER)
    event = make_event()
    call = make_call()
    _apply(client, call, event)
    application = db.session.scalar(select(FundingApplication))
    assert client.get(f"/funding/applications/{application.id}/letter.pdf").status_code == 403


def test_project_application_needs_a_factual_report_in_the_proof(
    client, login_as, make_call, make_officer, act_as
):
    from actiondays.models import Project, ReviewState
    from tests.conftest import region

    carrier = login_as(Role.ORGANISER)
    project = Project(
        name="Mitten drin! Theater",
        organisation="Jugendtreff",
        region=region("region-hannover"),
        status=ReviewState.PUBLISHED.value,
    )
    db.session.add(project)
    db.session.commit()
    call = make_call()
    officer = make_officer(call.programme)
    response = post_form(
        client,
        f"/funding/calls/{call.id}/apply",
        application_form(
            f"project:{project.id}", **{"items-1-amount": "200,00", "requested": "300,00"}
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    application = db.session.scalar(select(FundingApplication))
    assert application.tier.name == "Mikro"
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    act_as(officer)
    post_form(client, url, {"granted": "300"}, f"{url}/approve")
    post_form(client, url, {"amount": "300", "paid_on": today().isoformat()}, f"{url}/payouts")
    act_as(carrier)
    proof = {
        "actual-0": "250",
        "actual-1": "200",
        "actual_own_funds": "60",
        "actual_other_funding": "90",
        "report": "",
    }
    response = post_form(client, url, proof, f"{url}/proof")
    assert response.status_code == 422
    assert "wofür die Mittel verwendet wurden" in text_of(html(response))
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "paid_out"
