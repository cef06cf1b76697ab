"""Public lists that do not strand a visitor: upcoming/past sections, empty calendar months,
statewide events, search over descriptions, year choices, pages beyond the end."""

from datetime import date, timedelta

from actiondays.db import utcnow
from actiondays.extensions import db
from actiondays.models import Report
from actiondays.models.event import BERLIN
from tests.conftest import html, text_of


def _today() -> date:
    return utcnow().astimezone(BERLIN).date()


def test_events_list_shows_upcoming_and_past_in_separate_sections(client, make_event):
    soon = _today() + timedelta(days=30)
    make_event(title="Bald", day=soon, year=2014)
    make_event(title="Später", day=soon + timedelta(days=30), year=2014)
    make_event(title="Früher", day=date(2012, 6, 1))
    make_event(title="Zuletzt", day=date(2013, 6, 1))
    page = html(client.get("/events"))
    upcoming = page.select_one("section[aria-labelledby=upcoming-heading]")
    past = page.select_one("section[aria-labelledby=past-heading]")
    assert [text_of(t) for t in upcoming.select(".event-title")] == ["Bald", "Später"]
    assert [text_of(t) for t in past.select(".event-title")] == ["Zuletzt", "Früher"]
    assert text_of(upcoming.h2) == "Kommende Veranstaltungen (2)"
    assert text_of(past.h2) == "Vergangene Veranstaltungen (2)"


def test_past_event_card_shows_its_reported_figures(client, make_event):
    event = make_event(title="Lesefest")
    db.session.add(Report(event=event, participants=1, partner_organisations=3))
    db.session.commit()
    card = html(client.get("/events")).select_one(".past-events .event-card")
    outcome = text_of(card.select_one(".event-outcome"))
    assert outcome == "1 Person nahm teil · 3 Partnerorganisationen"


def test_year_filter_is_a_select_of_the_campaign_years(client, seeded):
    select = html(client.get("/events")).select_one("select#year")
    values = [option["value"] for option in select.select("option")]
    assert values == ["", "2014", "2013", "2012", "2011", "2010"]


def test_page_beyond_the_end_says_so_and_links_to_page_one(client, make_event):
    make_event(title="Lesefest")
    page = html(client.get("/events?page=99"))
    empty = page.select_one(".empty")
    assert "Eine Seite 99 gibt es nicht." in text_of(empty)
    assert "noch nichts veröffentlicht" not in text_of(page).lower()
    assert empty.a["href"].endswith("page=1")


def test_statewide_events_can_be_filtered(client, make_event):
    make_event(title="Landesweite Ideenwerkstatt", kind="ideas_workshop", region=None)
    make_event(title="Lesefest")
    page = html(client.get("/events?region=landesweit"))
    titles = [text_of(t) for t in page.select(".event-title")]
    assert titles == ["Landesweite Ideenwerkstatt"]
    assert "landesweit" in text_of(page.select_one(".chips"))


def test_search_finds_words_in_descriptions_and_organisers(client, make_event):
    make_event(title="Fest A", description="Mit Zirkusworkshop")
    make_event(title="Fest B", organisation="Kinderschutzbund Celle")
    make_event(title="Fest C")

    def found(q):
        return [text_of(t) for t in html(client.get(f"/events?q={q}")).select(".event-title")]

    assert found("zirkus") == ["Fest A"]
    assert found("kinderschutzbund") == ["Fest B"]


def test_page_title_names_the_active_filters(client, make_event):
    make_event()
    page = html(client.get("/events?theme=bildung&year=2013"))
    assert text_of(page.title).startswith("Veranstaltungen: Jahr: 2013, Thema: Bildung")


def test_empty_calendar_month_links_to_the_next_and_previous_month_with_events(client, make_event):
    make_event(title="Lesefest", day=date(2013, 6, 15))
    make_event(title="Herbstfest", day=date(2013, 10, 2))
    page = html(client.get("/calendar?year=2013&month=8"))
    notice = page.select_one(".month-empty")
    assert "Keine Veranstaltungen im August 2013" in text_of(notice)
    assert notice.select_one("a.next-with-events")["href"] == "/calendar?year=2013&month=10"
    assert notice.select_one("a.previous-with-events")["href"] == "/calendar?year=2013&month=6"
    assert "Oktober 2013" in text_of(notice.select_one("a.next-with-events"))


def test_empty_calendar_month_keeps_the_filters_in_its_links(client, make_event):
    make_event(title="Lesefest", day=date(2013, 6, 15), themes=["gesundheit"])
    make_event(title="Anderes", day=date(2013, 9, 1), themes=["bildung"])
    page = html(client.get("/calendar?year=2013&month=8&theme=gesundheit"))
    assert page.select_one("a.next-with-events") is None
    link = page.select_one("a.previous-with-events")["href"]
    assert "theme=gesundheit" in link
    assert "month=6" in link


def test_calendar_has_a_month_and_year_picker(client, seeded):
    page = html(client.get("/calendar?year=2013&month=6"))
    picker = page.select_one("form.month-picker")
    assert picker.select_one("#pick-month option[selected]")["value"] == "6"
    assert picker.select_one("#pick-year option[selected]")["value"] == "2013"
    assert picker.select_one("label[for=pick-month]") is not None
    moved = html(client.get("/calendar?month=2&year=2011"))
    assert text_of(moved.h1) == "Kalender: Februar 2011"


def test_project_cards_show_a_summary_and_project_themes_are_links(client, seeded):
    from actiondays.models import Project
    from tests.conftest import campaign, region, theme

    project = Project(
        name="Lernpaten",
        organisation="Verein",
        description="Ehrenamtliche helfen Kindern bei den Hausaufgaben.",
        region=region("region-hannover"),
        themes=[theme("bildung")],
        campaigns=[campaign(2013)],
        status="published",
    )
    db.session.add(project)
    db.session.commit()
    card = html(client.get("/projects")).select_one(".event-card")
    assert "Hausaufgaben" in text_of(card.select_one(".project-summary"))
    page = html(client.get(f"/projects/{project.id}"))
    assert page.find("a", string="Bildung")["href"] == "/projects?theme=bildung"


def test_regions_page_leads_to_the_statewide_events(client, seeded):
    page = html(client.get("/regions"))
    assert page.find("a", href="/events?region=landesweit") is not None
