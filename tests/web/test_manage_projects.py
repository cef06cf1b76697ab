"""Participating projects: form, partners, campaign years, sustainability, life cycle."""

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Project, Role
from tests.conftest import campaign, csrf_token, html, region, text_of, theme


def _form(**overrides):
    data = {
        "name": "Lernpaten Nordstadt",
        "organisation": "Diakonie Hannover",
        "region_id": str(region("region-hannover").id),
        "themes": [str(theme("bildung").id), str(theme("vernetzung").id)],
        "description": "Ehrenamtliche begleiten Kinder beim Lernen.",
        "website": "https://example.org/lernpaten",
        "target_group": "Grundschulkinder",
        "campaign_ids": [str(campaign(2013).id), str(campaign(2014).id)],
        "partners": "Grundschule am Park\nStadtteilbibliothek\n",
        "continues_after_campaign": "yes",
        "sustainability_note": "Die Stadt finanziert ab 2015 weiter.",
    }
    data.update(overrides)
    return data


def _create(client, **overrides):
    page = client.get("/manage/projects/new")
    data = _form(**overrides)
    data["csrf_token"] = csrf_token(page)
    data["form_token"] = html(page).select_one("input[name=form_token]")["value"]
    return client.post("/manage/projects/new", data=data)


def test_organiser_registers_a_project(client, login_as):
    user = login_as()
    response = _create(client)
    assert response.status_code == 302
    project = db.session.scalars(select(Project)).one()
    assert project.status == "draft"
    assert [p.name for p in project.partners] == ["Grundschule am Park", "Stadtteilbibliothek"]
    assert [c.year for c in project.campaigns] == [2013, 2014]
    assert project.continues_after_campaign is True
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.actor_id == user.id
    assert entry.changes["partners"] == [[], ["Grundschule am Park", "Stadtteilbibliothek"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Bitte geben Sie den Namen des Projekts an."),
        ({"themes": []}, "Bitte wählen Sie mindestens ein Thema."),
        ({"campaign_ids": []}, "Bitte wählen Sie mindestens ein Kampagnenjahr."),
        ({"website": "example.org"}, "vollständige Webadresse"),
        ({"sustainability_note": ""}, "Bitte geben Sie an, wie das Projekt weitergeht."),
    ],
)
def test_project_validation(client, login_as, overrides, message):
    login_as()
    response = _create(client, **overrides)
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_project_for_another_region_is_forbidden(client, login_as):
    login_as()
    response = _create(client, region_id=str(region("landkreis-goslar").id))
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_project_goes_through_review(client, login_as, make_user):
    login_as()
    _create(client)
    project = db.session.scalars(select(Project)).one()
    token = csrf_token(client.get(f"/manage/projects/{project.id}"))
    client.post(f"/manage/projects/{project.id}/submit", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "submitted"
    client.post("/logout", data={"csrf_token": token})
    login_as(Role.REVIEWER)
    queue = html(client.get("/review/?kind=project"))
    assert queue.select_one(f"#project-{project.id}") is not None
    token = csrf_token(client.get("/review/"))
    client.post(f"/review/projects/{project.id}/approve", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "published"


def test_editing_a_project_records_changed_partners(client, login_as):
    login_as()
    _create(client)
    project = db.session.scalars(select(Project)).one()
    page = client.get(f"/manage/projects/{project.id}/edit")
    data = _form(partners="Stadtteilbibliothek")
    data.update(
        csrf_token=csrf_token(page),
        updated_at=html(page).select_one("input[name=updated_at]")["value"],
    )
    assert client.post(f"/manage/projects/{project.id}/edit", data=data).status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.changes == {
        "partners": [["Grundschule am Park", "Stadtteilbibliothek"], ["Stadtteilbibliothek"]]
    }


def test_a_project_named_by_events_cannot_be_deleted(client, login_as, make_event):
    login_as()
    _create(client)
    project = db.session.scalars(select(Project)).one()
    make_event(project=project, status="draft")
    token = csrf_token(client.get(f"/manage/projects/{project.id}"))
    response = client.post(f"/manage/projects/{project.id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    flashes = text_of(html(client.get(f"/manage/projects/{project.id}")).select_one(".flashes"))
    assert "Entfernen Sie das Projekt zuerst" in flashes
    assert db.session.get(Project, project.id) is not None


def test_a_draft_project_is_deleted(client, login_as):
    login_as()
    _create(client)
    project = db.session.scalars(select(Project)).one()
    token = csrf_token(client.get(f"/manage/projects/{project.id}"))
    response = client.post(f"/manage/projects/{project.id}/delete", data={"csrf_token": token})
    assert response.headers["Location"] == "/manage/"
    assert db.session.scalars(select(Project)).all() == []
