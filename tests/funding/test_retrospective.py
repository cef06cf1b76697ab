"""The retrospective's funding figures against a hand-computed 2013 fixture, in the document,
the page and every export; old version-1 snapshots without funding still render."""

import csv
import io
import json
from datetime import date

import jsonschema
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from actiondays.exports.json_export import SCHEMA
from actiondays.extensions import db
from actiondays.models import (
    FundingApplication,
    FundingCall,
    FundingCostItem,
    FundingPayout,
    FundingProgramme,
    FundingTier,
    Report,
    Retrospective,
    Role,
)
from actiondays.services.retrospectives import build_document
from tests.conftest import campaign, html, needs_pdf, text_of

EXPECTED = {
    "programmes": ["Aktionstage 2013 – Förderung"],
    "budget_cents": 1_000_000,
    "granted_cents": 400_000,
    "paid_cents": 250_000,
    "reclaimed_cents": 20_000,
    "applications": 3,
    "spent_cents": 230_000,
    "participants_funded": 130,
    "per_participant_cents": 1_769,  # 230,000 cents / 130 participants = 1,769.23 → 1,769
}


def _application(call, event, status, granted, paid=0, reclaim=0, user=None):
    application = FundingApplication(
        call=call,
        event=event,
        region_id=event.region_id,
        applicant_id=user.id if user else None,
        organisation="Verein",
        account_holder="Verein",
        iban="DE89370400440532013000",
        requested_cents=granted or 80_000,
        items=[FundingCostItem(category="Material", amount_cents=granted or 80_000)],
        status=status,
        granted_cents=granted,
        reclaim_cents=reclaim,
    )
    if paid:
        application.payouts = [
            FundingPayout(amount_cents=paid, paid_on=date(2013, 7, 1), created_at=event.created_at)
        ]
    db.session.add(application)
    return application


@pytest.fixture
def funded_2013(make_event, make_user):
    """2013 by hand:

    - A: Hannover, Bildung+Gesundheit, report 100 participants; granted 1,500 €, paid 1,500 €,
      closed with 200 € reclaimed
    - B: Celle, Teilhabe, report 30 participants; granted 2,000 €, paid 1,000 €
    - C: Celle, Bildung, no report; granted 500 €, nothing paid
    - D: Hannover, submitted 800 € (not committed, never counted)
    - a standing programme's approval of 300 € (not this campaign's, never counted)
    """
    user = make_user(Role.ORGANISER, regions=("region-hannover", "landkreis-celle"))
    programme = FundingProgramme(
        name="Aktionstage 2013 – Förderung", kind="action_days", campaign=campaign(2013)
    )
    call = FundingCall(
        programme=programme,
        title="Mitmachtage 2013",
        opens_on=date(2013, 3, 1),
        closes_on=date(2013, 9, 30),
        budget_cents=1_000_000,
        tiers=[FundingTier(name="Aktion", max_cents=200_000)],
    )
    standing = FundingCall(
        programme=FundingProgramme(name="Mitten drin!", kind="standing"),
        title="Mitten drin! 2014",
        opens_on=date(2014, 7, 1),
        closes_on=date(2015, 6, 30),
        budget_cents=5_000_000,
        tiers=[FundingTier(name="Mikro", max_cents=50_000)],
    )
    a = make_event(day=date(2013, 6, 15), themes=["bildung", "gesundheit"])
    b = make_event(day=date(2013, 7, 2), region_slug="landkreis-celle", themes=["teilhabe"])
    c = make_event(day=date(2013, 8, 9), region_slug="landkreis-celle", themes=["bildung"])
    d = make_event(day=date(2013, 9, 1), themes=["bildung"])
    db.session.add_all(
        [Report(event=a, participants=100), Report(event=b, participants=30), programme]
    )
    _application(call, a, "closed", 150_000, paid=150_000, reclaim=20_000, user=user)
    _application(call, b, "paid_out", 200_000, paid=100_000, user=user)
    _application(call, c, "approved", 50_000, user=user)
    _application(call, d, "submitted", None, user=user)
    _application(standing, d, "approved", 30_000, user=user)
    db.session.commit()
    return campaign(2013)


