"""Per-capita figures in the retrospective (schema version 3), and older snapshots still render."""

import csv
import io
import json
from decimal import Decimal

import jsonschema
import pytest
from sqlalchemy import delete, select

from actiondays.exports.json_export import SCHEMA
from actiondays.extensions import db
from actiondays.models import Indicator, IndicatorValue, Region, Retrospective
from actiondays.services.retrospective_figures import compute_figures
from tests.conftest import campaign, html, text_of

POPULATION_2012 = {"03241": 1_000_000, "03152": 250_000, "03101": 250_000}


@pytest.fixture
def population_2012(campaign_2012):
    """Only three regions have a population: Hannover and Göttingen took part, Braunschweig not."""
    indicator = db.session.scalar(select(Indicator).where(Indicator.key == "population"))
    db.session.execute(delete(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id))
    for ags, value in POPULATION_2012.items():
        region = db.session.scalar(select(Region).where(Region.ags == ags))
        db.session.add(
            IndicatorValue(indicator=indicator, region=region, year=2012, value=Decimal(value))
        )
    db.session.commit()
    return campaign_2012


def test_per_capita_figures_on_the_hand_computed_fixture(app, population_2012):
    per_capita = compute_figures(campaign(2012))["per_capita"]
    assert per_capita["population"] == 1_500_000
    assert per_capita["regions_with_population"] == 3
    assert per_capita["population_years"] == [2012]
    # Hannover and Göttingen (1,250,000 of 1,500,000) held events: 83.3 %.
    assert per_capita["population_share_taking_part"] == 83.3
    # 3 action days and 80 children reached per 1.5 million inhabitants.
    assert per_capita["action_days_per_10k"] == 0.02
    assert per_capita["children_reached_per_10k"] == 0.53
    by_ags = {row["ags"]: row for row in per_capita["by_region"]}
    assert by_ags["03241"]["events"] == 2
    assert by_ags["03241"]["events_per_10k"] == 0.02
    assert by_ags["03152"]["events_per_10k"] == 0.04
    assert by_ags["03101"]["events_per_10k"] == 0.0
    assert by_ags["03102"]["population"] is None
    assert by_ags["03102"]["events_per_10k"] is None


def test_published_page_and_exports_carry_the_per_capita_figures(
    client, population_2012, publish_year
):
    publish_year(2012)
    page = html(client.get("/retrospectives/2012"))
    section = page.select_one("section[aria-labelledby=per-capita]")
    assert "teilnehmenden Region leben: 83,3 %" in text_of(section)
    rows = {
        text_of(tr.th): [text_of(td) for td in tr.select("td")] for tr in section.select("tbody tr")
    }
    assert rows["Region Hannover"] == ["2", "1.000.000", "0,02"]
    payload = json.loads(client.get("/retrospectives/2012.json").get_data())
    assert payload["schema_version"] == 3
    jsonschema.validate(payload, SCHEMA)
    assert payload["figures"]["per_capita"]["population_share_taking_part"] == 83.3
    body = client.get("/retrospectives/2012.csv").get_data().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    start = lines.index(["Je 10.000 Einwohnerinnen und Einwohner"])
    hannover = next(line for line in lines[start:] if line[:2] == ["03241", "Region Hannover"])
    assert hannover[2:] == ["2", "1000000", "2012", "0,02"]


def test_a_version_1_snapshot_without_per_capita_still_renders(
    client, population_2012, publish_year
):
    retrospective = publish_year(2012)
    snapshot = json.loads(json.dumps(retrospective.snapshot))
    snapshot["schema_version"] = 1
    del snapshot["figures"]["per_capita"]
    db.session.get(Retrospective, retrospective.id).snapshot = snapshot
    db.session.commit()
    response = client.get("/retrospectives/2012")
    assert response.status_code == 200
    assert html(response).select_one("section[aria-labelledby=per-capita]") is None
    payload = json.loads(client.get("/retrospectives/2012.json").get_data())
    jsonschema.validate(payload, SCHEMA)
    assert client.get("/retrospectives/2012.csv").status_code == 200
    assert client.get("/retrospectives/2012.xlsx").status_code == 200
