"""Permission boundaries: organisers see only their own applications (never another region's,
never an IBAN in full); reviewers read everything but cannot decide; officers decide only in
their programme."""

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import FundingApplication, Role
from tests.conftest import html, text_of
from tests.funding.conftest import application_form, post_form


@pytest.fixture
def submitted(client, login_as, make_event, make_call, act_as):
    """A submitted application of a Hannover carrier; returns (application, call, carrier)."""
    carrier = login_as(Role.ORGANISER, regions=("region-hannover",))
    event = make_event()
    call = make_call()
    post_form(client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}"))
    application = db.session.scalar(select(FundingApplication))
    url = f"/funding/applications/{application.id}"
    post_form(client, url, {}, f"{url}/submit")
    return application, call, carrier


def test_organiser_of_another_region_cannot_see_application_or_iban(
    client, submitted, make_user, act_as
):
    application, _call, _carrier = submitted
    act_as(make_user(Role.ORGANISER, regions=("landkreis-celle",)))
    for suffix in ("", "/edit", "/letter.pdf"):
        response = client.get(f"/funding/applications/{application.id}{suffix}")
        assert response.status_code == 403
        assert "DE89" not in response.get_data(as_text=True)


def test_other_organiser_of_the_same_region_cannot_see_it_either(
    client, submitted, make_user, act_as
):
    application, _call, _carrier = submitted
    act_as(make_user(Role.ORGANISER, regions=("region-hannover",)))
    assert client.get(f"/funding/applications/{application.id}").status_code == 403


def test_reviewer_reads_but_cannot_decide(client, submitted, make_user, act_as):
    application, call, _carrier = submitted
    act_as(make_user(Role.REVIEWER))
    url = f"/funding/applications/{application.id}"
    page = html(client.get(url))
    assert text_of(page.select_one("#iban")).startswith("••••")
    assert page.select_one(f"form[action='{url}/approve']") is None
    assert client.get(f"/funding/calls/{call.id}").status_code == 200
    token = html(client.get(url)).select_one("input[name=csrf_token]")["value"]
    response = client.post(f"{url}/approve", data={"granted": "100", "csrf_token": token})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "submitted"


def test_officer_of_another_programme_cannot_decide(
    client, submitted, make_call, make_officer, act_as
):
    application, _call, _carrier = submitted
    other = make_call()
    act_as(make_officer(other.programme))
    url = f"/funding/applications/{application.id}"
    assert client.get(url).status_code == 403
    assert client.get(f"/funding/calls/{_call.id}").status_code == 403


def test_carrier_cannot_approve_own_application(client, submitted):
    application, _call, _carrier = submitted
    url = f"/funding/applications/{application.id}"
    token = html(client.get(url)).select_one("input[name=csrf_token]")["value"]
    assert (
        client.post(f"{url}/approve", data={"granted": "100", "csrf_token": token}).status_code
        == 403
    )
    assert client.get(f"/funding/calls/{_call.id}").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, seeded):
    assert client.get("/funding/").status_code == 302
    assert client.get("/admin/funding/").status_code == 302


def test_only_admins_set_up_programmes(client, login_as):
    login_as(Role.REVIEWER)
    assert client.get("/admin/funding/").status_code == 403
