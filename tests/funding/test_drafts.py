"""Applicants delete their own drafts (a ticked box confirms it) and a stale edit of a draft
answers 409 with a clear message, with nothing saved."""

from datetime import timedelta

from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, FundingApplication, FundingCostItem, Role
from tests.conftest import csrf_token, html, text_of
from tests.funding.conftest import application_form, post_form, today


def _draft(client, call, event) -> FundingApplication:
    response = post_form(
        client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}")
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(FundingApplication).order_by(FundingApplication.id.desc()))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_applicant_deletes_own_draft_after_confirming(client, login_as, make_event, make_call):
    login_as(Role.ORGANISER)
    call = make_call()
    application = _draft(client, call, make_event(day=today() + timedelta(days=5), year=2013))
    url = f"/funding/applications/{application.id}"
    page = html(client.get(url))
    form = page.select_one(f"form[action='{url}/delete']")
    assert form is not None
    assert form.select_one("input[name=confirm]")["value"] == "y"

    unconfirmed = post_form(client, url, {}, f"{url}/delete")
    assert unconfirmed.status_code == 422
    assert "bestätigen" in text_of(html(unconfirmed))
    assert _count(FundingApplication) == 1

    deleted = post_form(client, url, {"confirm": "y"}, f"{url}/delete")
    assert deleted.status_code == 302
    assert deleted.headers["Location"].endswith("/funding/")
    assert _count(FundingApplication) == 0
    assert _count(FundingCostItem) == 0
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "funding.delete"
    )
    assert client.get(url).status_code == 404


def test_only_own_drafts_can_be_deleted(client, login_as, make_event, make_call, make_user, act_as):
    owner = login_as(Role.ORGANISER)
    call = make_call()
    application = _draft(client, call, make_event(day=today() + timedelta(days=5), year=2013))
    url = f"/funding/applications/{application.id}"
    assert post_form(client, url, {}, f"{url}/submit").status_code == 302
    # Submitted: no delete button, and the route refuses.
    assert html(client.get(url)).select_one(f"form[action='{url}/delete']") is None
    assert post_form(client, url, {"confirm": "y"}, f"{url}/delete").status_code == 403
    assert post_form(client, url, {}, f"{url}/withdraw").status_code == 302
    # Another organiser of the same region sees nothing to delete.
    colleague = make_user(Role.ORGANISER, regions=("region-hannover",))
    act_as(colleague)
    token = csrf_token(client.get("/funding/"))
    refused = client.post(f"{url}/delete", data={"csrf_token": token, "confirm": "y"})
    assert refused.status_code == 403
    assert _count(FundingApplication) == 1
    assert owner.id != colleague.id


def test_stale_draft_edit_answers_409_and_saves_nothing(client, login_as, make_event, make_call):
    login_as(Role.ORGANISER)
    call = make_call()
    event = make_event(day=today() + timedelta(days=5), year=2013)
    application = _draft(client, call, event)
    edit_url = f"/funding/applications/{application.id}/edit"
    first = html(client.get(edit_url))
    version = first.select_one("input[name=version]")["value"]
    assert version == str(application.version)
    token = first.select_one("input[name=csrf_token]")["value"]
    # A second tab saves first.
    newer = post_form(
        client, edit_url, {**application_form(f"event:{event.id}"), "version": version}
    )
    assert newer.status_code == 302
    stale = client.post(
        edit_url,
        data={
            **application_form(f"event:{event.id}", organisation="Veralteter Stand"),
            "version": version,
            "csrf_token": token,
        },
    )
    assert stale.status_code == 409
    assert "Jemand anderes hat" in text_of(html(stale))
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).organisation != "Veralteter Stand"
    tampered = post_form(
        client, edit_url, {**application_form(f"event:{event.id}"), "version": "abc"}
    )
    assert tampered.status_code == 409
