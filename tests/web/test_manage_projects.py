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
        version=html(page).select_one("input[name=version]")["value"],
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
    response = client.post(
        f"/manage/projects/{project.id}/delete", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.status_code == 302
    flashes = text_of(html(client.get(f"/manage/projects/{project.id}")).select_one(".flashes"))
    assert "Entfernen Sie das Projekt zuerst" in flashes
    assert db.session.get(Project, project.id) is not None


def test_a_draft_project_is_deleted(client, login_as):
    login_as()
    _create(client)
    project = db.session.scalars(select(Project)).one()
    token = csrf_token(client.get(f"/manage/projects/{project.id}"))
    response = client.post(
        f"/manage/projects/{project.id}/delete", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.headers["Location"] == "/manage/"
    assert db.session.scalars(select(Project)).all() == []


@pytest.fixture
def goslar_project(make_user):
    """A project of Landkreis Goslar, created through the service by its own organiser."""
    from actiondays.services.projects import ProjectData, create_project

    def _make(status="draft"):
        owner = make_user(regions=("landkreis-goslar",))
        data = ProjectData(
            name="Goslarer Projekt",
            organisation="Verein",
            region_id=region("landkreis-goslar").id,
            theme_ids=[theme("bildung").id],
            campaign_ids=[campaign(2013).id],
        )
        project = create_project(data, owner)
        # Walk the life cycle to the wanted state (the model refuses shortcuts).
        for step in {"draft": [], "submitted": ["submitted"]}.get(status, ["submitted", status]):
            project.status = step
        db.session.commit()
        return project

    return _make


@pytest.mark.parametrize(
    ("status", "method", "path"),
    [
        ("draft", "get", ""),
        ("draft", "get", "/edit"),
        ("draft", "post", "/submit"),
        ("draft", "post", "/delete"),
        ("submitted", "post", "/withdraw"),
        ("published", "post", "/cancel"),
    ],
)
def test_organiser_cannot_touch_another_regions_project(
    client, login_as, goslar_project, status, method, path
):
    login_as()
    project = goslar_project(status)
    url = f"/manage/projects/{project.id}{path}"
    if method == "get":
        response = client.get(url)
    else:
        token = csrf_token(client.get("/manage/"))
        response = client.post(url, data={"csrf_token": token, "reason": "x", "confirm": "y"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == status


def test_tampered_project_edit_moving_it_to_another_region_is_forbidden(client, login_as):
    login_as()
    _create(client)
    project = db.session.scalars(select(Project)).one()
    page = client.get(f"/manage/projects/{project.id}/edit")
    data = _form(region_id=str(region("landkreis-goslar").id))
    data["csrf_token"] = csrf_token(page)
    assert client.post(f"/manage/projects/{project.id}/edit", data=data).status_code == 403
    db.session.expire_all()
    assert db.session.get(Project, project.id).region.slug == "region-hannover"


def test_project_double_submission_creates_one_project(client, login_as):
    login_as()
    page = client.get("/manage/projects/new")
    data = _form()
    data["csrf_token"] = csrf_token(page)
    data["form_token"] = html(page).select_one("input[name=form_token]")["value"]
    first = client.post("/manage/projects/new", data=data)
    second = client.post("/manage/projects/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Project)) == 1


def test_published_project_is_withdrawn_with_a_reason(client, login_as, goslar_project):
    login_as(Role.REVIEWER)
    project = goslar_project("published")
    token = csrf_token(client.get(f"/manage/projects/{project.id}"))
    empty = client.post(f"/manage/projects/{project.id}/cancel", data={"csrf_token": token})
    assert empty.status_code == 422
    client.post(
        f"/manage/projects/{project.id}/cancel",
        data={"csrf_token": token, "reason": "Förderung beendet"},
    )
    db.session.expire_all()
    assert db.session.get(Project, project.id).status == "cancelled"