def test_document_funding_matches_the_hand_computed_fixture(funded_2013):
    funding = build_document(funded_2013, None)["figures"]["funding"]
    assert {k: funding[k] for k in EXPECTED} == EXPECTED
    by_region = {
        r["slug"]: (r["applications"], r["granted_cents"], r["paid_cents"], r["reclaimed_cents"])
        for r in funding["by_region"]
    }
    assert by_region == {
        "region-hannover": (1, 150_000, 150_000, 20_000),
        "landkreis-celle": (2, 250_000, 100_000, 0),
    }
    by_theme = {
        t["slug"]: (t["applications"], t["granted_cents"], t["paid_cents"], t["reclaimed_cents"])
        for t in funding["by_theme"]
    }
    assert by_theme == {
        "bildung": (2, 200_000, 150_000, 20_000),
        "gesundheit": (1, 150_000, 150_000, 20_000),
        "teilhabe": (1, 200_000, 100_000, 0),
    }


def test_a_year_without_programme_has_no_funding(seeded):
    assert build_document(campaign(2012), None)["figures"]["funding"] is None


def test_published_page_and_every_export_carry_the_funding(client, funded_2013, publish_year):
    publish_year(2013)
    page = html(client.get("/retrospectives/2013"))
    section = page.select_one("#funding-figures")
    assert "4.000,00 €" in text_of(section)
    assert text_of(page.select_one("#funding-per-participant")) == "17,69 €"
    rows = {
        text_of(tr.th): [text_of(td) for td in tr.select("td")]
        for tr in page.select("#funding-by-region tbody tr")
    }
    assert rows["Landkreis Celle"] == ["2", "2.500,00 €", "1.000,00 €", "0,00 €"]

    document = json.loads(client.get("/retrospectives/2013.json").data)
    jsonschema.validate(document, SCHEMA)
    assert document["schema_version"] == 3  # 2 added funding, 3 per-capita figures
    assert {k: document["figures"]["funding"][k] for k in EXPECTED} == EXPECTED

    body = client.get("/retrospectives/2013.csv").data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert ["Bewilligt (€)", "4000,00"] in lines
    assert ["Mittel je teilnehmender Person (€)", "17,69"] in lines

    workbook = load_workbook(io.BytesIO(client.get("/retrospectives/2013.xlsx").data))
    sheet = workbook["Förderung nach Region"]
    values = {row[1]: row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Landkreis Celle"] == (2, 2500, 1000, 0)


@needs_pdf
def test_pdf_carries_the_funding(client, funded_2013, publish_year):
    from pypdf import PdfReader

    publish_year(2013)
    response = client.get("/retrospectives/2013.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    text = text.replace("\xa0", " ")
    assert "4.000,00 €" in text
    assert "17,69 €" in text


def test_old_version_1_snapshot_without_funding_still_renders(client, funded_2013, publish_year):
    publish_year(2013)
    retrospective = db.session.scalar(select(Retrospective))
    old = json.loads(json.dumps(retrospective.snapshot))
    old["schema_version"] = 1
    del old["figures"]["funding"]
    retrospective.snapshot = old
    db.session.commit()
    page = client.get("/retrospectives/2013")
    assert page.status_code == 200
    assert html(page).select_one("#funding") is None
    for suffix in ("csv", "xlsx", "json"):
        assert client.get(f"/retrospectives/2013.{suffix}").status_code == 200
    document = json.loads(client.get("/retrospectives/2013.json").data)
    jsonschema.validate(document, SCHEMA)
    assert document["schema_version"] == 1
    assert client.get("/retrospectives").status_code == 200


def test_reviewer_page_with_funding_runs_at_most_twelve_statements(
    client, funded_2013, make_event, login_as, count_queries
):
    """The funding figures (programmes, budget, totals, reported spending, by region, by theme)
    are one statement: the reviewer's live page of a funded year stays at twelve, and more
    funded events in more regions and themes add none."""
    login_as(Role.REVIEWER)
    page = "/review/retrospectives/2013"
    client.get(page)
    with count_queries() as few:
        assert client.get(page).status_code == 200
    call = db.session.scalar(select(FundingCall).where(FundingCall.title == "Mitmachtage 2013"))
    for number, region in enumerate(["braunschweig", "landkreis-goettingen-bis-2016", "oldenburg"]):
        event = make_event(
            title=f"F{number}", day=date(2013, 6, 20), region_slug=region, themes=["vernetzung"]
        )
        db.session.add(Report(event=event, participants=10))
        _application(call, event, "paid_out", 10_000, paid=10_000)
    db.session.commit()
    client.get(page)
    with count_queries() as many:
        response = client.get(page)
    assert response.status_code == 200
    funding = [s for s in few.statements if "funding_" in s]
    assert len(funding) == 1, funding
    assert few.count <= 12, few.statements
    assert many.count == few.count
    assert "Oldenburg" in response.get_data(as_text=True)
