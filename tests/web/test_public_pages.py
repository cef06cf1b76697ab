"""Event detail, active filters on /events, projects, regions, the Atom feed, /subscribe."""

import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from actiondays.extensions import db
from actiondays.models import Campaign, FeedAlias, Project, ProjectPartner, Region, Theme
from tests.conftest import html, text_of
from tests.icalcheck import parse_feed

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def make_project(seeded):
    """Factory for committed projects; defaults give a published project in Hannover."""

    def _make(**overrides) -> Project:
        themes = overrides.pop("themes", ["bildung"])
        region_slug = overrides.pop("region_slug", "region-hannover")
        years = overrides.pop("years", [2013])
        values = {
            "name": "Lesepaten",
            "organisation": "Kinderschutzbund",
            "region": db.session.scalar(select(Region).where(Region.slug == region_slug)),
            "status": "published",
            "themes": list(db.session.scalars(select(Theme).where(Theme.slug.in_(themes)))),
            "campaigns": list(db.session.scalars(select(Campaign).where(Campaign.year.in_(years)))),
        }
        values.update(overrides)
        project = Project(**values)
        db.session.add(project)
        db.session.commit()
        return project

    return _make


# /events: active filters


def test_active_filters_are_listed_with_links_that_remove_them(client, seeded):
    page = html(client.get("/events?year=2013&region=emden&region=landkreis-goslar&theme=bildung"))
    chips = {text_of(li.span): li.a["href"] for li in page.select(".chips li") if li.span}
    assert set(chips) == {
        "Jahr: 2013",
        "Region: Emden",
        "Region: Landkreis Goslar",
        "Thema: Bildung",
    }
    assert parse_qs(urlsplit(chips["Region: Emden"]).query) == {
        "year": ["2013"],
        "region": ["landkreis-goslar"],
        "theme": ["bildung"],
    }
    assert "year" not in parse_qs(urlsplit(chips["Jahr: 2013"]).query)


def test_no_filter_list_without_filters(client, seeded):
    assert html(client.get("/events")).select_one(".chips") is None


def test_repeated_region_filter_shows_both_regions(client, make_event):
    make_event(title="Hannover")
    make_event(title="Emden", region_slug="emden")
    make_event(title="Goslar", region_slug="landkreis-goslar")
    page = html(client.get("/events?region=emden&region=region-hannover"))
    titles = sorted(text_of(a) for a in page.select(".event-card .event-title a"))
    assert titles == ["Emden", "Hannover"]


def test_kind_filter_on_events_page(client, make_event):
    make_event(title="Aktionstag")
    make_event(title="Werkstatt", kind="ideas_workshop")
    page = html(client.get("/events?kind=ideas_workshop"))
    assert [text_of(a) for a in page.select(".event-card .event-title a")] == ["Werkstatt"]


def test_events_page_links_to_matching_feed(client, seeded):
    page = html(client.get("/events?region=emden&theme=bildung"))
    link = page.select_one("link[type='text/calendar']")["href"]
    assert link == "/calendar.ics?region=emden&theme=bildung"


# /events/<id>


def _json_ld(page) -> dict:
    return json.loads(page.select_one("script[type='application/ld+json']").string)


def test_event_page_has_schema_org_event(client, make_event):
    event = make_event(venue_street="Hildesheimer Str. 12", latitude=52.37, longitude=9.73)
    data = _json_ld(html(client.get(f"/events/{event.id}")))
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"] == "2013-06-15T10:00:00+02:00"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Hildesheimer Str. 12",
        "postalCode": "30159",
        "addressLocality": "Hannover",
        "addressRegion": "Niedersachsen",
        "addressCountry": "DE",
    }
    assert data["location"]["geo"]["latitude"] == 52.37


def test_cancelled_event_has_cancelled_event_status(client, make_event):
    event = make_event(status="cancelled", cancellation_reason="Krankheit")
    page = html(client.get(f"/events/{event.id}"))
    assert _json_ld(page)["eventStatus"] == "https://schema.org/EventCancelled"
    assert text_of(page.h1).startswith("Abgesagt:")


def test_json_ld_cannot_break_out_of_its_script(client, make_event):
    event = make_event(title="</script><script>alert(1)</script>")
    page = html(client.get(f"/events/{event.id}"))
    assert _json_ld(page)["name"] == "</script><script>alert(1)</script>"
    assert len(page.find_all("script")) == 1


def test_event_page_has_open_graph_tags(client, make_event):
    event = make_event()
    page = html(client.get(f"/events/{event.id}"))
    og = {m["property"]: m["content"] for m in page.select("meta[property^='og:']")}
    assert og["og:title"] == event.title
    assert og["og:url"] == f"http://actiondays.test/events/{event.id}"
    assert og["og:locale"] == "de_DE"
    assert "Hannover" in og["og:description"]


