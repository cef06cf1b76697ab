"""After an import, one confirmed action submits every draft for review (all or none)."""

import io

from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Event
from tests.conftest import csrf_token, html, text_of
from tests.import_files import csv_bytes, row


def _import(client, campaign_year):
    rows = [row(campaign_year), row(campaign_year, Titel="Lesefest", PLZ="30161")]
    token = csrf_token(client.get("/manage/import"))
    preview = client.post(
        "/manage/import/preview",
        data={"csrf_token": token, "file": (io.BytesIO(csv_bytes(rows, ";")), "liste.csv")},
        content_type="multipart/form-data",
    )
    form = html(preview).select_one("form[action='/manage/import/commit']")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    response = client.post("/manage/import/commit", data=data)
    assert response.status_code == 302
    return text_of(html(client.get("/manage/")).select_one(".flashes"))


def _states() -> list[str]:
    db.session.expire_all()
    return sorted(e.status for e in db.session.scalars(select(Event)))


def test_import_result_uses_the_right_plural(client, login_as, open_campaign):
    login_as()
    assert "2 Veranstaltungen als Entwürfe importiert." in _import(client, open_campaign.year)


def test_submit_all_drafts_after_import(client, login_as, open_campaign):
    login_as()
    _import(client, open_campaign.year)
    page = html(client.get("/manage/import"))
    form = page.select_one("form[action='/manage/import/submit-drafts']")
    assert "2 Entwürfe" in text_of(form)
    token = form.select_one("input[name=csrf_token]")["value"]
    refused = client.post("/manage/import/submit-drafts", data={"csrf_token": token})
    assert refused.status_code == 422
    assert _states() == ["draft", "draft"]
    response = client.post(
        "/manage/import/submit-drafts", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.status_code == 302
    assert _states() == ["submitted", "submitted"]
    flashes = text_of(html(client.get("/manage/")).select_one(".flashes"))
    assert "2 Entwürfe wurden zur Prüfung eingereicht." in flashes


def test_submit_all_leaves_other_regions_drafts_alone(client, login_as, make_event, open_campaign):
    make_event(status="draft", region_slug="landkreis-goslar", campaign=open_campaign)
    login_as()
    page = html(client.get("/manage/import"))
    assert page.select_one("form[action='/manage/import/submit-drafts']") is None
