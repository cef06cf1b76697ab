"""`flask seed` and `flask demo`: idempotent reference data, deterministic demo content."""

from datetime import date

from sqlalchemy import func, select

from actiondays.demo import create_demo_data
from actiondays.extensions import db
from actiondays.models import Campaign, Event, Project, Region, Report, Theme, User


def _counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Region, Theme, Campaign)
    }


def test_seed_loads_regions_themes_and_campaigns(runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert _counts() == {"Region": 47, "Theme": 4, "Campaign": 5}


def test_seed_twice_changes_nothing(runner):
    runner.invoke(args=["seed"])
    before = db.session.execute(select(Region.ags, Region.name, Region.valid_to)).all()
    result = runner.invoke(args=["seed"])
    assert "0 created, 0 updated" in result.output
    assert _counts() == {"Region": 47, "Theme": 4, "Campaign": 5}
    assert db.session.execute(select(Region.ags, Region.name, Region.valid_to)).all() == before


def test_seed_restores_a_changed_reference_row(runner):
    runner.invoke(args=["seed"])
    theme = db.session.scalar(select(Theme).where(Theme.slug == "bildung"))
    theme.name_de = "Verändert"
    db.session.commit()
    result = runner.invoke(args=["seed"])
    assert "0 created, 1 updated" in result.output
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).name_de == "Bildung"


def test_merged_goettingen_districts_have_validity(seeded):
    by_ags = {r.ags: r for r in db.session.scalars(select(Region))}
    assert by_ags["03152"].valid_to == date(2016, 10, 31)
    assert by_ags["03156"].valid_to == date(2016, 10, 31)
    assert by_ags["03159"].valid_from == date(2016, 11, 1)
    on_2012 = [r for r in by_ags.values() if r.is_valid_on(date(2012, 9, 1))]
    on_2017 = [r for r in by_ags.values() if r.is_valid_on(date(2017, 9, 1))]
    assert len(on_2012) == 46
    assert len(on_2017) == 45
    assert all(r.latitude and r.longitude for r in by_ags.values())


def test_known_historic_campaign_dates(seeded):
    years = {c.year: c for c in db.session.scalars(select(Campaign))}
    assert (years[2010].action_starts_on, years[2010].action_ends_on) == (
        date(2010, 9, 13),
        date(2010, 9, 20),
    )
    assert (years[2013].action_starts_on, years[2013].action_ends_on) == (
        date(2013, 6, 1),
        date(2013, 10, 20),
    )
    assert years[2014].motto == "Vernetzung und Nachhaltigkeit"
    assert years[2014].action_ends_on == date(2014, 10, 5)
    assert "Annahmen" in years[2011].notes


def test_demo_creates_rich_content(runner):
    result = runner.invoke(args=["demo", "--today", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Event)) >= 250
    assert db.session.scalar(select(func.count()).select_from(Project)) >= 20
    assert db.session.scalar(select(func.count()).select_from(Report)) >= 100
    statuses = set(db.session.scalars(select(Event.status).distinct()))
    assert statuses == {"draft", "submitted", "published", "rejected", "cancelled"}
    assert set(db.session.scalars(select(User.role).distinct())) == {
        "admin",
        "reviewer",
        "organiser",
    }
    years = set(db.session.scalars(select(Campaign.year).join(Event.campaign).distinct()))
    assert {2010, 2011, 2012, 2013, 2014, 2027} <= years


def test_demo_twice_changes_nothing(runner):
    runner.invoke(args=["demo", "--today", "2026-11-24"])
    count = db.session.scalar(select(func.count()).select_from(Event))
    result = runner.invoke(args=["demo", "--today", "2026-11-24"])
    assert result.exit_code == 0
    assert "already present" in result.output
    assert db.session.scalar(select(func.count()).select_from(Event)) == count


def _fingerprint():
    return db.session.execute(
        select(
            Event.uid,
            Event.title,
            Event.status,
            Event.starts_on,
            Event.starts_at,
            Event.region_id,
            Event.updated_at,
        ).order_by(Event.uid)
    ).all()


def test_demo_is_deterministic(app, seeded):
    create_demo_data(date(2026, 11, 24))
    first = _fingerprint()
    db.session.rollback()
    create_demo_data(date(2026, 11, 24))
    assert _fingerprint() == first


def test_demo_is_refused_in_production(runner, app):
    app.config["ALLOW_DEMO_DATA"] = False
    try:
        result = runner.invoke(args=["demo"])
    finally:
        app.config["ALLOW_DEMO_DATA"] = True
    assert result.exit_code == 1
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
