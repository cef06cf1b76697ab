"""Item mails: a reviewer's cancellation and edit reach the organiser; the organiser's own
cancellation does not; an approved project carries no calendar file."""

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import OutboxMail, Project, Role
from actiondays.services import transitions
from tests.conftest import csrf_token, region
from tests.mail.conftest import deliver, parts, subject


def test_reviewer_cancellation_reaches_the_organiser_with_the_reason(
    app, client, login_as, make_user, make_event, smtp
):
    owner = make_user()
    event = make_event(created_by=owner)
    login_as(Role.REVIEWER)
    page = client.get(f"/manage/events/{event.id}")
    response = client.post(
        f"/manage/events/{event.id}/cancel",
        data={"csrf_token": csrf_token(page), "reason": "Unwetterwarnung"},
    )
    assert response.status_code == 302
    deliver()
    (message,) = smtp.to(owner.email)
    assert subject(message).startswith("Abgesagt:")
    assert "Unwetterwarnung" in parts(message)[0]


def test_organisers_own_cancellation_sends_no_mail(app, client, login_as, make_event):
    owner = login_as(Role.ORGANISER)
    event = make_event(created_by=owner)
    page = client.get(f"/manage/events/{event.id}")
    client.post(
        f"/manage/events/{event.id}/cancel",
        data={"csrf_token": csrf_token(page), "reason": "Krankheit"},
    )
    assert db.session.scalars(select(OutboxMail.kind)).all() == []


def test_reviewer_edit_tells_the_organiser(app, make_user, make_event, smtp):
    from actiondays.services.events import save_edit

    owner = make_user()
    reviewer = make_user(Role.REVIEWER)
    event = make_event(created_by=owner)
    event.summary = "Neue Kurzbeschreibung von der Prüfstelle."
    save_edit(event, reviewer, {"summary": ["alt", "neu"]})
    db.session.commit()
    deliver()
    (message,) = smtp.to(owner.email)
    assert subject(message).startswith("Von der Kampagnenstelle geändert:")


def test_approved_project_mail_has_no_attachment(app, make_user, smtp):
    owner = make_user()
    reviewer = make_user(Role.REVIEWER)
    project = Project(
        name="Lernpaten",
        organisation="Diakonie",
        region=region("region-hannover"),
        created_by=owner,
        status="submitted",
    )
    db.session.add(project)
    db.session.commit()
    transitions.publish(project, reviewer)
    db.session.commit()
    deliver()
    (message,) = smtp.to(owner.email)
    assert "Lernpaten" in subject(message)
    assert list(message.iter_attachments()) == []
    assert f"/manage/projects/{project.id}" in parts(message)[0]
