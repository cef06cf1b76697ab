"""Hostile and impossible input on the event and project forms and the import: a field or row
error (4xx), never a 500, on SQLite and PostgreSQL alike; nothing is saved."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Campaign, Event, Project, Role
from tests.conftest import campaign, csrf_token, event_form, html, region, text_of, theme
from tests.import_files import csv_bytes, row

HUGE = "9" * 20
CHOICE = "Bitte wählen Sie einen Eintrag aus der Liste."


def _count(model=Event) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _post_event(client, camp, url="/manage/events/new", region_slug="region-hannover", **over):
    page = client.get(url)
    data = event_form(camp.id, region(region_slug).id, [theme("bildung").id])
    token = html(page).select_one("input[name=form_token]")
    data.update(csrf_token=csrf_token(page), form_token=token["value"] if token else "")
    data.update(over)
    return client.post(url, data=data)


def _errors(response) -> str:
    summary = html(response).select_one(".error-summary")
    return text_of(summary) if summary else ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"campaign_id": HUGE}, CHOICE),
        ({"campaign_id": "²"}, CHOICE),
        ({"region_id": HUGE}, CHOICE),
        ({"region_id": "2147483648"}, CHOICE),
        ({"themes": [HUGE]}, CHOICE),
        ({"themes": ["²"]}, CHOICE),
        ({"project_id": HUGE}, CHOICE),
        ({"target_age_min": HUGE}, "höchstens 2147483647"),
        ({"target_age_max": "²"}, "Bitte geben Sie eine ganze Zahl an."),
        ({"latitude": "nan", "longitude": "1"}, "Bitte geben Sie eine Zahl wie 52.37 an."),
        ({"title": "Fest\x01"}, "Steuerzeichen"),
        ({"description": "a\x1b[31m"}, "Steuerzeichen"),
        ({"start_date": "31.02.2027"}, "Diesen Tag gibt es nicht: 31.02.2027."),
        ({"start_time": "25:00"}, "Bitte geben Sie eine Uhrzeit im Format HH:MM an."),
    ],
)
def test_hostile_event_form_values_get_a_field_error(
    client, login_as, open_campaign, overrides, message
):
    login_as()
    response = _post_event(client, open_campaign, **overrides)
    assert response.status_code == 422
    assert message in _errors(response)
    assert _count() == 0


def test_an_overlong_form_token_never_reaches_the_database(client, login_as, open_campaign):
    login_as()
    response = _post_event(client, open_campaign, form_token="x" * 37)
    assert response.status_code == 302
    assert db.session.scalars(select(Event)).one().form_token is None


@pytest.mark.parametrize("version", ["²", HUGE, "-1", "abc"])
def test_a_malformed_version_is_a_conflict_not_a_crash(client, login_as, make_event, version):
    login_as(role=Role.REVIEWER)
    event = make_event(status="draft")
    url = f"/manage/events/{event.id}/edit"
    response = _post_event(client, event.campaign, url=url, version=version, title="Neu")
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Event, event.id).title != "Neu"


@pytest.mark.parametrize(
    "overrides",
    [{"region_id": HUGE}, {"themes": [HUGE]}, {"campaign_ids": [HUGE]}, {"campaign_ids": ["²"]}],
)
def test_hostile_project_form_values_get_a_field_error(client, login_as, seeded, overrides):
    login_as()
    page = client.get("/manage/projects/new")
    data = {
        "csrf_token": csrf_token(page),
        "form_token": "y" * 40,
        "name": "Lesepaten",
        "organisation": "Bürgerstiftung",
        "region_id": str(region("region-hannover").id),
        "themes": [str(theme("bildung").id)],
        "campaign_ids": [str(campaign(2013).id)],
        **overrides,
    }
    response = client.post("/manage/projects/new", data=data)
    assert response.status_code == 422
    assert CHOICE in _errors(response)
    assert _count(Project) == 0


# Regions and their validity ---------------------------------------------------------------


def test_a_region_that_no_longer_existed_is_refused_for_a_new_campaign(
    client, login_as, open_campaign
):
    login_as(role=Role.REVIEWER)
    response = _post_event(client, open_campaign, region_slug="landkreis-osterode-am-harz")
    assert response.status_code == 422
    assert "Landkreis Osterode am Harz bestand im Aktionszeitraum der Kampagne" in _errors(response)
    assert _count() == 0


@pytest.mark.parametrize("slug", ["landkreis-osterode-am-harz", "landkreis-goettingen-bis-2016"])
def test_a_reviewer_saves_an_edit_of_a_2013_event_in_a_merged_district(
    client, login_as, make_event, slug
):
    login_as(role=Role.REVIEWER)
    event = make_event(region_slug=slug, status="draft")
    url = f"/manage/events/{event.id}/edit"
    page = html(client.get(url))
    chosen = page.select_one("select[name=region_id] option[selected]")
    assert chosen is not None
    assert chosen["value"] == str(region(slug).id)
    response = _post_event(
        client,
        event.campaign,
        url=url,
        region_slug=slug,
        version=str(event.version),
        start_date="15.06.2013",
        title="Lesefest 2013, überarbeitet",
    )
    assert response.status_code == 302, _errors(response)
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert (saved.title, saved.region.slug) == ("Lesefest 2013, überarbeitet", slug)


def test_a_time_in_the_dst_gap_is_refused(client, login_as, seeded):
    login_as(role=Role.REVIEWER)
    spring = Campaign(
        year=2027,
        title="Frühjahr",
        registration_opens_on=date(2026, 1, 1),
        registration_closes_on=date(2027, 3, 1),
        action_starts_on=date(2027, 3, 1),
        action_ends_on=date(2027, 4, 30),
    )
    db.session.add(spring)
    db.session.commit()
    response = _post_event(
        client, spring, start_date="28.03.2027", start_time="02:30", end_time="04:00"
    )
    assert response.status_code == 422
    assert "Diese Uhrzeit gibt es am 28.03.2027 nicht" in _errors(response)
    assert _count() == 0


# The import -------------------------------------------------------------------------------


def _preview(client, content, name="liste.csv"):
    token = csrf_token(client.get("/manage/import"))
    return client.post(
        "/manage/import/preview",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _row_errors(response) -> list[str]:
    return [text_of(li) for li in html(response).select("ul.row-errors li")]


def test_a_nul_byte_in_an_import_cell_is_a_row_error(client, login_as, open_campaign):
    login_as()
    response = _preview(client, csv_bytes([row(open_campaign.year, Ort="Hann\x00over")]))
    assert response.status_code == 422
    assert any(e.startswith("Fehler: Ort:") and "Steuerzeichen" in e for e in _row_errors(response))


def test_the_import_reports_every_error_of_a_row_at_once(client, login_as, open_campaign):
    login_as()
    content = csv_bytes([row(open_campaign.year, PLZ="3015", **{"Erster Tag": "morgen"})])
    errors = _row_errors(_preview(client, content))
    assert "Fehler: PLZ: Bitte geben Sie eine fünfstellige Postleitzahl an." in errors
    assert any(e.startswith("Fehler: Erster Tag: Bitte geben Sie ein Datum") for e in errors)
    assert not any("Bitte geben Sie das Datum an" in e for e in errors)


def test_the_import_tells_an_impossible_date_from_a_wrong_format(client, login_as, open_campaign):
    login_as()
    content = csv_bytes(
        [
            row(open_campaign.year, **{"Erster Tag": "31.02.2027"}),
            row(open_campaign.year, **{"Erster Tag": "2027/02/03"}),
        ]
    )
    errors = _row_errors(_preview(client, content))
    assert (
        "Fehler: Erster Tag: Diesen Tag gibt es nicht: 31.02.2027. Bitte prüfen Sie Tag und Monat."
        in errors
    )
    assert (
        "Fehler: Erster Tag: Bitte geben Sie ein Datum im Format TT.MM.JJJJ an. "
        "Auch JJJJ-MM-TT ist möglich." in errors
    )


def test_the_import_refuses_a_region_outside_the_campaign_with_the_forms_sentence(
    client, login_as, open_campaign
):
    login_as(role=Role.REVIEWER)
    content = csv_bytes([row(open_campaign.year, Region="Landkreis Osterode am Harz")])
    errors = _row_errors(_preview(client, content))
    assert any(
        e.startswith("Fehler: Region: Landkreis Osterode am Harz bestand im Aktionszeitraum")
        for e in errors
    )


def test_the_unchanged_template_imports(client, login_as, open_campaign):
    login_as()
    template = client.get("/manage/import/vorlage.csv").get_data()
    assert f";{open_campaign.year};".encode() in template
    response = _preview(client, template, "aktionstage-vorlage.csv")
    assert response.status_code == 200, _row_errors(response)
    assert len(html(response).select("tr.row-ok")) == 1
