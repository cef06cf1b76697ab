"""The one list of pages the phone-width browser test visits (add new pages here).

Paths may contain `{event}`, `{project}`, `{cancelled_event}`, `{own_event}` and `{user}`;
they are filled from the demo data (created for 24 Nov 2026) by `page_ids`.
"""

from datetime import date

DEMO_TODAY = date(2026, 11, 24)

PUBLIC_PAGES = [
    "/",
    "/events",
    "/events?year=2013&theme=bildung",
    "/events?page=99",
    "/events/{event}",
    "/events/{cancelled_event}",
    "/calendar",
    "/calendar?year=2013&month=9",
    "/subscribe",
    "/subscribe?region=region-hannover&theme=bildung",
    "/projects",
    "/projects/{project}",
    "/regions",
    "/regions/region-hannover",
    "/retrospectives",
    "/retrospectives/2013",
    "/login",
    "/register",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/kontakt",
    "/ueber",
    "/leichte-sprache",
    "/map",
    "/api/v1/",
    "/indicators",
    "/indicators/child_poverty_rate_demo?year=2013",
    "/regions/landkreis-goettingen",
    "/password/forgot",
]

# Working-area pages per demo account (role).
AREA_PAGES = {
    "hannover@example.org": [
        "/manage/",
        "/manage/events/new",
        "/manage/events/{own_event}",
        "/manage/events/{own_event}/edit",
        "/manage/projects/new",
        "/manage/import",
        "/account/password",
        "/account/notifications",
        "/account/data",
        "/funding/",
    ],
    "pruefung@example.org": [
        "/review/",
        "/review/accounts",
        "/review/retrospectives",
        "/review/retrospectives/2014",
        "/review/retrospectives/2013/preview",
        "/manage/events/{event}",
        "/review/indicators/",
        "/review/indicators/import",
    ],
    "admin@example.org": [
        "/admin/",
        "/account/two-factor",
        "/account/two-factor/setup",
        "/admin/users",
        "/admin/users/{user}",
        "/admin/campaigns",
        "/admin/themes",
        "/admin/regions",
        "/admin/pages",
        "/admin/mail",
        "/admin/invite",
        "/admin/funding/",
        "/admin/funding/programmes/{funding_programme}/edit",
        "/admin/funding/calls/{funding_call}/edit",
    ],
}


def page_ids() -> dict[str, int]:
    """Ids of demo objects that the page lists refer to."""
    from sqlalchemy import select

    from actiondays.extensions import db
    from actiondays.models import Event, FundingCall, Project, Region, User

    hannover = db.session.scalar(select(Region.id).where(Region.slug == "region-hannover"))
    return {
        "event": db.session.scalar(
            select(Event.id).where(Event.status == "published").order_by(Event.id)
        ),
        "cancelled_event": db.session.scalar(
            select(Event.id).where(Event.status == "cancelled").order_by(Event.id)
        ),
        "own_event": db.session.scalar(
            select(Event.id)
            .where(Event.region_id == hannover, Event.status == "draft")
            .order_by(Event.id)
        ),
        "project": db.session.scalar(
            select(Project.id).where(Project.status == "published").order_by(Project.id)
        ),
        "user": db.session.scalar(select(User.id).where(User.status == "pending")),
        "funding_call": db.session.scalar(select(FundingCall.id).order_by(FundingCall.id)),
        "funding_programme": db.session.scalar(
            select(FundingCall.programme_id).order_by(FundingCall.id)
        ),
    }
