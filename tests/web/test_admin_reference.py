"""Admin pages for campaigns and themes."""

from datetime import date

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import AuditEntry, Campaign, Role, Theme
from tests.conftest import csrf_token, html, text_of


def _post(client, path, **data):
    data["csrf_token"] = csrf_token(client.get("/admin/campaigns"))
    return client.post(path, data=data)


def test_next_campaign_copies_last_years_windows_shifted(client, login_as):
    admin = login_as(Role.ADMIN)
    response = _post(client, "/admin/campaigns/next")
    new = db.session.scalars(select(Campaign).where(Campaign.year == 2015)).one()
    assert response.headers["Location"] == f"/admin/campaigns/{new.id}"
    last = db.session.scalars(select(Campaign).where(Campaign.year == 2014)).one()
    assert new.registration_opens_on == last.registration_opens_on.replace(year=2015)
    assert new.action_ends_on == date(2015, 10, 5)
    assert "2015" in new.title
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id) == ("create", admin.id)


def test_campaign_windows_are_edited_and_checked(client, login_as):
    login_as(Role.ADMIN)
    campaign = db.session.scalars(select(Campaign).where(Campaign.year == 2014)).one()
    values = {
        "title": "Aktionstage 2014",
        "motto": "Vernetzung und Nachhaltigkeit",
        "registration_opens_on": "2014-01-01",
        "registration_closes_on": "2013-12-01",
        "action_starts_on": "2014-04-01",
        "action_ends_on": "2014-10-05",
    }
    response = _post(client, f"/admin/campaigns/{campaign.id}", **values)
    assert response.status_code == 422
    assert "Der Anmeldeschluss muss nach dem Anmeldebeginn liegen." in text_of(
        html(response).select_one(".error-summary")
    )
    values["registration_closes_on"] = "2014-08-31"
    assert _post(client, f"/admin/campaigns/{campaign.id}", **values).status_code == 302
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).registration_closes_on == date(2014, 8, 31)


def test_admin_adds_a_theme(client, login_as):
    login_as(Role.ADMIN)
    response = _post(client, "/admin/themes", slug="kultur", name_de="Kultur", name_en="Culture")
    assert response.status_code == 302
    theme = db.session.scalars(select(Theme).where(Theme.slug == "kultur")).one()
    assert theme.position == 5


@pytest.mark.parametrize(
    ("slug", "message"),
    [("Kultur!", "nur Kleinbuchstaben"), ("bildung", "bereits vergeben")],
)
def test_theme_short_names_are_checked(client, login_as, slug, message):
    login_as(Role.ADMIN)
    response = _post(client, "/admin/themes", slug=slug, name_de="X", name_en="X")
    assert response.status_code == 422
    assert message in text_of(html(response).select_one(".error-summary"))


def test_reviewers_cannot_manage_campaigns_or_themes(client, login_as):
    login_as(Role.REVIEWER)
    token = csrf_token(client.get("/review/"))
    assert client.post("/admin/campaigns/next", data={"csrf_token": token}).status_code == 403
    assert client.get("/admin/themes").status_code == 403
    assert db.session.scalars(select(Campaign).where(Campaign.year == 2015)).first() is None