def test_event_page_links_to_openstreetmap(client, make_event):
    event = make_event(latitude=52.37, longitude=9.73)
    link = html(client.get(f"/events/{event.id}")).select_one("a[href*=openstreetmap]")
    assert "OpenStreetMap" in text_of(link)
    assert link["href"].startswith("https://www.openstreetmap.org/?mlat=52.37&mlon=9.73")


def test_event_page_has_no_third_party_embeds(client, make_event):
    event = make_event(latitude=52.37, longitude=9.73)
    page = html(client.get(f"/events/{event.id}"))
    assert page.find("iframe") is None
    assert all(not s.get("src") for s in page.find_all("script"))
    assert all(link["href"].startswith("/") for link in page.select("link[rel=stylesheet]"))


def _next_june() -> date:
    """15 June of next year: an upcoming summer day (Berlin is UTC+2 then)."""
    return date(datetime.now(UTC).year + 1, 6, 15)


def test_add_to_calendar_links(client, make_event, open_campaign):
    day = _next_june()
    event = make_event(day=day, campaign=open_campaign)
    section = html(client.get(f"/events/{event.id}")).select_one(".add-to-calendar")
    hrefs = [a["href"] for a in section.select("a")]
    assert hrefs[0] == f"/events/{event.id}.ics"
    google = parse_qs(urlsplit(hrefs[1]).query)
    assert google["dates"] == [f"{day:%Y%m%d}T080000Z/{day:%Y%m%d}T120000Z"]
    assert google["text"] == [event.title]
    outlook = parse_qs(urlsplit(hrefs[2]).query)
    assert outlook["startdt"] == [f"{day.isoformat()}T08:00:00Z"]
    assert outlook["allday"] == ["false"]


def test_add_to_calendar_links_for_all_day_event(client, make_event, open_campaign):
    day = _next_june()
    event = make_event(all_day=True, day=day, campaign=open_campaign)
    section = html(client.get(f"/events/{event.id}")).select_one(".add-to-calendar")
    hrefs = [a["href"] for a in section.select("a")]
    assert parse_qs(urlsplit(hrefs[1]).query)["dates"] == [f"{day:%Y%m%d}/{day:%Y}0616"]
    assert parse_qs(urlsplit(hrefs[2]).query)["enddt"] == [f"{day:%Y}-06-16"]


def test_past_event_says_how_it_went_instead_of_offering_the_calendar(client, make_event):
    from actiondays.models import Report

    reported = make_event(title="Lesefest")
    db.session.add(Report(event=reported, participants=40, partner_organisations=2))
    unreported = make_event(title="Spielefest")
    db.session.commit()
    page = html(client.get(f"/events/{reported.id}"))
    assert page.select_one(".add-to-calendar") is None
    past = page.select_one(".event-past")
    assert text_of(past.h2) == "So war es"
    assert text_of(past.select_one(".event-outcome")) == (
        "40 Personen nahmen teil · 2 Partnerorganisationen"
    )
    waiting = html(client.get(f"/events/{unreported.id}")).select_one(".event-past")
    assert "Bericht liegt noch nicht vor" in text_of(waiting)


# projects and regions


def test_projects_list_shows_public_projects_only(client, make_project):
    make_project(name="Öffentlich")
    make_project(name="Abgesagt", status="cancelled")
    for status in ("draft", "submitted", "rejected"):
        make_project(name=f"Intern {status}", status=status)
    page = html(client.get("/projects"))
    assert sorted(text_of(a) for a in page.select(".event-title a")) == ["Abgesagt", "Öffentlich"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=emden", ["Emden"]),
        ("theme=gesundheit", ["Emden"]),
        ("year=2014", ["Hannover"]),
        ("q=kinderschutz", ["Hannover"]),
        ("region=emden&year=2014", []),
    ],
)
def test_project_filters(client, make_project, query, expected):
    make_project(name="Hannover", years=[2013, 2014])
    make_project(
        name="Emden",
        region_slug="emden",
        themes=["gesundheit"],
        organisation="Diakonie",
    )
    page = html(client.get(f"/projects?{query}"))
    assert sorted(text_of(a) for a in page.select(".event-title a")) == expected


def test_project_page_shows_partners_and_its_public_events(client, make_project, make_event):
    project = make_project()
    db.session.add(ProjectPartner(project=project, name="Stadtbibliothek"))
    db.session.commit()
    make_event(title="Vorlesen", project=project)
    make_event(title="Entwurf", project=project, status="draft")
    page = html(client.get(f"/projects/{project.id}"))
    assert text_of(page.h1) == "Lesepaten"
    assert "Stadtbibliothek" in text_of(page.select_one("main"))
    assert [text_of(a) for a in page.select(".event-title a")] == ["Vorlesen"]


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_unpublished_project_is_404(client, make_project, status):
    project = make_project(status=status)
    assert client.get(f"/projects/{project.id}").status_code == 404


def test_regions_page_counts_public_events_and_projects(client, make_event, make_project):
    make_event()
    make_event(status="draft")
    make_project()
    page = html(client.get("/regions"))
    row = next(tr for tr in page.select("tbody tr") if text_of(tr.th).startswith("Region Hannover"))
    assert [text_of(td) for td in row.select("td")] == ["1", "1"]


