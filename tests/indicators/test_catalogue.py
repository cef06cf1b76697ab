"""Managing the indicator catalogue over HTTP, and the shipped population figures."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from actiondays.extensions import db
from actiondays.models import Indicator, IndicatorValue, Role
from actiondays.services.reference import seed_reference_data
from tests.conftest import csrf_token, html, text_of

FORM = {
    "key": "sgb2_quote",
    "name_de": "SGB-II-Quote unter 15",
    "name_en": "SGB II rate under 15",
    "unit": "%",
    "definition": "Anteil der unter 15-Jährigen in Bedarfsgemeinschaften.",
    "source": "Bundesagentur für Arbeit",
    "licence": "dl-de/by-2-0",
    "direction": "higher_is_worse",
    "aggregation": "population_weighted_mean",
    "minimum": "0",
    "maximum": "100",
}


def test_reviewer_adds_an_indicator(client, login_as):
    login_as(Role.REVIEWER, regions=())
    token = csrf_token(client.get("/review/indicators/"))
    response = client.post("/review/indicators/", data={**FORM, "csrf_token": token})
    assert response.status_code == 302
    indicator = db.session.scalar(select(Indicator).where(Indicator.key == "sgb2_quote"))
    assert indicator.maximum == Decimal(100)
    assert indicator.name_en == "SGB II rate under 15"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"key": "SGB II"}, "key", "Der Schlüssel besteht aus 2 bis 60"),
        ({"key": "population"}, "key", "Ein Indikator mit diesem Schlüssel gibt es bereits."),
        ({"minimum": "50", "maximum": "10"}, "maximum", "Die Obergrenze darf nicht"),
        ({"maximum": "viel"}, "maximum", "Bitte geben Sie eine Zahl ein"),
        ({"unit": ""}, "unit", "Bitte füllen Sie dieses Feld aus."),
        ({"direction": "sideways"}, "direction", "Keine gültige Auswahl."),
    ],
)
def test_bad_catalogue_entries_are_refused_at_the_field(client, login_as, changes, field, message):
    login_as(Role.ADMIN, regions=())
    token = csrf_token(client.get("/review/indicators/"))
    response = client.post("/review/indicators/", data={**FORM, **changes, "csrf_token": token})
    assert response.status_code == 422
    error = html(response).select_one(f"#{field}-error")
    assert error is not None
    assert message.lower()[:20] in text_of(error).lower()
    assert db.session.scalar(select(Indicator).where(Indicator.key == "sgb2_quote")) is None


def test_stale_edit_is_refused_with_409(client, login_as, make_indicator):
    indicator = make_indicator()
    login_as(Role.REVIEWER, regions=())
    page = client.get(f"/review/indicators/{indicator.id}")
    token = csrf_token(page)
    form = {**FORM, "key": "kinderarmut", "csrf_token": token, "version": "1"}
    assert client.post(f"/review/indicators/{indicator.id}", data=form).status_code == 302
    again = client.post(f"/review/indicators/{indicator.id}", data={**form, "unit": "Prozent"})
    assert again.status_code == 409
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).unit == "%"


def test_seed_ships_the_2018_population_of_every_current_district(app):
    seed_reference_data()
    db.session.commit()
    total = db.session.scalar(
        select(func.sum(IndicatorValue.value)).join(Indicator).where(Indicator.key == "population")
    )
    count = db.session.scalar(
        select(func.count(IndicatorValue.id)).join(Indicator).where(Indicator.key == "population")
    )
    assert count == 45
    assert total == 7_982_448
    result = seed_reference_data()
    assert (result.created, result.updated) == (0, 0)
