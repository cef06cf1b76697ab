"""The demo ships the 2013 and 2014 action-day funding and a Mitten drin! call."""

from datetime import date

from sqlalchemy import select

from actiondays.demo import create_demo_data
from actiondays.extensions import db
from actiondays.models import FundingCall, FundingProgramme
from actiondays.services.retrospectives import build_document
from tests.conftest import campaign


def test_demo_funding_follows_the_historic_figures(app, seeded):
    create_demo_data(date(2026, 11, 24))
    calls = {c.programme.name: c for c in db.session.scalars(select(FundingCall))}
    assert calls["Aktionstage 2013 – Förderung"].tiers[0].max_cents == 200_000
    assert calls["Aktionstage 2014 – Förderung"].budget_cents == 15_000_000
    mitten_drin = calls["Mitten drin! Jung und aktiv in Niedersachsen"]
    assert [t.name for t in mitten_drin.tiers] == ["Mikroprojekt", "Makroprojekt"]
    assert mitten_drin.programme.kind == "standing"
    assert mitten_drin.is_open(date(2026, 11, 24))
    funding = build_document(campaign(2014), None)["figures"]["funding"]
    assert 0 < funding["granted_cents"] <= 15_000_000
    assert funding["by_region"]
    assert funding["by_theme"]
    assert all(p.officers for p in db.session.scalars(select(FundingProgramme))), (
        "every demo programme has a funding officer"
    )
    first = funding
    db.session.rollback()
    create_demo_data(date(2026, 11, 24))
    assert build_document(campaign(2014), None)["figures"]["funding"] == first
