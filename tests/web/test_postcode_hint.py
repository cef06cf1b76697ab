"""Offline geocoding from the postal code: coordinates and district on the organiser's pages."""

from datetime import date

import pytest

from actiondays.geo.postcodes import Place, coordinates, distance_km, hint
from actiondays.models import Role
from tests.conftest import html, text_of


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
