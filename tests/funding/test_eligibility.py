"""Who may apply: a call may be open only to some kinds of organisation (a fixed list; the
free text explains). Applying or submitting as another kind is refused at the field."""

from datetime import timedelta

from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import FundingApplication, Role
from tests.conftest import html, text_of
from tests.funding.conftest import application_form, post_form, today


def _restricted(make_call):
    return make_call(eligible_kinds="youth_welfare,association")


def test_dashboard_and_form_name_who_may_apply(client, login_as, make_call):
    login_as(Role.ORGANISER)
    call = _restricted(make_call)
    dashboard = text_of(html(client.get("/funding/")))
    assert (
        "Antragsberechtigt: Träger der Kinder- und Jugendhilfe, Verein oder Verband. "
        "Träger der Jugendhilfe und Vereine" in dashboard
    )
    form = html(client.get(f"/funding/calls/{call.id}/apply"))
    values = [o["value"] for o in form.select("select[name=applicant_kind] option")]
    assert values == ["", "youth_welfare", "association", "school", "public_body", "initiative"]


def test_other_kinds_are_refused_with_a_message_at_the_field(
    client, login_as, make_call, make_event
):
    login_as(Role.ORGANISER)
    call = _restricted(make_call)
    event = make_event(day=today() + timedelta(days=5), year=2013)
    url = f"/funding/calls/{call.id}/apply"
    for kind in ("school", "", "robots"):
        refused = post_form(client, url, application_form(f"event:{event.id}", applicant_kind=kind))
        assert refused.status_code == 422
        page = html(refused)
        error = text_of(page.select_one("#applicant_kind-error"))
        assert "Bitte wählen Sie die Art Ihrer Organisation" in error
    assert db.session.scalar(select(func.count()).select_from(FundingApplication)) == 0

    accepted = post_form(
        client, url, application_form(f"event:{event.id}", applicant_kind="association")
    )
    assert accepted.status_code == 302, accepted.get_data(as_text=True)
    application = db.session.scalar(select(FundingApplication))
    assert application.applicant_kind == "association"


def test_unrestricted_calls_take_every_applicant(client, login_as, make_call, make_event):
    login_as(Role.ORGANISER)
    call = make_call()
    event = make_event(day=today() + timedelta(days=5), year=2013)
    response = post_form(
        client, f"/funding/calls/{call.id}/apply", application_form(f"event:{event.id}")
    )
    assert response.status_code == 302
    assert db.session.scalar(select(FundingApplication)).applicant_kind is None


def test_submission_is_refused_when_the_call_narrowed_meanwhile(
    client, login_as, make_call, make_event
):
    login_as(Role.ORGANISER)
    call = _restricted(make_call)
    event = make_event(day=today() + timedelta(days=5), year=2013)
    post_form(
        client,
        f"/funding/calls/{call.id}/apply",
        application_form(f"event:{event.id}", applicant_kind="association"),
    )
    application = db.session.scalar(select(FundingApplication))
    call.eligible_kinds = "youth_welfare"
    db.session.commit()
    url = f"/funding/applications/{application.id}"
    response = post_form(client, url, {}, f"{url}/submit")
    assert response.status_code == 302
    page = text_of(html(client.get(url)))
    assert "Dieser Aufruf richtet sich nur an: Träger der Kinder- und Jugendhilfe." in page
    db.session.expire_all()
    assert db.session.get(FundingApplication, application.id).status == "draft"