def test_region_page_shows_its_events_and_projects(client, make_event, make_project):
    make_event(title="Hier")
    make_event(title="Dort", region_slug="emden")
    make_project(name="Projekt hier")
    page = html(client.get("/regions/region-hannover"))
    assert text_of(page.h1) == "Region Hannover"
    assert [text_of(a) for a in page.select(".event-title a")] == ["Hier"]
    assert "Projekt hier" in text_of(page.select_one("#projects-heading").parent)


def test_unknown_region_is_404(client, seeded):
    assert client.get("/regions/atlantis").status_code == 404


# Atom


def test_atom_feed_lists_newly_published_public_events(client, make_event):
    make_event(title="Alt")
    make_event(title="Neu")
    make_event(title="Entwurf", status="draft")
    response = client.get("/events.atom")
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.data)  # noqa: S314 - our own response
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert sorted(titles) == ["Alt", "Neu"]
    assert all(
        e.findtext(f"{ATOM}id").startswith("urn:uuid:") for e in root.findall(f"{ATOM}entry")
    )
    again = client.get("/events.atom", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


# /subscribe


def test_subscribe_shows_https_and_webcal_links_and_a_qr_code(client, seeded):
    page = html(client.get("/subscribe?region=emden&theme=bildung"))
    https = page.select_one("a.https-link")["href"]
    webcal = page.select_one("a.webcal-link")["href"]
    assert https == "http://actiondays.test/calendar.ics?region=emden&theme=bildung"
    assert webcal == "webcal://actiondays.test/calendar.ics?region=emden&theme=bildung"
    assert page.select_one("#feed-url")["value"] == https
    svg = page.select_one("figure.qr svg")
    assert svg["role"] == "img"
    assert svg.title.string == "QR-Code des Kalenderlinks"
    assert text_of(page.select_one(".feed-name")) == "Aktionstage – Emden – Bildung"


def test_subscribe_explains_each_calendar_app_and_refresh_delays(client, seeded):
    page = html(client.get("/subscribe"))
    headings = [text_of(h) for h in page.select(".instructions h3")]
    assert headings == [
        "Google Kalender",
        "Outlook",
        "Apple Kalender (iPhone, iPad, Mac)",
        "Thunderbird",
    ]
    assert "8 bis 24 Stunden" in text_of(page.select_one(".instructions"))


def test_long_filter_combination_gets_a_short_stable_alias(client, make_event):
    make_event(title="Treffer", region_slug="emden")
    query = (
        "region=emden&region=landkreis-goslar&region=region-hannover&theme=bildung&theme=gesundheit"
    )
    first = html(client.get(f"/subscribe?{query}")).select_one("a.https-link")["href"]
    second = html(client.get(f"/subscribe?{query}")).select_one("a.https-link")["href"]
    assert first == second
    path = urlsplit(first).path
    assert path.startswith("/f/")
    assert len(first) < 50
    assert db.session.scalar(select(FeedAlias.query)) == (
        "region=emden&region=landkreis-goslar&region=region-hannover&theme=bildung&theme=gesundheit"
    )
    aliased = client.get(path)
    direct = client.get(f"/calendar.ics?{query}")
    assert aliased.data == direct.data
    assert aliased.headers["ETag"] == direct.headers["ETag"]
    first_parse, second_parse = parse_feed(aliased.data)
    assert second_parse.name == [
        "Aktionstage – Emden – Landkreis Goslar – Region Hannover – Bildung – Gesundheit"
    ]


def test_unknown_alias_is_404(client, seeded):
    assert client.get("/f/0123456789.ics").status_code == 404


def test_subscribe_link_uses_the_default_window_unless_a_year_is_chosen(client, seeded):
    page = html(client.get("/subscribe"))
    assert "year" not in page.select_one("a.https-link")["href"]
    choice = page.select_one("form select#year")
    assert choice.select_one("option")["value"] == ""
    assert choice.select_one("option[selected]") is None  # the current window by default
    assert "2013" in [option["value"] for option in choice.select("option")]
    chosen = html(client.get("/subscribe?year=2013"))
    assert "year=2013" in chosen.select_one("a.https-link")["href"]
    assert chosen.select_one("select#year option[selected]")["value"] == "2013"
    assert "2013" in text_of(chosen.select_one(".feed-name"))


def test_projects_page_query_count_does_not_grow(client, make_project, count_queries):
    make_project(name="Eins", themes=["bildung", "gesundheit"])
    with count_queries() as few:
        client.get("/projects")
    for number in range(4):
        make_project(name=f"P{number}", themes=["bildung", "gesundheit"], years=[2013, 2014])
    with count_queries() as many:
        client.get("/projects")
    assert many.count == few.count <= 7


def test_regions_page_query_count_is_constant(client, make_event, count_queries):
    make_event()
    with count_queries() as counted:
        client.get("/regions")
    assert counted.count <= 2
