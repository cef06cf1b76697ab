"""Offline geocoding from the postal code: coordinates and district on the organiser's pages."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.geo.postcodes import Place, coordinates, distance_km, hint
from actiondays.models import Event, Role
from actiondays.models.event import BERLIN
from tests.conftest import csrf_token, event_form, html, region, text_of, theme


def test_postal_code_gives_the_centre_of_its_area():
    latitude, longitude = coordinates("30159")
    assert distance_km((latitude, longitude), (52.3745, 9.7386)) < 3  # Hannover Mitte


@pytest.mark.parametrize("code", ["", "3015", "abcde", "00000", "301590"])
def test_unknown_or_malformed_postal_code_gives_nothing(code):
    assert coordinates(code) is None


def test_hint_warns_only_when_the_chosen_place_is_clearly_farther():
    places = [Place("h", 52.375, 9.732), Place("lg", 53.21, 10.65)]
    assert hint("30159", "h", places).mismatch is False
    wrong = hint("30159", "lg", places)
    assert wrong.suggested == "h"
    assert wrong.mismatch is True
    assert hint("30159", None, places).mismatch is False


def test_event_page_warns_when_the_postal_code_lies_in_another_district(
    client, login_as, make_event
):
    login_as(Role.REVIEWER)
    event = make_event(region_slug="landkreis-lueneburg", venue_postal_code="30159", status="draft")
    note = html(client.get(f"/manage/events/{event.id}")).select_one(".postcode-hint")
    assert note is not None
    text = text_of(note)
    assert "Bitte prüfen Sie die Region" in text
    assert "Region Hannover" in text
    assert "Landkreis Lüneburg" in text
    assert "Breitengrad 52.37454" in text


def test_matching_district_gives_no_warning_but_suggests_coordinates(client, login_as, make_event):
    login_as(Role.REVIEWER)
    event = make_event(venue_postal_code="30159", status="draft")
    page = html(client.get(f"/manage/events/{event.id}/edit"))
    note = page.select_one(".postcode-hint")
    assert "Bitte prüfen" not in text_of(note)
    assert "Region Hannover" in text_of(note)


def test_historic_event_is_checked_against_the_districts_of_its_time(client, login_as, make_event):
    login_as(Role.REVIEWER)
    event = make_event(
        day=date(2013, 6, 15),
        region_slug="landkreis-osterode-am-harz",
        venue_postal_code="37520",  # Osterode am Harz
        status="draft",
    )
    note = html(client.get(f"/manage/events/{event.id}")).select_one(".postcode-hint")
    assert "Bitte prüfen" not in text_of(note)
    assert "Osterode" in text_of(note)


# --- the form itself: coordinates and district from the postal code, before anything is saved


def _new_form(client, campaign, region_slug="region-hannover", **overrides) -> dict:
    page = client.get("/manage/events/new")
    assert page.status_code == 200
    data = event_form(campaign.id, region(region_slug).id, [theme("bildung").id])
    data.update(
        csrf_token=csrf_token(page),
        form_token=html(page).select_one("input[name=form_token]")["value"],
        **overrides,
    )
    return data


def _value(page, name: str) -> str:
    return page.select_one(f"input[name={name}]")["value"]


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def test_the_form_offers_the_postal_code_button(client, login_as, open_campaign):
    login_as()
    page = html(client.get("/manage/events/new"))
    button = page.select_one("form.event-form button[name=geocode]")
    assert text_of(button) == "Koordinaten aus der Postleitzahl übernehmen"
    # Enter in a field still saves: the default button (the first in the form) is "Speichern"
    assert text_of(page.select("form.event-form button[type=submit]")[0]) == "Speichern"


def test_postal_code_button_fills_coordinates_and_names_the_district_without_saving(
    client, login_as, open_campaign
):
    login_as()
    data = _new_form(client, open_campaign, latitude="", longitude="", geocode="1")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 200
    page = html(response)
    latitude, longitude = float(_value(page, "latitude")), float(_value(page, "longitude"))
    assert distance_km((latitude, longitude), (52.3745, 9.7386)) < 3
    note = text_of(page.select_one(".postcode-hint"))
    assert "Region Hannover" in note
    assert "noch nichts gespeichert" in note
    assert "Bitte prüfen" not in note
    assert page.select_one(".error-summary") is None
    assert _value(page, "title") == "Spielefest im Stadtpark"  # the rest of the form stays
    assert _events() == 0


def test_postal_code_button_warns_when_the_chosen_region_does_not_fit(
    client, login_as, open_campaign
):
    login_as(regions=("region-hannover", "landkreis-lueneburg"))
    data = _new_form(client, open_campaign, region_slug="landkreis-lueneburg", geocode="1")
    page = html(client.post("/manage/events/new", data=data))
    note = page.select_one(".postcode-hint.alert-warning")
    assert note is not None
    assert "Bitte prüfen Sie die Region" in text_of(note)
    assert "Region Hannover" in text_of(note)
    assert "Landkreis Lüneburg" in text_of(note)
    assert _events() == 0


def test_postal_code_button_on_an_incomplete_form_shows_no_other_errors(
    client, login_as, open_campaign
):
    login_as()
    data = _new_form(client, open_campaign, title="", themes=[], geocode="1")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 200
    page = html(response)
    assert page.select_one(".error-summary") is None
    assert _value(page, "latitude").startswith("52.")


@pytest.mark.parametrize("code", ["00000", "3015", ""])
def test_postal_code_button_with_an_unknown_code_says_so(client, login_as, open_campaign, code):
    login_as()
    data = _new_form(client, open_campaign, venue_postal_code=code, geocode="1")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 422
    assert "keine Koordinaten für diese Postleitzahl" in text_of(
        html(response).select_one(".error-summary")
    )
    assert _events() == 0


def test_saving_a_region_that_does_not_fit_the_postal_code_asks_first(
    client, login_as, open_campaign
):
    login_as(regions=("region-hannover", "landkreis-lueneburg"))
    data = _new_form(client, open_campaign, region_slug="landkreis-lueneburg")
    response = client.post("/manage/events/new", data=data)
    assert response.status_code == 422
    page = html(response)
    assert "liegt in oder bei Region Hannover" in text_of(page.select_one(".error-summary"))
    assert page.select_one("input[name=region_confirmed]") is not None
    assert _events() == 0
    data.update(region_confirmed="y")
    assert client.post("/manage/events/new", data=data).status_code == 302
    assert db.session.scalars(select(Event)).one().region.slug == "landkreis-lueneburg"


def test_saving_a_fitting_region_is_not_asked(client, login_as, open_campaign):
    login_as()
    data = _new_form(client, open_campaign)
    assert client.post("/manage/events/new", data=data).status_code == 302
    assert _events() == 1


def test_edit_form_button_fills_coordinates_and_changes_nothing(
    client, login_as, make_event, open_campaign
):
    login_as(Role.REVIEWER)
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(campaign=open_campaign, day=day, venue_postal_code="30159", status="draft")
    version = event.version
    page = client.get(f"/manage/events/{event.id}/edit")
    data = event_form(open_campaign.id, event.region_id, [theme("bildung").id])
    data.update(
        csrf_token=csrf_token(page),
        version=str(version),
        venue_postal_code="21335",  # Lüneburg
        latitude="",
        longitude="",
        geocode="1",
    )
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 200
    page = html(response)
    assert (
        distance_km(
            (float(_value(page, "latitude")), float(_value(page, "longitude"))), (53.25, 10.41)
        )
        < 5
    )
    assert "Landkreis Lüneburg" in text_of(page.select_one(".postcode-hint.alert-warning"))
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    assert (stored.version, stored.venue_postal_code, stored.latitude) == (version, "30159", None)


def test_edit_that_keeps_region_and_postal_code_is_not_asked_again(
    client, login_as, make_event, open_campaign
):
    login_as(Role.REVIEWER)
    day = datetime.now(BERLIN).date() + timedelta(days=5)
    event = make_event(
        campaign=open_campaign,
        day=day,
        region_slug="landkreis-lueneburg",
        venue_postal_code="30159",
        status="draft",
    )
    page = client.get(f"/manage/events/{event.id}/edit")
    data = event_form(open_campaign.id, event.region_id, [theme("bildung").id])
    data.update(csrf_token=csrf_token(page), version=str(event.version), title="Neuer Titel")
    assert client.post(f"/manage/events/{event.id}/edit", data=data).status_code == 302
    page = client.get(f"/manage/events/{event.id}/edit")
    data.update(
        csrf_token=csrf_token(page),
        version=html(page).select_one("input[name=version]")["value"],
        venue_postal_code="30161",
    )
    response = client.post(f"/manage/events/{event.id}/edit", data=data)
    assert response.status_code == 422  # the postal code changed: asked again
    assert "Bitte prüfen Sie die Region" in text_of(html(response).select_one(".error-summary"))
