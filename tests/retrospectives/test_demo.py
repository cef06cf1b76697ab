"""The demo data publishes the retrospectives 2010–2013 and leaves 2014 as a draft."""

from datetime import date

from sqlalchemy import select

from actiondays.demo import create_demo_data
from actiondays.extensions import db
from actiondays.models import Campaign, Retrospective


def _states() -> dict[int, tuple[str, int]]:
    rows = db.session.execute(
        select(Campaign.year, Retrospective.status, Retrospective.published_at)
        .join(Retrospective.campaign)
        .order_by(Campaign.year)
    ).all()
    return {year: (status, published_at) for year, status, published_at in rows}


def test_demo_publishes_2010_to_2013_and_keeps_2014_as_draft(seeded):
    create_demo_data(date(2026, 11, 24))
    states = _states()
    assert {year: s for year, (s, _) in states.items()} == {
        2010: "published",
        2011: "published",
        2012: "published",
        2013: "published",
        2014: "draft",
    }
    assert states[2013][1].date() == date(2013, 12, 15)


def test_demo_retrospectives_have_text_and_highlights(client, seeded):
    create_demo_data(date(2026, 11, 24))
    db.session.commit()
    retrospective = db.session.scalar(
        select(Retrospective).join(Retrospective.campaign).where(Campaign.year == 2013)
    )
    assert retrospective.published_by.email == "pruefung@example.org"
    assert len(retrospective.snapshot["editorial"]["highlights"]) == 2
    assert retrospective.snapshot["editorial"]["introduction"].startswith("Von Juni bis Oktober")
    assert client.get("/retrospectives/2013").status_code == 200
    assert client.get("/retrospectives/2014").status_code == 404
