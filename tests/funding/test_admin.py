"""Admins set up programmes and calls and assign the funding-officer right, over HTTP."""

from datetime import timedelta

from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import FundingApplication, FundingCall, FundingProgramme, Role
from actiondays.services.funding.decisions import due_proofs_of_use
from tests.conftest import campaign, html, text_of
from tests.funding.conftest import post_form, today


def test_admin_creates_programme_call_and_officer(client, login_as, make_user):
    login_as(Role.ADMIN)
    officer = make_user(Role.ORGANISER, name="Dana Sommer")
    response = post_form(
        client,
        "/admin/funding/programmes/new",
        {
            "name": "Mitten drin!",
            "kind": "standing",
            "campaign_id": "",
            "carrier": "DKSB Landesverband Niedersachsen",
            "description": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    programme = db.session.scalar(select(FundingProgramme))
    url = f"/admin/funding/programmes/{programme.id}"
    response = post_form(
        client,
        f"{url}/calls/new",
        {
            "title": "Förderaufruf 2014",
            "opens_on": today().isoformat(),
            "closes_on": (today() + timedelta(days=90)).isoformat(),
            "budget": "200.000,00",
            "own_contribution_percent": "10",
            "tiers": "Mikroprojekt; 1.000,00\nMakroprojekt; 10.000",
            "eligible_applicants": "Vereine",
            "proof_period_days": "120",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    call = db.session.scalar(select(FundingCall))
    assert call.budget_cents == 20_000_000
    assert [(t.name, t.max_cents) for t in call.tiers] == [
        ("Mikroprojekt", 100_000),
        ("Makroprojekt", 1_000_000),
    ]
    response = post_form(client, url, {"officers": [str(officer.id)]})
    assert response.status_code == 302
    db.session.expire_all()
    assert [u.id for u in db.session.get(FundingProgramme, programme.id).officers] == [officer.id]


def test_bad_call_is_refused_with_messages(client, login_as):
    login_as(Role.ADMIN)
    post_form(
        client,
        "/admin/funding/programmes/new",
        {"name": "Aktionstage 2013", "kind": "action_days", "campaign_id": ""},
    )
    assert db.session.scalar(select(func.count(FundingProgramme.id))) == 0
    post_form(
        client,
        "/admin/funding/programmes/new",
        {"name": "Aktionstage 2013", "kind": "action_days", "campaign_id": str(campaign(2013).id)},
    )
    programme = db.session.scalar(select(FundingProgramme))
    response = post_form(
        client,
        f"/admin/funding/programmes/{programme.id}/calls/new",
        {
            "title": "Aktionen 2013",
            "opens_on": "2013-06-01",
            "closes_on": "2013-05-01",
            "budget": "-1",
            "own_contribution_percent": "0",
            "tiers": "Aktion; 2.000,001",
            "proof_period_days": "90",
        },
    )
    assert response.status_code == 422
    page = html(response)
    assert "nicht negativ" in text_of(page.select_one("#budget-error"))
    assert db.session.scalar(select(func.count(FundingCall.id))) == 0


def test_due_proofs_of_use_for_the_mail_reminders(make_event, make_call, make_user):
    from tests.funding.test_budget import _submitted

    call = make_call(own_percent=0)
    applicant = make_user(Role.ORGANISER)
    due = _submitted(call, make_event(), applicant, 10_000)
    later = _submitted(call, make_event(), applicant, 10_000)
    for application, days in ((due, -1), (later, 20)):
        application.status = "approved"
        application.granted_cents = 10_000
        application.status = "paid_out"
        application.proof_due_on = today() + timedelta(days=days)
    db.session.commit()
    assert due_proofs_of_use(today()) == [due]
    assert due_proofs_of_use(today(), within_days=30) == [due, later]
    later.status = "proof_submitted"
    db.session.commit()
    assert due_proofs_of_use(today(), within_days=30) == [due]
    assert db.session.scalar(select(func.count(FundingApplication.id))) == 2


def test_dashboard_query_count_does_not_grow(
    client, login_as, make_event, make_call, count_queries
):
    from tests.funding.test_budget import _submitted

    user = login_as(Role.ORGANISER)
    call = make_call(own_percent=0)
    _submitted(call, make_event(), user, 10_000)
    client.get("/funding/")
    with count_queries() as few:
        client.get("/funding/")
    for _ in range(4):
        _submitted(call, make_event(), user, 10_000)
    client.get("/funding/")
    with count_queries() as many:
        response = client.get("/funding/")
    assert response.status_code == 200
    assert many.count == few.count
