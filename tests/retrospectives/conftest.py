"""A small, hand-computed retrospective fixture (2012, plus one project also in 2013)."""

from datetime import date

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import (
    Campaign,
    EventKind,
    Project,
    ProjectPartner,
    Region,
    Report,
    ReviewState,
)


def _campaign(year: int) -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.year == year))


def _region(slug: str) -> Region:
    return db.session.scalar(select(Region).where(Region.slug == slug))


def _report(event, participants, children, volunteers, partners) -> None:
    db.session.add(
        Report(
            event=event,
            participants=participants,
            children_reached=children,
            volunteers=volunteers,
            partner_organisations=partners,
        )
    )


def _project(name, years, status, continues, partners, region="region-hannover") -> Project:
    project = Project(
        name=name,
        organisation="Kinderschutzbund",
        region=_region(region),
        campaigns=[_campaign(y) for y in years],
        status=status.value,
        continues_after_campaign=continues,
        partners=[ProjectPartner(name=p) for p in partners],
    )
    db.session.add(project)
    return project


@pytest.fixture
def campaign_2012(make_event) -> Campaign:
    """2012 by hand (expected figures in the tests):

    - action day Hannover, Bildung, June, report 100/60/10/3
    - action day Göttingen (district until 2016), Bildung+Gesundheit, July, report 50/20/5/2
    - action day Hannover, Teilhabe, July, no report
    - cancelled action day Braunschweig with a report (never counted)
    - statewide ideas workshop, Vernetzung, April, report 80/0/4/1
    - draft action day Osnabrück (never counted)
    - projects: "Lesepaten" 2012+2013 continuing, partners Jobcenter, Tafel;
      "Mittagstisch" 2012 not continuing, partners " jobcenter", Kirche;
      "Entwurf" 2012 submitted (never counted); "Spielmobil" 2013 only, sustainability unknown
    """
    first = make_event(day=date(2012, 6, 10), themes=["bildung"])
    _report(first, 100, 60, 10, 3)
    second = make_event(
        day=date(2012, 7, 3),
        themes=["bildung", "gesundheit"],
        region_slug="landkreis-goettingen-bis-2016",
    )
    _report(second, 50, 20, 5, 2)
    make_event(day=date(2012, 7, 20), themes=["teilhabe"])
    cancelled = make_event(
        day=date(2012, 8, 1),
        region_slug="braunschweig",
        status=ReviewState.CANCELLED.value,
        cancellation_reason="Krankheit",
    )
    _report(cancelled, 999, 999, 999, 999)
    workshop = make_event(
        day=date(2012, 4, 20),
        year=2012,
        kind=EventKind.IDEAS_WORKSHOP.value,
        region=None,
        themes=["vernetzung"],
        title="Ideenwerkstatt 2012",
    )
    _report(workshop, 80, 0, 4, 1)
    make_event(day=date(2012, 9, 5), region_slug="osnabrueck", status=ReviewState.DRAFT.value)
    _project("Lesepaten", [2012, 2013], ReviewState.PUBLISHED, True, ["Jobcenter", "Tafel"])
    _project("Mittagstisch", [2012], ReviewState.PUBLISHED, False, [" jobcenter", "Kirche"])
    _project("Entwurf", [2012], ReviewState.SUBMITTED, True, ["Geheim"])
    _project("Spielmobil", [2013], ReviewState.PUBLISHED, None, ["Sportbund"])
    db.session.commit()
    return _campaign(2012)


@pytest.fixture
def campaign_2017(seeded) -> Campaign:
    """A 2017 campaign (after the Göttingen merger of 1 November 2016)."""
    campaign = Campaign(
        year=2017,
        title="Aktionstage gegen Kinderarmut 2017",
        registration_opens_on=date(2017, 1, 1),
        registration_closes_on=date(2017, 8, 31),
        action_starts_on=date(2017, 6, 1),
        action_ends_on=date(2017, 10, 31),
    )
    db.session.add(campaign)
    db.session.commit()
    return campaign


@pytest.fixture
def publish_year(make_user):
    """Publish a year's retrospective as a reviewer (through the service) and commit."""
    from actiondays.models import Role
    from actiondays.services import retrospectives

    reviewer = make_user(Role.REVIEWER, (), email="ministerium@example.org", name="Paula Prüfer")

    def _publish(year: int, introduction: str = "Ein gutes Jahr.", closing: str = ""):
        campaign = _campaign(year)
        retrospectives.update_text(campaign, reviewer, introduction, closing)
        retrospective = retrospectives.publish(campaign, reviewer)
        db.session.commit()
        return retrospective

    return _publish
